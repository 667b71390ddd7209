"""Texts and calls through the real twilio SDK, against the local fake Twilio (PROMISES 7,
14 and 25): what Twilio receives, what we record, and how its errors are handled."""

from __future__ import annotations

import pytest
from django.conf import settings

from assistant.engine.actions import (
    action_approve,
    action_check,
    action_execute,
    action_propose,
)
from assistant.models import Action, AuditEvent
from contacts.models import Contact
from messaging.models import Message, OptOut, TeamNumber
from messaging.providers.twilio import twilio_client
from tests.conftest import TEAM_NUMBER
from tests.helpers import free_port

from .conftest import BOB_PHONE, signed_post

pytestmark = pytest.mark.django_db


def approved(task, principal, tool="send_sms", **args):
    args = args or {"to": BOB_PHONE, "body": "Running 10 minutes late"}
    action = action_propose(task=task, tool=tool, args=args)
    return action_approve(action=action, user=principal, via="web", digest=action.decided_digest)


@pytest.fixture
def sms(task, principal, bob, no_quiet_hours, real_providers):
    return approved(task, principal)


def test_an_approved_text_reaches_twilio_once_with_our_callback_and_is_recorded(
    sms, real_providers
):
    assert action_execute(action_id=sms.pk).status == "succeeded"
    assert action_execute(action_id=sms.pk).status == "skipped"  # a second run sends nothing

    [sent] = real_providers.messages()
    assert sent["To"] == BOB_PHONE
    assert sent["From"] == TEAM_NUMBER
    assert sent["Body"] == "Running 10 minutes late"
    assert (
        sent["StatusCallback"]
        == f"http://testserver/webhooks/twilio/status?key={sms.idempotency_key}"
    )
    message = Message.objects.get(action=sms)
    assert message.provider == "twilio"
    assert message.provider_id == real_providers.created()[0].sid
    assert (message.status, message.segments, message.sender) == ("queued", 1, TEAM_NUMBER)


def test_a_text_goes_out_from_the_teams_own_number(task, principal, bob, team, no_quiet_hours,
                                                   real_providers):  # fmt: skip
    TeamNumber.objects.create(team=team, number="+14155550100")
    action_execute(action_id=approved(task, principal).pk)
    assert real_providers.messages()[0]["From"] == "+14155550100"


def test_a_messaging_service_sends_when_the_team_has_no_number(sms, real_providers, settings):
    settings.TWILIO_FROM_NUMBER = ""
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    action_execute(action_id=sms.pk)
    sent = real_providers.messages()[0]
    assert sent["MessagingServiceSid"] == "MG" + "1" * 32
    assert "From" not in sent


def test_a_long_unicode_text_records_the_segments_twilio_bills(task, principal, bob,
                                                              no_quiet_hours, real_providers):  # fmt: skip
    action = approved(task, principal, to=BOB_PHONE, body="Désolé, j'arrive 🙏 " * 6)
    action_execute(action_id=action.pk)
    assert Message.objects.get(action=action).segments == 2


def test_an_invalid_number_fails_at_once_with_twilios_reason_and_no_retry(
    sms, real_providers, django_capture_on_commit_callbacks
):
    real_providers.script("21211")
    with django_capture_on_commit_callbacks() as enqueued:
        assert action_execute(action_id=sms.pk).status == "failed"
    sms.refresh_from_db()
    assert (sms.status, sms.error_code, sms.attempts) == ("failed", "INVALID_NUMBER", 1)
    assert "not a valid phone number" in sms.error_message
    assert enqueued == []  # never retried
    assert Message.objects.get(action=sms).status == "failed"


def test_an_unsubscribed_recipient_is_opted_out_and_the_next_text_is_denied(
    sms, real_providers, task, principal, bob
):
    real_providers.script("21610")
    assert action_execute(action_id=sms.pk).status == "failed"
    sms.refresh_from_db()
    assert sms.error_code == "OPTED_OUT"
    assert OptOut.objects.filter(number=BOB_PHONE, source="provider").exists()
    assert Contact.objects.get(pk=bob.pk).sms_opted_out

    again = action_propose(task=task, tool="send_sms", args={"to": BOB_PHONE, "body": "Hi"})
    assert (again.status, again.error_code) == ("denied", "OPTED_OUT")
    assert len(real_providers.created()) == 0


