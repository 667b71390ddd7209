"""Celery jobs of the engine. Thin: take ids or plain values, call one service.

Each keeps the name it had before the core moved into rooms (``assistant.jobs.<name>``), so
jobs already queued, and beat's schedule, still find it after an upgrade.
"""

from __future__ import annotations

from celery import shared_task

from assistant import clock
from assistant.teams.services import heartbeat_record


@shared_task(name="assistant.jobs.record_heartbeat_job")
def record_heartbeat_job(name: str) -> str:
    """Record that ``name`` (beat, or a test) reached a worker, and how far this worker's
    clock is from the database's; scheduled every minute."""
    offset = clock.offset_seconds(refresh=True)
    return heartbeat_record(name=name, clock_offset_seconds=offset).seen_at.isoformat()


@shared_task(name="assistant.jobs.ping_job")
def ping_job() -> str:
    """Do nothing and answer; the benchmark times the broker round trip with it."""
    return "pong"


# Decisions enqueue these from web requests: no result is stored, so enqueueing never waits on
# the result backend (with Redis down it retried for 20 s before failing the request).
@shared_task(ignore_result=True, name="assistant.jobs.execute_action_job")
def execute_action_job(action_id: int) -> str:
    """Run one approved action exactly once; the action id is the idempotency key."""
    from assistant.engine.actions import action_execute

    return action_execute(action_id=action_id).status


@shared_task(name="assistant.jobs.expire_actions_job")
def expire_actions_job() -> int:
    """Expire actions that waited past their deadline; scheduled every minute."""
    from assistant.engine.actions import actions_expire

    return actions_expire()


@shared_task(name="assistant.jobs.sweep_actions_job")
def sweep_actions_job() -> dict[str, int]:
    """Dispatch approved actions a crash never sent, recover ones a dead worker left."""
    from assistant.engine.actions import actions_sweep

    return actions_sweep()


@shared_task(ignore_result=True, name="assistant.jobs.check_action_job")
def check_action_job(action_id: int, check: int) -> str:
    """Ask whether an action whose send may have happened was done (a bounded wait)."""
    from assistant.engine.actions import action_check

    return action_check(action_id=action_id, check=check).status
