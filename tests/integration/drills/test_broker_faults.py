"""Broker drills (PROMISES.md #8, issue 12: nothing lost, nothing twice).

Each drill runs its own redis-server and a real worker started with the Procfile's options,
sends through the fake Twilio (so a send is a request Twilio received), breaks the broker or
the worker mid-burst, runs the sweeper as beat would, and checks what the provider saw: every
approved text sent exactly once, nothing left approved or executing, the worker still up.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assistant.engine.actions import action_approve, action_propose, actions_sweep
from assistant.models import Action, TeamPolicy, UserAgentSettings
from tests.conftest import ROOT, provider_settings, start_worker, stop_worker
from tests.helpers import wait_for
from tests.integration.drills.redis_server import RedisServer, publishing_to

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

BURST = 50
UNDO_SECONDS = 3  # the teammate's undo window: their approvals wait in the broker this long
LEASE_SECONDS = 3  # the sweeper's lease in this process (the setting's floor is for production)
RECOVERY_TIMEOUT_S = 45.0


def procfile_worker_options() -> list[str]:
    """The options of the Procfile's worker line after ``celery -A assistant worker``."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "worker":
            words = shlex.split(command)
            return words[words.index("worker") + 1 :]
    raise AssertionError("the Procfile has no worker line")


def worker_db() -> int:
    """This xdist worker's Redis database number (tests/settings.py picks it; so does the
    worker, which inherits PYTEST_XDIST_WORKER)."""
    from django.conf import settings

    return int(urlsplit(settings.REDIS_URL).path.strip("/") or 0)


@pytest.fixture
def broker_factory() -> Iterator[Callable[..., RedisServer]]:
    servers: list[RedisServer] = []

    def make(**options: object) -> RedisServer:
        server = RedisServer(**options).start()  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def workers() -> Iterator[list[tuple[subprocess.Popen[bytes], Path]]]:
    """Workers a drill starts; each is stopped and its log removed afterwards."""
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    yield started
    for process, log in started:
        stop_worker(process)
        log.unlink(missing_ok=True)


@pytest.fixture
def burst(task, alice, principal, teammate, settings):
    """``BURST`` texts to Alice waiting for approval, each with a body of its own; the team
    sends at any hour and has room for all of them today."""
    settings.DISPATCH_LEASE_SECONDS = LEASE_SECONDS
    TeamPolicy.objects.update_or_create(
        team=task.team,
        defaults={"quiet_hours_start": "00:00", "quiet_hours_end": "00:00",
                  "daily_limit_sms": 10**6, "user_daily_limit_sms": 10**6},
    )  # fmt: skip
    UserAgentSettings.objects.filter(membership__user=teammate).update(undo_seconds=UNDO_SECONDS)
    actions = [
        action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": f"Drill {n}"})
        for n in range(BURST)
    ]
    assert {action.status for action in actions} == {"pending_approval"}
    return actions


def start_drill_worker(
    server: RedisServer, workers: list, twilio: object, smtp: object, *, name: str = "drill"
) -> subprocess.Popen[bytes]:
    env = {**provider_settings(twilio, smtp), "REDIS_URL": server.url(worker_db())}
    process, log = start_worker(name=name, env=env, options=procfile_worker_options())
    workers.append((process, log))
    return process


def approve(action: Action, principal, teammate, n: int) -> None:
    """Every third approval is the teammate's, which waits out their undo window."""
    user = teammate if n % 3 == 0 else principal
    action_approve(action=action, user=user, via="web", digest=action.decided_digest)


def sweep_until_settled(actions: list[Action], timeout: float = RECOVERY_TIMEOUT_S) -> None:
    """Run the sweeper (beat runs it every minute) until no action is approved or executing."""
    ids = [action.pk for action in actions]

    def settled() -> bool:
        actions_sweep()
        return not Action.objects.filter(pk__in=ids, status__in=["approved", "executing"]).exists()

    deadline = time.monotonic() + timeout
    while not settled():
        if time.monotonic() > deadline:
            left = Counter(Action.objects.filter(pk__in=ids).values_list("status", flat=True))
            raise AssertionError(f"actions not settled after {timeout:.0f} s: {dict(left)}")
        time.sleep(0.5)


