"""The Celery application.

Jobs live in each app's ``jobs.py`` (the app called ``tasks`` makes ``tasks.py`` ambiguous) and
are found by autodiscovery. Configuration comes from Django settings under ``CELERY_``. A
worker or beat refuses to start on a Redis that may evict keys, because an evicted message is
a lost action (PROMISES.md #8); a worker whose broker connection comes back (a Redis
restart) checks again and logs an error if the Redis it finds may now evict.
"""

from __future__ import annotations

import os

from celery import Celery, bootsteps
from celery.signals import beat_init, worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assistant.settings")

app = Celery("consigliere")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's jobs.py, and the core's rooms that have jobs (engine, planning).
app.autodiscover_tasks(related_name="jobs")
app.autodiscover_tasks(["assistant.engine", "assistant.planning"], related_name="jobs")


class EvictionPolicyOnConnect(bootsteps.StartStopStep):
    """Each time the worker's consumer (re)connects to the broker, check its eviction policy.

    A consumer bootstep's ``start`` runs after the Connection step on every (re)connection:
    Celery restarts the consumer's blueprint when the broker connection is lost
    (``Consumer.start`` -> ``blueprint.restart``). The first start is skipped, since
    ``worker_init`` has just refused an evicting Redis outright.
    """

    requires = ("celery.worker.consumer.connection:Connection",)

    def __init__(self, parent: object, **kwargs: object) -> None:
        super().__init__(parent, **kwargs)
        self.connections = 0

    def start(self, parent: object) -> None:
        from django.conf import settings

        from assistant.engine.brokers import redis_eviction_policy_recheck

        self.connections += 1
        if self.connections > 1 and settings.REDIS_URL:
            redis_eviction_policy_recheck(settings.REDIS_URL)


app.steps["consumer"].add(EvictionPolicyOnConnect)


@worker_init.connect
@beat_init.connect
def _refuse_evicting_redis(**_: object) -> None:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from assistant.engine.brokers import redis_eviction_policy_check

    if not settings.REDIS_URL:
        return
    try:
        redis_eviction_policy_check(settings.REDIS_URL)
    except ImproperlyConfigured as error:
        # Celery logs and swallows exceptions from signal handlers; SystemExit stops it.
        raise SystemExit(f"Refusing to start: {error}") from None


@worker_ready.connect
def _say_clock_skew(**_: object) -> None:
    """A worker whose clock is more than a few seconds from the database's says so at start-up
    (holds are judged by the database's clock anyway; /health/ shows it too)."""
    import logging

    from assistant.clock import offset_seconds, skew_warning

    words = skew_warning(offset_seconds(refresh=True))
    if words:
        logging.getLogger("assistant.clock").warning(words)
