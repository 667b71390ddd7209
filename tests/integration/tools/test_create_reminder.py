"""The create_reminder tool: a reminder stored once, for the requester or a contact, with a
valid repeat rule (SPEC §5, §7). Sending it at its time is not this tool's work."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.engine.actions import action_propose, action_summary
from assistant.models import Action
from assistant.tools.registry import tool_get
from tasks.models import Reminder

DUE = "2026-11-23T09:00:00+01:00"
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def propose(task, **args):
    return action_propose(task=task, tool="create_reminder", args={"text": "Stretch", **args})


@pytest.mark.django_db
def test_a_reminder_is_medium_risk_and_waits_for_approval(task):
    action = propose(task, due_at=DUE)

    assert action.status == Action.Status.PENDING_APPROVAL
    assert action.risk == "medium"
    assert action.reasons == ["USER_ALWAYS_ASK"]


@pytest.mark.django_db
def test_the_summary_says_who_when_how_and_how_often(task, alice):
    mine = propose(task, due_at=DUE, recurrence=WEEKDAYS)
    theirs = propose(task, due_at=DUE, target=alice.pk, channel="sms")

    assert action_summary(action=mine) == (
        "Remind Vito Corleone every weekday, first on Mon 23 Nov 2026 09:00 (UTC+01:00), by web: "
        '"Stretch"'
    )
    assert action_summary(action=theirs) == (
        'Remind Alice Smith on Mon 23 Nov 2026 09:00 (UTC+01:00), by sms: "Stretch"'
    )


@pytest.mark.django_db
def test_approving_and_executing_stores_a_scheduled_reminder_for_the_requester(
    task, principal, teammate, run
):
    action = run(propose(task, due_at=DUE, recurrence="RRULE:" + WEEKDAYS), teammate)

    assert action.status == Action.Status.SUCCEEDED, action.error_message
    reminder = Reminder.objects.get()
    assert reminder.team_id == task.team_id
    assert reminder.target_user == principal  # "me" is who asked, not who approved
    assert reminder.target_contact is None
    assert reminder.due_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert reminder.recurrence == WEEKDAYS
    assert (reminder.channel, reminder.status) == ("web", "scheduled")
    assert reminder.created_by_action == action
    assert action.result["reminder"] == reminder.pk


@pytest.mark.django_db
def test_a_reminder_for_a_contact_goes_by_their_channel(task, alice, run):
    action = run(propose(task, due_at=DUE, target="Alice Smith", channel="email"))

    assert action.status == Action.Status.SUCCEEDED, action.error_message
    reminder = Reminder.objects.get()
    assert (reminder.target_contact, reminder.target_user) == (alice, None)
    assert reminder.channel == "email"


@pytest.mark.django_db
def test_running_the_handler_twice_for_one_action_stores_one_reminder(task, run):
    action = run(propose(task, due_at=DUE))

    tool_get("create_reminder").run(action)

    assert Reminder.objects.count() == 1


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "every monday", "FREQ=DAILY;BYDAY=XX",
                                  "FREQ=DAILY;UNTIL=20200101T000000Z",
                                  "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY"])  # fmt: skip
@pytest.mark.django_db
def test_a_bad_repeat_rule_fails_with_invalid_args_and_stores_nothing(task, run, rule):
    action = run(propose(task, due_at=DUE, recurrence=rule))

    assert action.status == Action.Status.FAILED
    assert action.error_code == "INVALID_ARGS"
    assert action.error_message.endswith(".")
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_a_contact_cannot_be_reminded_on_the_web_or_without_an_address(task, team, run):
    from contacts.services import contact_create

    no_email = contact_create(team=team, name="Luca Brasi", phones=["+14155550103"])
    web = run(propose(task, due_at=DUE, target=no_email.pk))
    email = run(propose(task, due_at=DUE, target=no_email.pk, channel="email"))

    assert web.error_code == "INVALID_ARGS"
    assert (email.error_code, email.error_message) == (
        "INVALID_RECIPIENT",
        "Luca Brasi has no email address.",
    )
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_another_teams_contact_is_never_a_target(task, barzini_contact, run):
    action = run(propose(task, due_at=DUE, target=barzini_contact.pk, channel="sms"))

    assert (action.status, action.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_an_unknown_channel_or_a_time_without_offset_is_denied_at_once(task):
    channel = propose(task, due_at=DUE, channel="pigeon")
    naive = propose(task, due_at="2026-11-23T09:00:00")

    assert (channel.status, channel.error_code) == (Action.Status.DENIED, "INVALID_ARGS")
    assert (naive.status, naive.error_code) == (Action.Status.DENIED, "INVALID_ARGS")
