"""Beat's schedule lives in the database and comes from the one declaration in schedules.py."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from assistant.schedules import PREFIX, SCHEDULE, PeriodicJob, periodic_tasks_sync

pytestmark = pytest.mark.django_db


def test_every_declared_schedule_is_stored_for_beat_after_migrate():
    # The test database was built by `migrate`, whose post_migrate hook wrote the schedule.
    stored = {task.name: task for task in PeriodicTask.objects.filter(name__startswith=PREFIX)}
    assert set(stored) == {PREFIX + job.name for job in SCHEDULE}
    for job in SCHEDULE:
        task = stored[PREFIX + job.name]
        assert task.task == job.task
        assert task.enabled
        assert task.interval.every == int(job.every.total_seconds())
        assert task.interval.period == IntervalSchedule.SECONDS
        assert json.loads(task.kwargs) == job.kwargs


def test_a_schedule_removed_from_the_declaration_is_removed_from_the_database():
    extra = PeriodicJob(
        name="retired", task="assistant.jobs.ping_job", every=timedelta(hours=1), why="test"
    )
    periodic_tasks_sync([*SCHEDULE, extra])
    assert PeriodicTask.objects.filter(name=PREFIX + "retired").exists()

    periodic_tasks_sync()

    assert not PeriodicTask.objects.filter(name=PREFIX + "retired").exists()


def test_a_schedule_an_admin_added_by_hand_is_left_alone():
    interval = IntervalSchedule.objects.create(every=3600, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="admin's own", task="assistant.jobs.ping_job", interval=interval
    )

    call_command("setup_periodic_tasks", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert PeriodicTask.objects.filter(name="admin's own").exists()


def test_syncing_twice_changes_nothing():
    periodic_tasks_sync()
    before = list(PeriodicTask.objects.order_by("name").values("name", "task", "interval_id"))
    periodic_tasks_sync()
    after = list(PeriodicTask.objects.order_by("name").values("name", "task", "interval_id"))
    assert before == after
