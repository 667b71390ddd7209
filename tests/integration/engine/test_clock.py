"""One clock (issue 12, item 5): holds are judged by the database's clock, so a worker whose
clock runs ten minutes ahead never sends early, even before it has measured its offset."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from assistant import clock
from assistant.engine.actions import action_approve, action_execute, action_propose
from assistant.models import Action, AuditEvent
from messaging.models import Message

pytestmark = pytest.mark.django_db
AHEAD = 600.0


@pytest.fixture
def clock_ahead(monkeypatch):
    """This machine's clock runs ten minutes ahead of the database's (as a drifting worker's)."""
    monkeypatch.setattr(clock, "_local_time", lambda: time.time() + AHEAD)
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.fromtimestamp(time.time() + AHEAD, tz=UTC)
    )
    monkeypatch.setattr(clock, "_measured", None)
    yield
    clock._measured = None


@pytest.fixture
def in_undo_window(task, alice, principal, no_quiet_hours):
    """A text approved a moment ago whose 30 s undo window has not ended."""
    action = action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": "On my way"})
    approved = action_approve(
        action=action, user=principal, via="web", digest=action.decided_digest
    )
    Action.objects.filter(pk=approved.pk).update(run_after=clock.now() + timedelta(seconds=30))
    return approved


def test_a_worker_ahead_of_the_database_measures_the_offset_and_waits_out_the_hold(
    in_undo_window, clock_ahead
):
    assert clock.offset_seconds() == pytest.approx(-AHEAD, abs=2)
    assert clock.skew_warning(clock.offset_seconds()).startswith("This machine's clock is 600 s")

    assert action_execute(action_id=in_undo_window.pk).status == "skipped"

    assert Action.objects.get(pk=in_undo_window.pk).status == "approved"
    assert Message.objects.count() == 0


def test_a_worker_ahead_whose_offset_is_stale_is_stopped_by_the_claim_and_measures_again(
    in_undo_window, clock_ahead, django_capture_on_commit_callbacks
):
    clock._measured = (time.monotonic(), 0.0)  # it believes its clock is right

    with django_capture_on_commit_callbacks() as dispatched:
        outcome = action_execute(action_id=in_undo_window.pk)

    assert (outcome.status, outcome.detail) == ("skipped", "held until later")
    action = Action.objects.get(pk=in_undo_window.pk)
    assert (action.status, action.attempts) == ("approved", 0)
    assert Message.objects.count() == 0
    assert not AuditEvent.objects.filter(action=action, event="executing").exists()
    assert clock.offset_seconds() == pytest.approx(-AHEAD, abs=2)  # measured again
    assert len(dispatched) == 1  # dispatched again for the hold's end


def test_an_approval_deadline_is_judged_by_the_database_clock(task, alice, principal, clock_ahead):
    action = action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": "Hi"})
    Action.objects.filter(pk=action.pk).update(
        expires_at=datetime.fromtimestamp(time.time() + 60, tz=UTC)  # a minute left, truly
    )
    clock._measured = (time.monotonic(), 0.0)
    action.refresh_from_db()

    approved = action_approve(
        action=action, user=principal, via="web", digest=action.decided_digest
    )

    assert approved.status == "approved"  # not expired by a clock that runs ahead
