"""The record_commitment and complete_commitment tools: promises to and by a contact, kept
per team, recorded once and completed once (SPEC §5, §7)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction

from assistant.engine.actions import action_propose, action_summary
from assistant.models import Action
from assistant.tools.registry import tool_get
from contacts.models import Commitment
from contacts.services import commitment_record

PAYMENT = {"direction": "they_owe", "what": "Pay back the $200", "due_at": "2026-12-01T12:00:00+00:00"}  # fmt: skip


def record(task, contact, **args):
    return action_propose(
        task=task, tool="record_commitment", args={"contact": contact, **PAYMENT, **args}
    )


def complete(task, number):
    return action_propose(task=task, tool="complete_commitment", args={"commitment": number})


@pytest.mark.django_db
def test_recording_a_commitment_is_medium_risk_and_waits_for_approval(task, alice):
    action = record(task, alice.pk)

    assert action.status == Action.Status.PENDING_APPROVAL
    assert (action.risk, action.reasons) == ("medium", ["USER_ALWAYS_ASK"])


@pytest.mark.django_db
def test_the_summary_says_who_owes_whom_what(task, alice):
    theirs = record(task, "Alice Smith")
    ours = action_propose(
        task=task, tool="record_commitment",
        args={"contact": alice.pk, "direction": "we_owe", "what": "Send the contract"},
    )  # fmt: skip

    assert action_summary(action=theirs) == (
        'Record that Alice Smith owes us: "Pay back the $200", due Tue 1 Dec 2026 12:00 (UTC)'
    )
    assert action_summary(action=ours) == 'Record that we owe Alice Smith: "Send the contract"'
    other = action_propose(
        task=task, tool="record_commitment",
        args={"contact": 999999, "direction": "we_owe", "what": "Send the contract"},
    )  # fmt: skip
    assert action_summary(action=other) == 'Record that we owe contact #999999: "Send the contract"'


@pytest.mark.django_db
def test_executing_it_stores_an_open_commitment(task, alice, run):
    action = run(record(task, alice.pk))

    assert action.status == Action.Status.SUCCEEDED, action.error_message
    commitment = Commitment.objects.get()
    assert (commitment.team_id, commitment.contact) == (task.team_id, alice)
    assert (commitment.direction, commitment.what) == ("they_owe", "Pay back the $200")
    assert commitment.due_at == datetime(2026, 12, 1, 12, tzinfo=UTC)
    assert (commitment.status, commitment.completed_at) == ("open", None)
    assert commitment.source_action == action
    assert action.result["commitment"] == commitment.pk


@pytest.mark.django_db
def test_running_the_record_handler_twice_stores_one_commitment(task, alice, run):
    action = run(record(task, alice.pk))

    tool_get("record_commitment").run(action)

    assert Commitment.objects.count() == 1


@pytest.mark.django_db
def test_a_wrong_direction_is_denied_before_anything_runs(task, alice):
    action = record(task, alice.pk, direction="sideways")

    assert (action.status, action.error_code) == (Action.Status.DENIED, "INVALID_ARGS")
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_direction_or_a_done_without_a_date(alice):
    with transaction.atomic(), pytest.raises(IntegrityError):
        commitment_record(contact=alice, direction="sideways", what="x")
    commitment, _ = commitment_record(contact=alice, direction="we_owe", what="x")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Commitment.objects.filter(pk=commitment.pk).update(status="done")


@pytest.mark.django_db
def test_an_unknown_contact_or_another_teams_contact_is_denied_when_proposed(
    task, barzini_contact, run
):
    unknown = run(record(task, "Sonny Corleone"))
    theirs = run(record(task, barzini_contact.pk))

    assert (unknown.status, unknown.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert (theirs.status, theirs.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert not Commitment.objects.exists()


@pytest.mark.django_db
def test_completing_a_commitment_waits_for_approval_and_marks_it_done(task, alice, run):
    commitment, _ = commitment_record(contact=alice, direction="we_owe", what="Send flowers")
    action = complete(task, commitment.pk)
    assert (action.status, action.reasons) == (Action.Status.PENDING_APPROVAL, ["USER_ALWAYS_ASK"])
    assert action_summary(action=action) == f"Mark commitment #{commitment.pk} as done"

    action = run(action)

    assert action.status == Action.Status.SUCCEEDED, action.error_message
    commitment.refresh_from_db()
    assert commitment.status == "done"
    assert commitment.completed_at is not None
    assert commitment.completed_by_action == action
    assert action.result["already_done"] is False


@pytest.mark.django_db
def test_running_the_complete_handler_twice_reports_the_same_completion(task, alice, run):
    commitment, _ = commitment_record(contact=alice, direction="we_owe", what="Send flowers")
    action = run(complete(task, commitment.pk))
    completed_at = Commitment.objects.get().completed_at

    again = tool_get("complete_commitment").run(action)

    assert again == action.result
    assert Commitment.objects.get().completed_at == completed_at


@pytest.mark.django_db
def test_completing_an_already_done_commitment_succeeds_and_says_so(task, alice, run):
    commitment, _ = commitment_record(contact=alice, direction="we_owe", what="Send flowers")
    first = run(complete(task, commitment.pk))
    second = run(complete(task, commitment.pk))

    assert second.status == Action.Status.SUCCEEDED
    assert second.result["already_done"] is True
    assert second.result["completed_at"] == first.result["completed_at"]
    assert Commitment.objects.get().completed_by_action == first


@pytest.mark.django_db
def test_a_cancelled_commitment_is_not_completed(task, alice, run):
    commitment, _ = commitment_record(contact=alice, direction="we_owe", what="Send flowers")
    Commitment.objects.filter(pk=commitment.pk).update(status="cancelled")

    action = run(complete(task, commitment.pk))

    assert action.error_code == "COMMITMENT_CANCELLED"
    assert Commitment.objects.get().status == "cancelled"


@pytest.mark.django_db
def test_another_teams_or_an_unknown_commitment_is_denied_when_proposed_and_untouched(
    task, barzini_contact, run
):
    theirs, _ = commitment_record(contact=barzini_contact, direction="we_owe", what="Nothing")

    action = run(complete(task, theirs.pk))
    unknown = run(complete(task, 999999))

    assert (action.status, action.error_code) == (Action.Status.DENIED, "COMMITMENT_NOT_IN_TEAM")
    assert action.error_message == f"No commitment with id {theirs.pk} in this team."
    assert unknown.error_message == "No commitment with id 999999 in this team."
    theirs.refresh_from_db()
    assert (theirs.status, theirs.completed_at, theirs.completed_by_action) == ("open", None, None)
