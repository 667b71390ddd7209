"""Workers and beat refuse a Redis that may evict queued jobs (PROMISES.md #8)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured

from assistant.engine.brokers import redis_eviction_policy_check
from tests.helpers import wait_for

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="redis-server not installed"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def evicting_redis() -> Iterator[str]:
    """A throw-away redis-server configured the way a cache would be: allkeys-lru."""
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_for(answers, timeout=10, what="the throw-away redis-server")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_evicting_redis_is_refused_with_the_command_that_fixes_it(evicting_redis):
    with pytest.raises(ImproperlyConfigured, match=r"maxmemory-policy='allkeys-lru'.*noeviction"):
        redis_eviction_policy_check(evicting_redis)


def test_a_noeviction_redis_is_accepted(evicting_redis):
    redis.Redis.from_url(evicting_redis).config_set("maxmemory-policy", "noeviction")
    redis_eviction_policy_check(evicting_redis)  # does not raise


def test_a_celery_worker_will_not_start_on_an_evicting_redis(evicting_redis):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "REDIS_URL": evicting_redis}
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "assistant", "worker", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Refusing to start" in result.stdout + result.stderr
    assert "noeviction" in result.stdout + result.stderr
