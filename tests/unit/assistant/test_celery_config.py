"""Celery's configuration keeps the promises about delivery (PROMISES.md #5 to #8)."""

from __future__ import annotations

from django.conf import settings

from assistant.celery import app
from assistant.schedules import SCHEDULE


def test_jobs_are_acknowledged_late_and_requeued_when_a_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_only_json_crosses_the_broker():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_every_job_has_a_time_limit_and_a_softer_one_before_it():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_no_countdown_may_outlast_the_brokers_visibility_timeout():
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > settings.CELERY_MAX_COUNTDOWN_SECONDS


def test_every_scheduled_job_names_a_registered_job_and_says_when_it_runs():
    app.loader.import_default_modules()
    for job in SCHEDULE:
        assert job.task in app.tasks, job.task
        assert job.why and job.every.total_seconds() >= 1
