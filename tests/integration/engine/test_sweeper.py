"""What the sweeper does with an action a dead worker left ``executing`` (PROMISE 6): it asks
the tool's ``recover`` and knows nothing else. Done: succeeded; provably not done: run once
more; unknown: needs_review, for a person, and never run again by itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from assistant.engine.actions import action_approve, action_execute, action_propose, actions_sweep
from assistant.models import Action, AuditEvent
from assistant.tools import registry
from tasks.models import Todo

pytestmark = pytest.mark.django_db

ANSWERS: dict[str, bool | None] = {}


def recover_from_script(*, action: Action) -> bool | None:
    return ANSWERS["answer"]


@pytest.fixture
def todo_tool(monkeypatch):
    """``create_task`` with a recover that answers what the test says."""
    tool = replace(registry.TOOLS["create_task"], recover=f"{__name__}.recover_from_script")
    monkeypatch.setitem(registry.TOOLS, "create_task", tool)
    return ANSWERS


def stranded(task, principal):
    """An approved create_task whose worker died mid-run an hour ago."""
    action = action_propose(task=task, tool="create_task", args={"title": "Book the venue"},
                            confidence=0.2)  # fmt: skip
    assert action.status == "pending_approval"
    action_approve(action=action, user=principal, via="web", digest=action.decided_digest)
    Action.objects.filter(pk=action.pk).update(
        status="executing", started_at=timezone.now() - timedelta(hours=1)
    )
    return action


def test_an_unknown_outcome_waits_for_a_person_and_is_never_run_again(
    todo_tool, task, principal, no_quiet_hours, django_capture_on_commit_callbacks
):
    todo_tool["answer"] = None
    action = stranded(task, principal)

    with django_capture_on_commit_callbacks() as dispatched:
        assert actions_sweep()["needs_review"] == 1
        assert actions_sweep() == {"dispatched": 0, "redispatched": 0, "recovered": 0,
                                   "retried": 0, "needs_review": 0}  # fmt: skip
    action.refresh_from_db()
    assert (action.status, action.error_code) == ("needs_review", "UNKNOWN_OUTCOME")
    assert "cannot be known whether this was done" in action.error_message
    assert dispatched == []
    assert action_execute(action_id=action.pk).status == "skipped"
    assert not Todo.objects.exists()


def test_a_provably_undone_action_runs_exactly_once_more(
    todo_tool, task, principal, no_quiet_hours, django_capture_on_commit_callbacks
):
    todo_tool["answer"] = False
    action = stranded(task, principal)

    with django_capture_on_commit_callbacks() as dispatched:
        assert actions_sweep()["retried"] == 1
    assert len(dispatched) == 1
    assert AuditEvent.objects.filter(action=action, event="retried_after_crash").count() == 1

    assert action_execute(action_id=action.pk).status == "succeeded"
    assert action_execute(action_id=action.pk).status == "skipped"  # a redelivered job
    assert Todo.objects.filter(title="Book the venue").count() == 1


def test_a_done_action_is_marked_succeeded_without_running_again(
    todo_tool, task, principal, no_quiet_hours
):
    todo_tool["answer"] = True
    action = stranded(task, principal)

    assert actions_sweep()["recovered"] == 1
    action.refresh_from_db()
    assert (action.status, action.result) == ("succeeded", {"recovered": True})
    assert not Todo.objects.exists()


def test_a_tool_with_side_effects_and_no_recover_is_never_guessed(
    monkeypatch, task, principal, no_quiet_hours
):
    tool = replace(registry.TOOLS["create_task"], recover="")
    monkeypatch.setitem(registry.TOOLS, "create_task", tool)
    action = stranded(task, principal)

    assert actions_sweep()["needs_review"] == 1
    assert Action.objects.get(pk=action.pk).status == "needs_review"
