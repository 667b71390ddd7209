"""Jobs run on a real Celery worker over Redis, and only after their transaction commits."""

from __future__ import annotations

import pytest
import redis
from django.conf import settings
from django.db import transaction

from assistant.engine.jobs import record_heartbeat_job
from assistant.models import Heartbeat
from tests.helpers import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


class Rollback(Exception):
    pass


def test_job_enqueued_in_a_committed_transaction_runs_on_the_worker(celery_worker):
    with transaction.atomic():
        record_heartbeat_job.delay_on_commit("committed")
        # Not yet: the message only leaves when the transaction commits.
        assert redis.Redis.from_url(settings.REDIS_URL).llen("celery") == 0

    heartbeat = wait_for(
        lambda: Heartbeat.objects.filter(name="committed").first(), what="the worker's heartbeat"
    )
    assert heartbeat.seen_at is not None


def test_job_enqueued_in_a_rolled_back_transaction_never_runs(celery_worker):
    with pytest.raises(Rollback), transaction.atomic():
        record_heartbeat_job.delay_on_commit("rolled-back")
        raise Rollback

    # The worker takes one message at a time, in order: once a later marker job has run,
    # anything enqueued before it would have run too.
    record_heartbeat_job.delay("marker")
    wait_for(lambda: Heartbeat.objects.filter(name="marker").exists(), what="the marker job")
    assert not Heartbeat.objects.filter(name="rolled-back").exists()
    assert redis.Redis.from_url(settings.REDIS_URL).llen("celery") == 0


def test_clearing_the_cache_never_drops_a_queued_job():
    from django.core.cache import cache

    from assistant.engine.jobs import ping_job

    jobs = redis.Redis.from_url(settings.REDIS_URL)
    jobs.delete("held-for-test")
    ping_job.apply_async(queue="held-for-test")  # a queue no worker consumes

    cache.set("something", "cached")
    cache.clear()

    assert cache.get("something") is None
    assert jobs.llen("held-for-test") == 1
    jobs.delete("held-for-test")
