"""A redis-server of a drill's own, on a free port, that the drill may stop, kill and restart.

``RedisServer`` starts ``redis-server`` as a child process, waits until it answers PING (polling
with a deadline, never a blind sleep), and restarts it on the same port, with its data
(``persistent=True``: an append-only file in a temporary directory) or empty (no RDB, no AOF:
a restart loses every queued job, as a Redis without persistence does after a crash).

``publishing_to(url)`` points this process's Celery app (its broker and result backend) at
another Redis for the length of a ``with`` block, so the jobs a service enqueues here go to
the drill's server instead of the test run's shared one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.helpers import free_port

READY_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 15.0


class RedisServer:
    """One ``redis-server`` on 127.0.0.1, never evicting (as the app requires).

    ``url(db)`` is its address; ``stop()`` ends it (SIGTERM; with persistence, Redis writes its
    append-only file first); ``kill()`` ends it at once (SIGKILL); ``start()`` starts it again
    on the same port and directory. Use it as a context manager to be sure it is stopped.
    """

    def __init__(self, *, persistent: bool = False, policy: str = "noeviction") -> None:
        self.persistent = persistent
        self.policy = policy
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="drill-redis-"))
        self.log = self.directory / "redis.log"
        self._process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def argv(self) -> list[str]:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else [
            "--appendonly", "no",
        ]  # fmt: skip
        return [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(self.directory), "--save", "", *persistence,
            "--maxmemory-policy", self.policy, "--daemonize", "no",
            "--logfile", str(self.log),
        ]  # fmt: skip

    def start(self) -> RedisServer:
        if self.running():
            raise RuntimeError(f"redis-server on port {self.port} is already running")
        self._process = subprocess.Popen(
            self.argv(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        self.wait_until_ready()
        return self

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Poll PING until the server answers (with persistence, once its data is loaded)."""
        client = redis.Redis.from_url(self.url(), socket_connect_timeout=0.5, socket_timeout=0.5)
        deadline = time.monotonic() + timeout
        try:
            while True:
                if self._process is not None and self._process.poll() is not None:
                    raise RuntimeError(
                        f"redis-server exited with {self._process.returncode}:\n{self.log_tail()}"
                    )
                try:
                    if client.ping():
                        return
                except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"redis-server on port {self.port} did not answer within {timeout:.0f} s"
                        f":\n{self.log_tail()}"
                    )
                time.sleep(0.02)
        finally:
            client.close()

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """SIGTERM, then wait for the process to exit (SIGKILL after ``STOP_TIMEOUT_S``)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)

    def kill(self) -> None:
        """SIGKILL: the server ends with no chance to write anything."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)

    def restart(self, *, kill: bool = True) -> None:
        """End the server (killed by default, as in a crash) and start it again, same port."""
        self.kill() if kill else self.stop()
        self.start()

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis.from_url(self.url(db), socket_connect_timeout=2, socket_timeout=5)

    def log_tail(self, lines: int = 20) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()


@contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """This process's Celery app sends jobs to, and reads results from, the Redis at ``url``.

    The app caches its connection pool, its producer pool and its result backend; each is
    dropped on the way in and on the way out so the next use builds it for the current URL.
    """
    from assistant.celery import app

    saved = (app.conf.broker_url, app.conf.result_backend)

    def forget_connections() -> None:
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    forget_connections()
    app.conf.broker_url = app.conf.result_backend = url
    try:
        yield
    finally:
        forget_connections()
        app.conf.broker_url, app.conf.result_backend = saved
