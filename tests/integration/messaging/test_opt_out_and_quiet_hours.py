"""People's limits (PROMISES 14 and 15): after STOP nothing more is texted to a number until
START; texts and calls wait while it is quiet hours where the recipient is; daily limits
per team and per member."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from assistant.engine.actions import action_approve, action_execute, action_propose
from assistant.models import Action, TeamPolicy
from contacts.models import Contact
from messaging.models import Message, OptOut

from .conftest import BOB_PHONE, STRANGER_PHONE

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def policy(team, **fields):
    TeamPolicy.objects.update_or_create(team=team, defaults=fields)


def text(task, to=BOB_PHONE, body="Running late"):
    return action_propose(task=task, tool="send_sms", args={"to": to, "body": body})


def approve(action, user):
    return action_approve(action=action, user=user, via="web", digest=action.decided_digest)


@pytest.fixture
def keyword(inbound_sms, twilio_token):
    def send(word: str, sender: str = BOB_PHONE) -> str:
        response = inbound_sms(word, sender=sender)
        assert response.status_code == 200
        return response.content.decode()

    return send


@pytest.mark.parametrize("word", ["STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT."])
def test_after_a_stop_word_texts_are_denied_and_nothing_reaches_twilio(
    keyword, word, bob, task, principal, real_providers, no_quiet_hours
):
    answer = keyword(word)
    assert "no more texts from Corleone Family" in answer
    assert OptOut.objects.filter(number=BOB_PHONE, source="keyword").exists()
    assert Contact.objects.get(pk=bob.pk).sms_opted_out

    action = text(task)
    assert (action.status, action.error_code) == ("denied", "OPTED_OUT")
    assert real_providers.created() == []


def test_start_lets_texts_through_again(keyword, bob, task, principal, real_providers,
                                        no_quiet_hours):  # fmt: skip
    keyword("STOP")
    assert "get texts from Corleone Family again" in keyword("START")
    assert not OptOut.objects.exists()
    assert not Contact.objects.get(pk=bob.pk).sms_opted_out

    action = approve(text(task), principal)
    assert action_execute(action_id=action.pk).status == "succeeded"
    assert len(real_providers.messages()) == 1


def test_unstop_also_opts_back_in_and_a_stranger_can_stop_too(keyword, task, principal,
                                                              no_quiet_hours):  # fmt: skip
    keyword("STOP", sender=STRANGER_PHONE)
    assert text(task, to=STRANGER_PHONE).error_code == "OPTED_OUT"
    keyword("UNSTOP", sender=STRANGER_PHONE)
    assert text(task, to=STRANGER_PHONE).status == "pending_approval"


def test_help_answers_with_the_teams_help_text(keyword, team):
    from messaging.models import ChannelSettings

    assert "Reply STOP to stop texts" in keyword("HELP")
    ChannelSettings.objects.create(team=team, sms_help_text="Vito's office: call 555-0100.")
    assert "Vito&#x27;s office: call 555-0100." in keyword("help") or "Vito's office" in keyword(
        "HELP"
    )


def test_a_text_approved_before_stop_is_not_sent_after_it(
    keyword, bob, task, principal, real_providers, no_quiet_hours
):
    action = approve(text(task), principal)
    keyword("STOP")
    assert action_execute(action_id=action.pk).status == "failed"
    action.refresh_from_db()
    assert action.error_code == "OPTED_OUT"
    assert real_providers.created() == []


def test_a_contact_filed_after_stop_is_still_opted_out(keyword, team):
    from contacts.services import contact_create

    keyword("STOP", sender=STRANGER_PHONE)
    contact = contact_create(team=team, name="Luca Brasi", phones=[STRANGER_PHONE])
    assert Contact.objects.get(pk=contact.pk).sms_opted_out


class Clock:
    """An injected clock: this process's and the database's time both read ``now``."""

    def __init__(self, monkeypatch, start: datetime) -> None:
        from django.db.models import DateTimeField, Value

        from assistant import clock

        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        monkeypatch.setattr(clock, "now", lambda: self.now)
        monkeypatch.setattr(clock, "sql_now", lambda: Value(self.now, DateTimeField()))


@pytest.fixture
def clock(monkeypatch):
    """Time stands still at 23:00 in New York until a test moves it."""
    return Clock(monkeypatch, datetime(2026, 11, 24, 23, 0, tzinfo=NEW_YORK))


@pytest.fixture
def bob_in_new_york(bob):
    Contact.objects.filter(pk=bob.pk).update(time_zone="America/New_York")
    return bob


def test_a_text_at_23h_recipient_time_waits_and_goes_out_at_8h(
    clock, bob_in_new_york, task, principal, real_providers
):
    action = approve(text(task), principal)
    assert action.run_after == datetime(2026, 11, 25, 8, 0, tzinfo=NEW_YORK)

    assert action_execute(action_id=action.pk).status == "skipped"  # 23:00: not yet
    clock.now = datetime(2026, 11, 25, 7, 59, tzinfo=NEW_YORK)
    assert action_execute(action_id=action.pk).status == "skipped"
    assert real_providers.created() == []

    clock.now = datetime(2026, 11, 25, 8, 0, tzinfo=NEW_YORK)
    assert action_execute(action_id=action.pk).status == "succeeded"
    assert real_providers.messages()[0]["To"] == BOB_PHONE


def test_a_text_approved_late_into_quiet_hours_is_held_by_the_sender(
    clock, bob_in_new_york, task, principal, real_providers
):
    clock.now = datetime(2026, 11, 24, 20, 30, tzinfo=NEW_YORK)
    action = text(task)
    assert action.run_after is None  # not quiet when it was decided
    clock.now = datetime(2026, 11, 24, 21, 30, tzinfo=NEW_YORK)
    approve(action, principal)
    assert action_execute(action_id=action.pk).status == "skipped"
    action.refresh_from_db()
    assert action.run_after == datetime(2026, 11, 25, 8, 0, tzinfo=NEW_YORK)
    assert real_providers.created() == []


def test_quiet_hours_follow_the_recipient_not_the_team(clock, bob, task, principal):
    # 23:00 in New York is 04:00 in London: Bob (in UTC) is asleep too, at a different hour.
    clock.now = datetime(2026, 11, 24, 12, 0, tzinfo=NEW_YORK)  # 17:00 UTC
    assert text(task).run_after is None
    Contact.objects.filter(pk=bob.pk).update(time_zone="Asia/Tokyo")  # 02:00 in Tokyo
    assert text(task).run_after == datetime(2026, 11, 25, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_quiet_hours_are_the_teams_to_set(clock, bob_in_new_york, task, team):
    policy(team, quiet_hours_start=time(23, 30),
                                                quiet_hours_end=time(7, 0))  # fmt: skip
    assert text(task).run_after is None


def test_email_is_not_held_for_quiet_hours(clock, alice, task):
    Contact.objects.filter(pk=alice.pk).update(time_zone="America/New_York")
    action = action_propose(task=task, tool="send_email",
                            args={"to": [alice.pk], "subject": "Hi", "body": "Hi"})  # fmt: skip
    assert action.run_after is None


def sent_messages(team, action, n):
    Message.objects.bulk_create(
        Message(team=team, action=action if i == 0 else None, channel="sms", to=[BOB_PHONE],
                body="x", provider="console")
        for i in range(n)
    )  # fmt: skip


def test_the_teams_daily_limit_denies_the_next_text_and_the_card_shows_the_count(
    bob, task, team, principal, no_quiet_hours, signed_in
):
    policy(team, daily_limit_sms=3)
    sent_messages(team, None, 2)
    waiting = text(task)
    assert waiting.status == "pending_approval"
    page = signed_in.get("/approvals/").content.decode()
    assert "Texts today: 2 of 3 for the team, 0 of 50 for the person who asked." in page
    sent_messages(team, None, 1)
    denied = text(task)
    assert (denied.status, denied.error_code) == ("denied", "RATE_LIMITED")


def test_a_members_daily_limit_counts_only_what_their_requests_sent(
    bob, task, team, principal, no_quiet_hours
):
    policy(team, user_daily_limit_sms=1)
    other = Action.objects.create(team=team, task=task, tool="send_sms", args={})
    sent_messages(team, None, 5)  # the team's other texts do not count against Vito
    assert text(task).status == "pending_approval"
    Action.objects.filter(pk=other.pk).update(requested_by=principal)
    Message.objects.filter(pk=Message.objects.first().pk).update(action=other)
    denied = text(task)
    assert (denied.status, denied.error_code) == ("denied", "RATE_LIMITED")
    assert "Your daily limit" in denied.error_message


def test_the_assistants_own_texts_respect_stop_too(keyword, team, real_providers):
    from messaging.services import message_send_plain

    keyword("STOP")
    sent = message_send_plain(team=team, channel="sms", to=BOB_PHONE, body="Y 1234?",
                              purpose="approval")  # fmt: skip
    assert (sent.status, sent.error_code) == ("failed", "OPTED_OUT")
    assert real_providers.created() == []