def assert_each_sent_exactly_once(actions: list[Action], twilio) -> None:
    wanted = {action.args["body"] for action in actions}
    # The last texts may still be on their way from the worker to the fake.
    wait_for(lambda: wanted <= {m["Body"] for m in twilio.messages()}, timeout=15,
             what="every text at the fake Twilio")  # fmt: skip
    sends = Counter(message["Body"] for message in twilio.messages())
    assert {body: sends[body] for body in wanted} == dict.fromkeys(wanted, 1)
    assert sum(sends.values()) == len(wanted)
    statuses = Counter(
        Action.objects.filter(pk__in=[a.pk for a in actions]).values_list("status", flat=True)
    )
    assert statuses == {"succeeded": len(actions)}


def worker_alive(process: subprocess.Popen[bytes], log: Path) -> bool:
    if process.poll() is None:
        return True
    raise AssertionError(f"the worker exited with {process.returncode}:\n{log.read_text()[-4000:]}")


def log_of(process: subprocess.Popen[bytes], workers: list) -> Path:
    return next(log for started, log in workers if started is process)


def restart_broker_mid_burst(
    server: RedisServer, actions: list[Action], principal, teammate
) -> None:
    """Approve a third, kill Redis, approve a third while it is down, start it again (with or
    without its data, as configured), approve the rest."""
    third = len(actions) // 3
    for n, action in enumerate(actions[:third]):
        approve(action, principal, teammate, n)
    server.kill()
    for n, action in enumerate(actions[third : 2 * third], start=third):
        approve(action, principal, teammate, n)
    server.start()
    for n, action in enumerate(actions[2 * third :], start=2 * third):
        approve(action, principal, teammate, n)


@pytest.mark.parametrize("persistent", [False, True], ids=["without-its-data", "with-its-data"])
def test_a_redis_restart_mid_burst_sends_every_approved_text_exactly_once_and_the_worker_lives(
    persistent, broker_factory, workers, burst, principal, teammate, fake_twilio,
    smtp_fake_server,
):  # fmt: skip
    server = broker_factory(persistent=persistent)
    with publishing_to(server.url(worker_db())):
        worker = start_drill_worker(server, workers, fake_twilio, smtp_fake_server)

        restart_broker_mid_burst(server, burst, principal, teammate)
        sweep_until_settled(burst)

        assert_each_sent_exactly_once(burst, fake_twilio)
        assert worker_alive(worker, log_of(worker, workers))
        # ... and it still takes new work: a ping goes through it after the restart.
        from assistant.engine.jobs import ping_job

        assert ping_job.apply_async().get(timeout=30) == "pong"


def test_a_worker_killed_during_the_undo_window_leaves_the_text_to_the_next_worker_once(
    broker_factory, workers, burst, teammate, fake_twilio, smtp_fake_server
):
    server = broker_factory(persistent=False)
    with publishing_to(server.url(worker_db())):
        doomed = start_drill_worker(server, workers, fake_twilio, smtp_fake_server, name="doomed")
        actions = burst[:5]
        for action in actions:  # each waits out the teammate's undo window in the worker
            action_approve(action=action, user=teammate, via="web", digest=action.decided_digest)
        # The worker has taken them (reserved, waiting for their countdown) before it dies.
        wait_for(lambda: server.client(worker_db()).llen("celery") == 0, timeout=10,
                 what="the worker to take the held texts")  # fmt: skip
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        assert fake_twilio.messages() == []
        assert set(Action.objects.filter(pk__in=[a.pk for a in actions])
                   .values_list("status", flat=True)) == {"approved"}  # fmt: skip

        successor = start_drill_worker(server, workers, fake_twilio, smtp_fake_server)
        sweep_until_settled(actions)

        assert_each_sent_exactly_once(actions, fake_twilio)
        assert worker_alive(successor, log_of(successor, workers))


def test_a_worker_whose_redis_comes_back_evicting_logs_an_error_and_keeps_working(
    broker_factory, workers, fake_twilio, smtp_fake_server
):
    server = broker_factory(persistent=False)
    with publishing_to(server.url(worker_db())):
        worker = start_drill_worker(server, workers, fake_twilio, smtp_fake_server)
        log = log_of(worker, workers)

        server.policy = "allkeys-lru"  # restarted from a cache's configuration
        server.restart()

        deadline = time.monotonic() + 30
        while "BROKER_MAY_EVICT" not in log.read_text():
            assert time.monotonic() < deadline, f"no error logged:\n{log.read_text()[-4000:]}"
            time.sleep(0.1)
        words = next(line for line in log.read_text().splitlines() if "BROKER_MAY_EVICT" in line)
        assert " ERROR " in words and "allkeys-lru" in words and "noeviction" in words
        assert worker_alive(worker, log)
        from assistant.engine.jobs import ping_job

        assert ping_job.apply_async().get(timeout=30) == "pong"
