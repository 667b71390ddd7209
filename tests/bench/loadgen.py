"""A small closed-loop HTTP load generator, run as its own process by the benchmark runner.

Usage: ``python -m tests.bench.loadgen URL --connections N --start-at T --stop-at T
[--requests FILE]``.

Each of ``--connections`` threads holds one keep-alive ``http.client`` connection and sends
GET requests back to back until ``--stop-at``. Only responses that *complete* inside the
window ``[--start-at, --stop-at)`` (wall-clock ``time.time()`` seconds, shared by every load
process on the machine) are counted; everything before ``--start-at`` is warm-up. The process
prints one JSON object on stdout::

    {"ok": int, "errors": int, "window_s": float, "latencies_ms": [float, ...],
     "first_error": str | null, "exhausted": bool}

``latencies_ms`` holds one entry per counted successful response. A response is successful
when its status is 200; anything else, and any connection failure, counts as an error (the
connection is then reopened). The process exits 0 whenever it could run the window at all.

With ``--requests FILE`` the threads send FILE's prepared requests instead of GETs, each
exactly once, in file order (the threads share one reader): one JSON object per line,
``{"method": str, "headers": {str: str}, "body": str}`` with the body's bytes as latin-1
text (``encode_request`` writes such a line). A thread that finds none left stops, and
``"exhausted": true`` says the window was not loaded to its end.

It imports only the standard library, so it starts in a few tens of milliseconds and its CPU
use is the cost of generating load, nothing else.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit

# A dead server must not hang a thread: no single request may take longer than this.
_REQUEST_TIMEOUT_S = 10.0


@dataclass
class _ThreadTally:
    """What one connection thread saw inside the window; merged after the threads join."""

    ok: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str | None = None
    exhausted: bool = False


# What one request sends: method, body (None: none) and headers.
_Request = tuple[str, bytes | None, Mapping[str, str]]
_GET: _Request = ("GET", None, {})


def _always_get() -> _Request:
    """Without ``--requests``: the same GET of the URL, every time."""
    return _GET


def encode_request(method: str, headers: Mapping[str, str], body: bytes) -> str:
    """One line of a ``--requests`` file (newline included) for this request."""
    fields = {"method": method, "headers": dict(headers), "body": body.decode("latin-1")}
    return json.dumps(fields, separators=(",", ":")) + "\n"


def _prepared(file: IO[str]) -> Callable[[], _Request | None]:
    """The next request of a ``--requests`` file on each call, None once all are taken.

    Lines are read and parsed one at a time, outside the timed span, so a large file costs
    neither start-up time nor memory; the lock hands each line to exactly one thread.
    """
    lock = threading.Lock()

    def take() -> _Request | None:
        with lock:
            line = file.readline()
        if not line.strip():
            return None
        fields = json.loads(line)
        return fields["method"], fields["body"].encode("latin-1"), fields["headers"]

    return take


def _drive(
    host: str,
    port: int,
    target: str,
    start_at: float,
    stop_at: float,
    tally: _ThreadTally,
    next_request: Callable[[], _Request | None] = _always_get,
) -> None:
    """Send requests on one keep-alive connection until ``stop_at``; record into ``tally``."""
    connection: http.client.HTTPConnection | None = None
    # Reading the wall clock per request costs little next to an HTTP round trip; latencies
    # use perf_counter, which is monotonic and finer.
    while (now := time.time()) < stop_at:
        if (request := next_request()) is None:
            tally.exhausted = True
            break
        method, body, headers = request
        if connection is None:
            connection = http.client.HTTPConnection(host, port, timeout=_REQUEST_TIMEOUT_S)
        began = time.perf_counter()
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            error = None if status == 200 else f"HTTP {status}"
            if response.will_close:
                # The server ended keep-alive; reconnect rather than fail the next request.
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            connection.close()
            connection = None
        elapsed_ms = (time.perf_counter() - began) * 1000.0
        finished = time.time()
        if not start_at <= finished < stop_at:
            continue  # warm-up, or a response that straddled the end of the window
        if error is None:
            tally.ok += 1
            tally.latencies_ms.append(round(elapsed_ms, 3))
        else:
            tally.errors += 1
            tally.first_error = tally.first_error or error
            if now >= start_at:
                # Back off a little so a refusing server does not turn this into a spin loop.
                time.sleep(0.01)
    if connection is not None:
        connection.close()


def run(
    url: str,
    connections: int,
    start_at: float,
    stop_at: float,
    requests: IO[str] | None = None,
) -> dict[str, object]:
    """Load ``url`` with ``connections`` keep-alive threads; return the JSON-able summary.

    With ``requests`` (an open ``--requests`` file) the threads send its requests, each once.
    """
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"loadgen only speaks plain http:// to a host, not {url!r}")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    tallies = [_ThreadTally() for _ in range(connections)]
    next_request = _prepared(requests) if requests is not None else _always_get
    threads = [
        threading.Thread(
            target=_drive,
            args=(parts.hostname, parts.port or 80, target, start_at, stop_at, tally, next_request),
            daemon=True,  # never keep the process alive past its window
        )
        for tally in tallies
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, stop_at - time.time()) + _REQUEST_TIMEOUT_S + 1.0)
    latencies = [ms for tally in tallies for ms in tally.latencies_ms]
    first_error = next((t.first_error for t in tallies if t.first_error), None)
    return {
        "ok": sum(t.ok for t in tallies),
        "errors": sum(t.errors for t in tallies),
        "window_s": stop_at - start_at,
        "latencies_ms": latencies,
        "first_error": first_error,
        "exhausted": any(t.exhausted for t in tallies),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--start-at", type=float, required=True, help="wall-clock seconds")
    parser.add_argument("--stop-at", type=float, required=True, help="wall-clock seconds")
    parser.add_argument("--requests", metavar="FILE", help="prepared requests to send, each once")
    args = parser.parse_args(argv)
    if args.stop_at <= args.start_at or args.connections < 1:
        parser.error("need --stop-at after --start-at and at least one connection")
    if args.requests is None:
        summary = run(args.url, args.connections, args.start_at, args.stop_at)
    else:
        with open(args.requests, encoding="utf-8") as requests:
            summary = run(args.url, args.connections, args.start_at, args.stop_at, requests)
    json.dump(summary, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
