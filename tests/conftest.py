"""Fixtures every tier shares: named personas, a real Celery worker, and the per-tier counts.

Personas (integration and browser tiers; they need the database):
- ``principal``: owner of the Corleone Family team, the person Consigliere works for;
- ``teammate``: a member of the same team;
- ``team_admin``: an admin of the same team;
- ``outsider``: owner of another team, who must never see the first team's data.
Every persona's password is ``PASSWORD``.

``celery_worker`` (integration and browser tiers) is a real worker process on the test
database and this xdist worker's Redis, for tests that watch approved actions run; it uses
the console providers.

``real_providers`` makes this process send through Twilio and SMTP, the real SDKs talking
to the local fakes (``fake_twilio``, ``fake_smtp``); ``providers_worker`` is a second real
worker, on its own queue, configured the same way, and ``on_providers_worker`` sends this
process's jobs to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.fakes.plugin import fake_smtp, fake_twilio, smtp_fake_server, twilio_fake_server

__all__ = ["fake_smtp", "fake_twilio", "smtp_fake_server", "twilio_fake_server"]

PASSWORD = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[1]
TIERS = ("unit", "integration", "browser")


def _tier(nodeid: str) -> str:
    parts = nodeid.split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "tests" and parts[1] in TIERS else "other"


class TierCounter:
    """Counts outcomes per tier (works under pytest-xdist: reports reach the controller)."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {tier: Counter() for tier in TIERS}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tier = _tier(report.nodeid)
        counts = self.counts.setdefault(tier, Counter())
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            counts[report.outcome] += 1
        elif report.when == "teardown" and report.outcome == "failed":
            counts["error"] += 1

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        terminalreporter.section("tests run per tier")
        terminalreporter.write_line(f"{'tier':<12}{'passed':>8}{'failed':>8}{'skipped':>9}")
        for tier, counts in self.counts.items():
            if tier == "other" and not counts:
                continue
            terminalreporter.write_line(
                f"{tier:<12}{counts['passed']:>8}{counts['failed'] + counts['error']:>8}"
                f"{counts['skipped']:>9}"
            )


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist)
        config.pluginmanager.register(TierCounter(), "tier-counter")


@pytest.fixture
def team(db):
    from assistant.models import Membership, User
    from assistant.teams.services import membership_set, team_create

    principal = User.objects.create_user(
        email="vito@example.com", password=PASSWORD, first_name="Vito", last_name="Corleone"
    )
    team = team_create(name="Corleone Family", owner=principal, slug="corleone-family")
    teammate = User.objects.create_user(
        email="michael@example.com", password=PASSWORD, first_name="Michael"
    )
    membership_set(team=team, user=teammate, role=Membership.Role.MEMBER)
    admin = User.objects.create_user(email="tom@example.com", password=PASSWORD, first_name="Tom")
    membership_set(team=team, user=admin, role=Membership.Role.ADMIN)
    _no_undo_window(team)
    return team


def _no_undo_window(team) -> None:
    """Approved messages go at once in tests; the tests of Undo set a window themselves."""
    from assistant.models import UserAgentSettings

    for membership in team.memberships.all():
        UserAgentSettings.objects.update_or_create(
            membership=membership, defaults={"undo_seconds": 0}
        )


@pytest.fixture
def principal(team):
    return team.memberships.get(role="owner").user


@pytest.fixture
def teammate(team):
    return team.memberships.get(role="member").user


@pytest.fixture
def team_admin(team):
    return team.memberships.get(role="admin").user


@pytest.fixture
def other_team(db):
    from assistant.models import User
    from assistant.teams.services import team_create

    owner = User.objects.create_user(
        email="emilio@example.com", password=PASSWORD, first_name="Emilio", last_name="Barzini"
    )
    other = team_create(name="Barzini Family", owner=owner, slug="barzini-family")
    _no_undo_window(other)
    return other


@pytest.fixture
def outsider(other_team):
    return other_team.memberships.get(role="owner").user


