"""Every periodic job, declared in one place (STYLE.md §3).

Celery beat runs with django-celery-beat's database scheduler; ``periodic_tasks_sync`` writes
this list into its tables after every ``migrate`` and when ``manage.py setup_periodic_tasks``
runs. Entries are named ``consigliere:<name>``; one that disappears from this list is deleted,
so the database never runs a schedule the code no longer declares. Entries an admin adds by
hand under another name are left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction

PREFIX = "consigliere:"


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str
    every: timedelta
    why: str
    kwargs: dict[str, Any] = field(default_factory=dict)


SCHEDULE: list[PeriodicJob] = [
    PeriodicJob(
        name="heartbeat",
        task="assistant.jobs.record_heartbeat_job",
        every=timedelta(minutes=1),
        kwargs={"name": "beat"},
        why="Every minute: beat asks a worker to record that both are alive; /health/ shows it.",
    ),
    PeriodicJob(
        name="expire-actions",
        task="assistant.jobs.expire_actions_job",
        every=timedelta(minutes=1),
        why="Every minute: actions waiting past their approval deadline expire (never run).",
    ),
    PeriodicJob(
        name="sweep-actions",
        task="assistant.jobs.sweep_actions_job",
        every=timedelta(minutes=1),
        why="Every minute: dispatch approved actions a crash left undispatched; recover or flag "
        "actions a dead worker left executing.",
    ),
]


def periodic_tasks_sync(schedule: list[PeriodicJob] | None = None) -> list[str]:
    """Make django-celery-beat's tables hold exactly ``schedule``; return the names written.

    1. Upsert an IntervalSchedule and a PeriodicTask for each declared job.
    2. Delete ``consigliere:`` tasks that are no longer declared.
    """
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    jobs = SCHEDULE if schedule is None else schedule
    names = []
    with transaction.atomic():
        for job in jobs:
            seconds = int(job.every.total_seconds())
            interval, _ = IntervalSchedule.objects.get_or_create(
                every=seconds, period=IntervalSchedule.SECONDS
            )
            PeriodicTask.objects.update_or_create(
                name=PREFIX + job.name,
                defaults={
                    "task": job.task,
                    "interval": interval,
                    "crontab": None,
                    "kwargs": json.dumps(job.kwargs, sort_keys=True),
                    "description": job.why,
                    "enabled": True,
                },
            )
            names.append(PREFIX + job.name)
        PeriodicTask.objects.filter(name__startswith=PREFIX).exclude(name__in=names).delete()
    return names


def periodic_tasks_sync_after_migrate(**_: Any) -> None:
    periodic_tasks_sync()
