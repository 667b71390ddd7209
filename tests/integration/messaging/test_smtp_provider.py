"""Email through Django's SMTP backend (EMAIL_URL), read back as the real MIME message the
local SMTP server received: parts, sender, Reply-To, Message-ID and threading."""

from __future__ import annotations

import pytest

from assistant.engine.actions import action_approve, action_execute, action_propose
from messaging.models import ChannelSettings, Message

pytestmark = pytest.mark.django_db

EMAIL = {"to": ["alice@example.com"], "subject": "Dinner", "body": "See you at 8.\nVito"}


def approved(task, principal, **args):
    action = action_propose(task=task, tool="send_email", args={**EMAIL, **args})
    return action_approve(action=action, user=principal, via="web", digest=action.decided_digest)


@pytest.fixture
def sender(team):
    return ChannelSettings.objects.create(
        team=team, email_from_name="Vito's office", email_from_address="office@corleone.test",
        email_reply_to="vito@corleone.test",
    )  # fmt: skip


def test_an_email_arrives_with_text_and_html_parts_from_the_team(
    task, principal, alice, sender, real_providers, fake_smtp
):
    action = approved(task, principal)
    assert action_execute(action_id=action.pk).status == "succeeded"

    [mail] = fake_smtp.messages
    email = mail.message
    assert mail.envelope_to == ["alice@example.com"]
    assert email["From"] == "Vito's office <office@corleone.test>"
    assert email["Reply-To"] == "vito@corleone.test"
    assert email["Subject"] == "Dinner"
    assert email.get_body(("plain",)).get_content().split() == ["See", "you", "at", "8.", "Vito"]
    assert "<p>See you at 8.<br>Vito</p>" in email.get_body(("html",)).get_content()
    stored = Message.objects.get(action=action)
    assert stored.provider == "smtp"
    assert stored.provider_id == email["Message-ID"]
    assert str(action.idempotency_key).replace("-", "") in email["Message-ID"]


def test_without_team_settings_the_servers_address_sends(task, principal, alice, real_providers,
                                                         fake_smtp, settings):  # fmt: skip
    settings.DEFAULT_FROM_EMAIL = "Consigliere <assistant@corleone.test>"
    action_execute(action_id=approved(task, principal).pk)
    email = fake_smtp.messages[0].message
    assert email["From"] == "Consigliere <assistant@corleone.test>"
    assert email["Reply-To"] is None


def test_copies_go_to_the_cc_recipients(task, principal, alice, real_providers, fake_smtp):
    action_execute(action_id=approved(task, principal, cc=["tom@corleone.test"]).pk)
    mail = fake_smtp.messages[0]
    assert sorted(mail.envelope_to) == ["alice@example.com", "tom@corleone.test"]
    assert mail.message["Cc"] == "tom@corleone.test"


def test_a_reply_threads_under_the_earlier_email(task, principal, alice, real_providers,
                                                 fake_smtp):  # fmt: skip
    action_execute(action_id=approved(task, principal).pk)
    first_id = fake_smtp.messages[0].message["Message-ID"]
    action_execute(action_id=approved(task, principal, subject="Re: Dinner", body="8:30?").pk)
    reply = fake_smtp.messages[1].message
    assert reply["In-Reply-To"] == first_id
    assert reply["References"] == first_id
    assert reply["Message-ID"] != first_id


def test_a_mail_server_that_says_try_later_is_retried(task, principal, alice, real_providers,
                                                      fake_smtp):  # fmt: skip
    fake_smtp.script("451")
    action = approved(task, principal)
    assert action_execute(action_id=action.pk).status == "retrying"
    action.refresh_from_db()
    assert action.error_code == "EMAIL_UNAVAILABLE"


def test_a_refused_address_fails_at_once_and_says_which(task, principal, alice, real_providers,
                                                        fake_smtp):  # fmt: skip
    fake_smtp.script("550")
    action = approved(task, principal)
    assert action_execute(action_id=action.pk).status == "failed"
    action.refresh_from_db()
    assert action.error_code == "EMAIL_REFUSED"
    assert "alice@example.com" in action.error_message
    assert fake_smtp.messages == []


def test_the_mail_server_connection_has_a_timeout(real_providers):
    from django.core.mail import get_connection

    assert get_connection().timeout == 10