@pytest.fixture
def no_quiet_hours(team):
    """Tests run at any hour: an empty quiet window (00:00 to 00:00) never holds a message."""
    from datetime import time

    from assistant.models import TeamPolicy

    TeamPolicy.objects.update_or_create(
        team=team, defaults={"quiet_hours_start": time(0), "quiet_hours_end": time(0)}
    )


# --- A real Celery worker -------------------------------------------------------------------


def _database_url(settings_dict: dict[str, object]) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


# One pool process, and none of the worker-to-worker chatter the tests do not need.
QUIET_WORKER_OPTIONS = (
    "--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat",
    "--loglevel", "INFO",
)  # fmt: skip


def start_worker(
    *,
    queue: str = "celery",
    name: str = "",
    env: dict[str, str] | None = None,
    options: Sequence[str] = QUIET_WORKER_OPTIONS,
) -> tuple[subprocess.Popen[bytes], Path]:
    """Start a real `celery worker` on this xdist worker's Redis and test databases.

    It runs in its own process group (so a test can SIGKILL all of it) and is ready when this
    returns: a ping job sent to ``queue`` came back (through this process's Celery app, so a
    worker on another Redis needs the app pointed there too). ``options`` are the worker's
    command-line options besides its queue and node name (a drill passes the Procfile's).
    """
    from django.conf import settings
    from django.db import connection

    from assistant.engine.jobs import ping_job

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        **(env or {}),
    }
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)  # noqa: SIM115
    hostname = f"tests-{name or os.environ.get('PYTEST_XDIST_WORKER', 'main')}@%h"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "assistant", "worker", *options,
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


# --- Real providers: Twilio and SMTP through their SDKs, against the local fakes ------------

TEAM_NUMBER = "+15005550006"


def provider_settings(twilio: object, smtp: object) -> dict[str, str]:
    """The environment that points the app at the fakes (as a deployment's .env would)."""
    return {
        "SMS_PROVIDER": "twilio",
        "CALL_PROVIDER": "twilio",
        "EMAIL_PROVIDER": "smtp",
        "TWILIO_ACCOUNT_SID": twilio.account_sid,  # type: ignore[attr-defined]
        "TWILIO_AUTH_TOKEN": twilio.auth_token,  # type: ignore[attr-defined]
        "TWILIO_API_BASE_URL": twilio.base_url,  # type: ignore[attr-defined]
        "TWILIO_FROM_NUMBER": TEAM_NUMBER,
        "EMAIL_URL": smtp.url,  # type: ignore[attr-defined]
    }


@pytest.fixture
def real_providers(settings, fake_twilio, fake_smtp):
    """This process sends texts and calls through Twilio and email through SMTP, the real
    SDKs talking to the fakes; yields the fake Twilio."""

    settings.MESSAGING_PROVIDERS = {"sms": "twilio", "call": "twilio", "email": "smtp"}
    settings.TWILIO_ACCOUNT_SID = fake_twilio.account_sid
    settings.TWILIO_AUTH_TOKEN = fake_twilio.auth_token
    settings.TWILIO_API_BASE_URL = fake_twilio.base_url
    settings.TWILIO_FROM_NUMBER = TEAM_NUMBER
    settings.TWILIO_READ_TIMEOUT_SECONDS = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = fake_smtp.host, fake_smtp.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield fake_twilio


@pytest.fixture(scope="session")
def providers_worker(
    django_db_setup, django_db_blocker, twilio_fake_server, smtp_fake_server
) -> Iterator[str]:
    """A second real worker, sending through the fakes, reading its own queue (its name is
    yielded), so it never takes the console worker's jobs."""
    queue = f"providers-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    env = {**provider_settings(twilio_fake_server, smtp_fake_server), "CELERY_QUEUE": queue}
    process, log = start_worker(queue=queue, name=queue, env=env)
    try:
        yield queue
    finally:
        stop_worker(process)
        log.unlink(missing_ok=True)


@pytest.fixture
def on_providers_worker(providers_worker, real_providers):
    """Jobs this process enqueues go to ``providers_worker``; yields the fake Twilio."""
    from assistant.celery import app

    before = app.conf.task_default_queue
    app.conf.task_default_queue = providers_worker
    yield real_providers
    app.conf.task_default_queue = before