@pytest.mark.parametrize("outcome", ["429", "500", "503"])
def test_a_busy_or_failing_twilio_is_retried_later(
    sms, real_providers, outcome, django_capture_on_commit_callbacks
):
    real_providers.script(outcome)
    with django_capture_on_commit_callbacks() as enqueued:
        assert action_execute(action_id=sms.pk).status == "retrying"
    sms.refresh_from_db()
    assert (sms.status, sms.error_code) == ("approved", "PROVIDER_BUSY")
    assert len(enqueued) == 1
    retry = AuditEvent.objects.filter(action=sms, event="retrying").get()
    assert retry.details["permanent"] is False

    assert action_execute_after_hold(sms) == "succeeded"  # Twilio is back
    assert len(real_providers.messages()) == 1


def action_execute_after_hold(action: Action) -> str:
    Action.objects.filter(pk=action.pk).update(run_after=None)
    return action_execute(action_id=action.pk).status


def checks_until_settled(action: Action) -> list[str]:
    """Run the bounded checks of an action whose send may have happened, as the jobs would."""
    outcomes = []
    for check in range(1, settings.UNKNOWN_OUTCOME_CHECKS + 1):
        outcomes.append(action_check(action_id=action.pk, check=check).status)
        if outcomes[-1] != "unknown":
            break
    return outcomes


def test_a_timeout_after_sending_is_unknown_and_nothing_is_sent_again_before_twilio_is_asked(
    sms, real_providers, django_capture_on_commit_callbacks
):
    real_providers.script("late")  # Twilio creates the text, then answers after our timeout
    with django_capture_on_commit_callbacks() as enqueued:
        assert action_execute(action_id=sms.pk).status == "unknown"
    real_providers.release()
    sms.refresh_from_db()
    assert (sms.status, sms.error_code) == ("executing", "PROVIDER_OUTCOME_UNKNOWN")
    assert len(enqueued) == 1  # the check, never a retry
    assert action_execute(action_id=sms.pk).status == "skipped"

    assert checks_until_settled(sms) == ["recovered"]  # found in Twilio's list of messages
    sms.refresh_from_db()
    assert (sms.status, sms.error_code) == ("succeeded", "")
    assert len(real_providers.messages()) == 1  # one text to the recipient
    assert AuditEvent.objects.filter(action=sms, event="outcome_unknown").count() == 1


def test_a_status_callback_carrying_our_key_proves_a_late_text_was_created(
    sms, real_providers, client
):
    real_providers.script("late")
    assert action_execute(action_id=sms.pk).status == "unknown"
    real_providers.release()
    (created,) = real_providers.created("message")
    callback = created.params["StatusCallback"]
    path = callback.removeprefix("http://testserver")
    assert signed_post(client, path, {"MessageSid": created.sid, "MessageStatus": "sent"},
                       token=real_providers.auth_token).status_code == 200  # fmt: skip
    message = Message.objects.get(action=sms)
    assert (message.provider_id, message.status) == (created.sid, "sent")

    real_providers.reset()  # Twilio's list is no longer needed: the stored id decides
    assert checks_until_settled(sms) == ["recovered"]
    assert len(real_providers.created()) == 0


def test_a_twilio_that_never_answers_is_asked_then_left_for_a_person_with_the_reason(
    sms, real_providers
):
    real_providers.script("hang")  # nothing created, but nothing proves it
    assert action_execute(action_id=sms.pk).status == "unknown"
    real_providers.release()

    outcomes = checks_until_settled(sms)
    assert outcomes == ["unknown"] * (settings.UNKNOWN_OUTCOME_CHECKS - 1) + ["needs_review"]
    sms.refresh_from_db()
    assert (sms.status, sms.error_code) == ("needs_review", "UNKNOWN_OUTCOME")
    assert "may have created the text" in sms.error_message
    assert "tried again" not in sms.error_message
    assert real_providers.messages() == []  # never sent blindly a second time
    listed = [r for r in real_providers.received if r.method == "GET"]
    assert len(listed) == settings.UNKNOWN_OUTCOME_CHECKS
    assert {r.form["To"][0] for r in listed} == {BOB_PHONE}


