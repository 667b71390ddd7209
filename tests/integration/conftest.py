"""The integration tier: PostgreSQL, Redis and, for execution, a real Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if "django_db_setup" not in request.fixturenames:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("Integration tests run on PostgreSQL: use `make test` or set DATABASE_URL.")


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> None:
    """Rate limits live in the cache (this xdist worker's own Redis database)."""
    if "django_db_setup" in request.fixturenames:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def alice(team):
    """A contact of the principal's team, reachable by text and email, in UTC."""
    from contacts.services import contact_create

    return contact_create(
        team=team, name="Alice Smith", phones=["+14155550101"], emails=["alice@example.com"],
        time_zone="UTC",
    )  # fmt: skip


@pytest.fixture
def task(team, principal):
    """A request of the principal's, to hang actions on."""
    from tasks.services import task_create

    return task_create(team=team, text="Tell Alice I'm late", requested_by=principal)


def _database_url(settings_dict: dict[str, object]) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def start_worker(*, queue: str = "celery", name: str = "") -> tuple[subprocess.Popen[bytes], Path]:
    """Start a real `celery worker` on this xdist worker's Redis and test databases.

    It runs in its own process group (so a test can SIGKILL all of it) and is ready when this
    returns: a ping job sent to ``queue`` came back.
    """
    from django.conf import settings
    from django.db import connection

    from assistant.jobs import ping_job

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
    }
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)  # noqa: SIM115
    hostname = f"tests-{name or os.environ.get('PYTEST_XDIST_WORKER', 'main')}@%h"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "assistant", "worker", "--concurrency", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
         "--queues", queue, "--hostname", hostname],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    log.close()
    try:
        ping_job.apply_async(queue=queue).get(timeout=60)  # waits until the worker is up
    except Exception as error:
        stop_worker(process)
        tail = Path(log.name).read_text()[-3000:]
        raise RuntimeError(f"The Celery worker did not start ({error}). Log:\n{tail}") from None
    return process, Path(log.name)


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker) -> Iterator[subprocess.Popen[bytes]]:
    """A real `celery worker` process on this xdist worker's Redis database and test database.

    Tests that use it must be ``django_db(transaction=True)`` so the worker sees committed rows.
    """
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.REDIS_URL).flushdb()  # no leftovers from an earlier run
    process, log = start_worker()
    try:
        yield process
    finally:
        stop_worker(process)
        log.unlink(missing_ok=True)
