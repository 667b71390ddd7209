"""Child processes of the benchmark: start them, wait until they serve, always stop them.

Contract: every process started here is stopped by ``ManagedProcess.stop()``, which the runner
reaches through an ``ExitStack`` in a ``finally`` (Ctrl-C and SIGTERM included). Each child is
started in its own session, so the whole tree it forks (gunicorn workers, the Celery pool child)
shares one process group that ``stop()`` can signal by the id of the process we started, and a
Ctrl-C at the terminal reaches only the runner, which then shuts the children down in order.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from tests.helpers import free_port  # noqa: F401  (re-exported for the bench)

REPO_ROOT = Path(__file__).resolve().parents[2]

# How long a child gets to exit after SIGTERM before the process group gets SIGKILL.
_STOP_GRACE_S = 10.0
# Readiness probes: how often to ask, and how long one probe may block.
_POLL_INTERVAL_S = 0.1


class BenchProcessError(RuntimeError):
    """A child did not become ready in time, or exited early; the message ends with its log."""


def child_environment(overrides: Mapping[str, str]) -> dict[str, str]:
    """The runner's environment with ``overrides`` applied: what every child is started with."""
    environment = dict(os.environ)
    environment.update(overrides)
    # Children log through pipes into files; unbuffered output keeps their tail up to date
    # when we read it to explain a failure.
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


class ManagedProcess:
    """One long-running child (a server or a worker) whose output goes to a temporary log.

    ``start()`` launches it; ``wait_until(probe, timeout)`` polls until ``probe()`` returns
    True, raising ``BenchProcessError`` if the child exits first or time runs out;
    ``stop()`` is idempotent and safe to call whether or not the child ever started.
    """

    def __init__(self, name: str, argv: Sequence[str], environment: Mapping[str, str]) -> None:
        self.name = name
        self.argv = list(argv)
        self.environment = dict(environment)
        self._process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed in stop())
            prefix=f"bench-{name}-", suffix=".log", delete=False
        )

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def start(self) -> ManagedProcess:
        self._process = subprocess.Popen(
            self.argv,
            cwd=REPO_ROOT,
            env=self.environment,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: see the module docstring
        )
        return self

    def log_tail(self, lines: int = 25) -> str:
        """The last ``lines`` lines the child wrote, for error messages."""
        self._log.flush()
        text = Path(self._log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def wait_until(self, probe: Callable[[], bool], timeout: float, what: str) -> float:
        """Poll ``probe`` until it returns True; return the seconds it took.

        ``probe`` must bound its own I/O and return False while the answer is "not yet"; an
        exception it raises means "cannot work at all" and propagates.
        """
        if self._process is None:
            raise BenchProcessError(f"{self.name} was never started")
        began = time.monotonic()
        deadline = began + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BenchProcessError(
                    f"{self.name} exited with code {self._process.returncode} before {what}.\n"
                    f"--- last lines of {self._log.name} ---\n{self.log_tail()}"
                )
            if probe():
                return time.monotonic() - began
            time.sleep(_POLL_INTERVAL_S)
        raise BenchProcessError(
            f"{self.name} did not reach {what} within {timeout:.0f} s.\n"
            f"--- last lines of {self._log.name} ---\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """SIGTERM the child, wait, then SIGKILL its process group; remove the log.

        Only the child itself gets SIGTERM: gunicorn's arbiter and Celery's main process each
        shut their own workers down in order, which a group-wide SIGTERM would race with.
        """
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                # Not reaped yet, so the group id is still ours to signal: take the leader
                # and anything it forked.
                with contextlib.suppress(ProcessLookupError):  # already gone
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=_STOP_GRACE_S)
        if not self._log.closed:
            self._log.close()
            Path(self._log.name).unlink(missing_ok=True)