def test_a_refused_connection_proves_nothing_was_sent_and_is_retried(sms, settings):
    settings.MESSAGING_PROVIDERS = {**settings.MESSAGING_PROVIDERS, "sms": "twilio"}
    settings.TWILIO_API_BASE_URL = f"http://127.0.0.1:{free_port()}"
    assert action_execute(action_id=sms.pk).status == "retrying"
    sms.refresh_from_db()
    assert (sms.status, sms.error_code) == ("approved", "PROVIDER_UNREACHABLE")


def test_every_twilio_request_has_a_connect_and_a_read_timeout(settings):
    settings.TWILIO_CONNECT_TIMEOUT_SECONDS, settings.TWILIO_READ_TIMEOUT_SECONDS = 4, 12
    assert twilio_client().http_client.timeout == (4, 12)


def test_twilio_without_credentials_fails_with_a_sentence_and_no_retry(sms, settings):
    settings.TWILIO_ACCOUNT_SID = ""
    assert action_execute(action_id=sms.pk).status == "failed"
    sms.refresh_from_db()
    assert sms.error_code == "PROVIDER_NOT_CONFIGURED"
    assert "TWILIO_ACCOUNT_SID" in sms.error_message


def test_a_call_speaks_the_message_in_the_configured_voice(task, principal, bob,
                                                          no_quiet_hours, real_providers):  # fmt: skip
    action = approved(task, principal, tool="make_call", to=BOB_PHONE, message="The car is here")
    assert action_execute(action_id=action.pk).status == "succeeded"
    [call] = real_providers.calls()
    assert (call["To"], call["From"]) == (BOB_PHONE, TEAM_NUMBER)
    assert '<Say language="en-US" voice="Polly.Joanna">The car is here</Say>' in call["Twiml"]
    assert "<Gather" not in call["Twiml"]
    assert (
        call["StatusCallback"]
        == f"http://testserver/webhooks/twilio/status?key={action.idempotency_key}"
    )
    assert real_providers.created("call")[0].form["StatusCallbackEvent"] == [
        "initiated", "ringing", "answered", "completed",
    ]  # fmt: skip
    assert Message.objects.get(action=action).provider_id.startswith("CA")


def test_a_call_that_asks_for_a_reply_listens_and_posts_the_words_back(
    task, principal, bob, no_quiet_hours, real_providers
):
    action = approved(task, principal, tool="make_call", to=BOB_PHONE,
                      message="Are you coming tonight?", collect_reply=True)  # fmt: skip
    action_execute(action_id=action.pk)
    twiml = real_providers.calls()[0]["Twiml"]
    assert '<Gather action="http://testserver/webhooks/twilio/voice?reply=1"' in twiml
    assert 'input="speech"' in twiml


def test_with_no_number_to_send_from_the_text_fails_and_says_what_to_set(sms, settings):
    settings.TWILIO_FROM_NUMBER = ""
    assert action_execute(action_id=sms.pk).status == "failed"
    sms.refresh_from_db()
    assert (sms.error_code, "Settings → Channels" in sms.error_message) == (
        "PROVIDER_NOT_CONFIGURED", True,
    )  # fmt: skip


def test_choosing_twilio_without_credentials_or_smtp_without_a_server_fails_the_checks(settings):
    from messaging.checks import providers_configured

    settings.MESSAGING_PROVIDERS = {"sms": "twilio", "call": "console", "email": "smtp"}
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    settings.EMAIL_URL = "console://"
    assert [e.id for e in providers_configured()] == ["messaging.E002", "messaging.E004"]
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC" + "1" * 32, "t" * 32
    settings.EMAIL_URL = "smtp://127.0.0.1:25"
    assert providers_configured() == []
