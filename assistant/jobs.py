"""Celery jobs of the core. Thin: take ids or plain values, call one service."""

from __future__ import annotations

from celery import shared_task

from assistant.services import heartbeat_record


@shared_task
def record_heartbeat_job(name: str) -> str:
    """Record that ``name`` (beat, or a test) reached a worker; scheduled every minute."""
    return heartbeat_record(name=name).seen_at.isoformat()


@shared_task
def ping_job() -> str:
    """Do nothing and answer; the benchmark times the broker round trip with it."""
    return "pong"


@shared_task
def execute_action_job(action_id: int) -> str:
    """Run one approved action exactly once; the action id is the idempotency key."""
    from assistant.actions import action_execute

    return action_execute(action_id=action_id).status


@shared_task
def expire_actions_job() -> int:
    """Expire actions that waited past their deadline; scheduled every minute."""
    from assistant.actions import actions_expire

    return actions_expire()


@shared_task
def sweep_actions_job() -> dict[str, int]:
    """Dispatch approved actions a crash never sent, recover ones a dead worker left."""
    from assistant.actions import actions_sweep

    return actions_sweep()


@shared_task(ignore_result=True)
def plan_task_job(task_id: int) -> str:
    """Plan one request that came by text or call (``task_submit_later``), outside any lock."""
    from assistant.planning import task_plan_queued

    return task_plan_queued(task_id=task_id)
