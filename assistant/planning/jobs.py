"""Celery jobs of planning. Thin: take ids, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True, name="assistant.jobs.plan_task_job")
def plan_task_job(task_id: int) -> str:
    """Plan one request that came by text or call (``task_submit_later``), outside any lock."""
    from assistant.planning.services import task_plan_queued

    return task_plan_queued(task_id=task_id)
