"""The shared resources of one benchmark run: servers, a Celery worker, the load generator.

A benchmark asks its ``BenchContext`` for what it needs; the first request starts it, later
requests reuse it, and everything started is stopped when the run's ``ExitStack`` closes
(the runner closes it in a ``finally``). Nothing here asserts on a measured number.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.bench.loadgen import encode_request
from tests.bench.measure import LoadResult
from tests.bench.processes import (
    REPO_ROOT,
    BenchProcessError,
    ManagedProcess,
    child_environment,
    free_port,
)

# Settings modules a benchmark can serve with ``BenchContext.http_server``.
FULL_SITE = "assistant.settings"  # the real project: every middleware, every app
BARE_SITE = "tests.bench.settings_bare"  # no apps, no middleware, one tiny view

# A queue of the bench's own, so that a worker someone else runs on the same broker (``make
# run``, the integration tests) cannot take the bench's pings, and the bench's worker never
# runs their jobs. No dots: the filesystem transport finds a queue's files by the text after
# the first dot of their names.
BENCH_QUEUE = "consigliere-bench"


@dataclass(frozen=True)
class RunConfig:
    """How hard and how long to measure; the defaults keep ``make bench`` under two minutes.

    HTTP: gunicorn's gthread worker, one process per core with a few threads each (the
    Procfile's shape, so the ceiling is what production would serve), loaded by two load
    generator processes so that the client's GIL is not the limit on a two-core machine, with
    as many keep-alive connections as the server has threads in total.
    """

    warmup_s: float = 1.0
    duration_s: float = 5.0
    server_workers: int = 2
    server_threads: int = 4
    load_processes: int = 2
    connections_per_process: int = 4
    task_warmup: int = 10
    task_samples: int = 200
    # Round trips stop early (with a note) after this long, so a slow broker cannot
    # stretch the run past its budget.
    task_budget_s: float = 45.0
    ready_timeout_s: float = 60.0


@dataclass(frozen=True)
class PreparedRequest:
    """One request for ``BenchContext.load`` to send exactly once, instead of a GET."""

    body: bytes
    headers: Mapping[str, str]
    method: str = "POST"


class BenchContext:
    """Lazily started, shared, always stopped resources for the benchmarks of one run."""

    def __init__(self, config: RunConfig, stack: ExitStack) -> None:
        self.config = config
        self._stack = stack
        self._servers: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
        self._worker_ready = False

    # --- description ------------------------------------------------------------------------

    def describe(self) -> str:
        """One line naming the machine and the configured backends, for the table header."""
        settings = self.django_settings()
        database = settings.DATABASES["default"]
        vendor = database["ENGINE"].rsplit(".", 1)[-1]
        name = Path(str(database["NAME"])).name if vendor == "sqlite3" else database["NAME"]
        where = f"@{database.get('HOST') or 'local'}" if vendor != "sqlite3" else ""
        cfg = self.config
        return (
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"broker {self.broker_name()}, database {vendor} {name}{where}; "
            f"HTTP: gunicorn gthread {cfg.server_workers}x{cfg.server_threads}, load "
            f"{cfg.load_processes}x{cfg.connections_per_process} keep-alive connections, "
            f"{cfg.warmup_s:g} s warm-up + {cfg.duration_s:g} s"
        )

    def broker_name(self) -> str:
        """The configured Celery broker's transport: ``redis`` or ``filesystem``."""
        return urlsplit(self.django_settings().CELERY_BROKER_URL).scheme

    @staticmethod
    def django_settings() -> Any:
        """The project's settings, with Django set up in this process (first call only)."""
        import django
        from django.apps import apps
        from django.conf import settings

        if not apps.ready:
            django.setup()
        return settings

    # --- HTTP -------------------------------------------------------------------------------

    def http_server(
        self, settings_module: str, environment: Mapping[str, str] | None = None
    ) -> str:
        """Base URL (``http://127.0.0.1:PORT``) of gunicorn serving ``settings_module``.

        ``environment`` adds variables to the server's environment, for settings read at
        start-up (``TWILIO_AUTH_TOKEN``, ``CELERY_QUEUE``...). Started on first use (one
        server per settings module and environment), ready once it answers any HTTP
        request, stopped with the run.
        """
        extra = dict(environment or {})
        key = (settings_module, tuple(sorted(extra.items())))
        if key in self._servers:
            return self._servers[key]
        port = free_port()
        cfg = self.config
        server = ManagedProcess(
            f"gunicorn-{settings_module}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "assistant.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--worker-class",
                "gthread",
                "--workers",
                str(cfg.server_workers),
                "--threads",
                str(cfg.server_threads),
                "--log-level",
                "warning",
                # Gunicorn 27 opens a control socket at one fixed path per user by default;
                # two bench servers (or a developer's) would collide on it.
                "--no-control-socket",
            ],
            child_environment({**extra, "DJANGO_SETTINGS_MODULE": settings_module}),
        )
        self._stack.callback(server.stop)
        server.start()
        server.wait_until(
            lambda: _answers_http("127.0.0.1", port),
            cfg.ready_timeout_s,
            f"answering HTTP on port {port}",
        )
        self._servers[key] = base = f"http://127.0.0.1:{port}"
        return base

    def load(self, url: str, requests: Sequence[PreparedRequest] | None = None) -> LoadResult:
        """Drive ``url`` with the configured load from separate processes; merge what they saw.

        All load processes share one wall-clock window that starts after the warm-up, so
        their counts add up to the server's throughput over the same interval.

        With ``requests`` the load sends those instead of GETs, each exactly once (warm-up
        included), dealt out in turn to the load processes. There must be more than the
        warm-up and the window can take: running out raises ``RuntimeError``, since the
        rest of the window went unloaded.
        """
        shares = self.config.load_processes
        request_files: list[Path] = []
        try:
            for share in range(shares if requests is not None else 0):
                with tempfile.NamedTemporaryFile(
                    "w", prefix="bench-requests-", suffix=".jsonl", delete=False
                ) as request_file:
                    request_files.append(Path(request_file.name))
                    request_file.writelines(
                        encode_request(r.method, r.headers, r.body)
                        for r in (requests or ())[share::shares]
                    )
            return self._load(url, request_files, prepared=len(requests or ()))
        finally:
            for request_file in request_files:
                request_file.unlink(missing_ok=True)

    def _load(self, url: str, request_files: list[Path], *, prepared: int) -> LoadResult:
        cfg = self.config
        # Leave the processes a moment to start (stdlib only: tens of milliseconds) before the
        # warm-up begins, so every one of them is sending when the window opens.
        start_at = time.time() + 0.3 + cfg.warmup_s
        stop_at = start_at + cfg.duration_s
        argv = [
            sys.executable,
            "-m",
            "tests.bench.loadgen",
            url,
            "--connections",
            str(cfg.connections_per_process),
            "--start-at",
            repr(start_at),
            "--stop-at",
            repr(stop_at),
        ]
        outputs = [
            tempfile.TemporaryFile()  # noqa: SIM115  (closed below)
            for _ in range(cfg.load_processes)
        ]
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for share, output in enumerate(outputs):
                prepared_args = ["--requests", str(request_files[share])] if request_files else []
                processes.append(
                    subprocess.Popen(
                        argv + prepared_args,
                        cwd=REPO_ROOT,
                        env=child_environment({}),
                        stdin=subprocess.DEVNULL,
                        stdout=output,
                        # Out of the terminal's process group: Ctrl-C reaches the runner, whose
                        # finally below ends these, instead of printing a traceback per process.
                        start_new_session=True,
                    )
                )
            reports = []
            for process, output in zip(processes, outputs, strict=True):
                # The generator stops itself at stop_at; this bound only catches a hang.
                process.wait(timeout=max(0.0, stop_at - time.time()) + 30.0)
                if process.returncode != 0:
                    raise BenchProcessError(f"load generator exited with {process.returncode}")
                output.seek(0)
                reports.append(json.loads(output.read()))
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            for output in outputs:
                output.close()
        if any(report.get("exhausted") for report in reports):
            raise RuntimeError(
                f"the load generators sent all {prepared:,} prepared requests before the "
                "window closed; prepare more"
            )
        return LoadResult(
            url=url,
            ok=sum(r["ok"] for r in reports),
            errors=sum(r["errors"] for r in reports),
            window_s=cfg.duration_s,
            latencies_ms=tuple(ms for r in reports for ms in r["latencies_ms"]),
            first_error=next((r["first_error"] for r in reports if r["first_error"]), None),
        )

    # --- Celery -----------------------------------------------------------------------------

    def celery_worker(self) -> str:
        """Name of the queue a real, ready ``celery worker`` consumes on the configured broker.

        The worker runs ``--concurrency 1`` without gossip, mingle or heartbeat. It is ready
        when a ``ping_job`` sent to the queue comes back; every ping sent while waiting is
        then drained, so the queue is empty when this returns.
        """
        if self._worker_ready:
            return BENCH_QUEUE
        from celery.exceptions import TimeoutError as ResultTimeout

        self.django_settings()
        from assistant.engine.jobs import ping_job

        worker = ManagedProcess(
            "celery-worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "assistant",
                "worker",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
                "--queues",
                BENCH_QUEUE,
                # A node name of its own, so it never clashes with another worker's.
                "--hostname",
                f"bench-{os.getpid()}@%h",
            ],
            child_environment({"DJANGO_SETTINGS_MODULE": FULL_SITE}),
        )
        self._stack.callback(worker.stop)
        worker.start()
        sent = []

        def pong() -> bool:
            result = ping_job.apply_async(queue=BENCH_QUEUE)
            sent.append(result)
            try:
                return result.get(timeout=1.0, interval=RESULT_POLL_S) == "pong"
            except ResultTimeout:
                return False

        worker.wait_until(pong, self.config.ready_timeout_s, "answering a ping")
        # Pings sent before the worker was up are still queued ahead of the measurement.
        for result in sent:
            result.get(timeout=self.config.ready_timeout_s, interval=RESULT_POLL_S)
            result.forget()
        self._worker_ready = True
        return BENCH_QUEUE


# How often ``AsyncResult.get`` looks for a result on backends it must poll (the filesystem
# one; Redis pushes results). Celery's default of 0.5 s would measure the polling, not the
# round trip; 5 ms keeps that error small without spinning a core the worker needs.
RESULT_POLL_S = 0.005


def _answers_http(host: str, port: int) -> bool:
    """True when ``host:port`` returns any HTTP response to ``GET /`` within a second."""
    connection = http.client.HTTPConnection(host, port, timeout=1.0)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
