"""One clock for every hold: the database's.

Quiet hours, undo windows, ``send_at``, expiry and leases are compared against one clock, the
database's, so a worker on a machine whose clock drifts never sends early or expires late.
Two tools, used together:

- ``now()``: this process's time corrected by its measured offset from the database clock
  (measured with one query at most once a minute). Timestamps the engine writes, and the
  countdowns it computes, come from here.
- ``sql_now()``: the database's own ``now()``, for conditions inside a claim (``run_after <=
  now()``), so even a stale offset cannot release a hold early.

Tests that move time patch both (an injected clock); ``offset_seconds()`` is what /health/
and the worker's start-up check report.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from django.db import DatabaseError, connection
from django.db.models import Func
from django.db.models.functions import Now

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 60.0
SKEW_WARNING_SECONDS = 5.0  # beyond this a process says its clock is wrong

_lock = threading.Lock()
_measured: tuple[float, float] | None = None  # (monotonic time of measuring, offset seconds)


def _local_time() -> float:
    """This machine's clock (a test makes it drift by patching this)."""
    return time.time()


def measure_offset() -> float:
    """Seconds to add to this machine's clock to get the database's (one query).

    SQLite runs in this process, so its clock is this machine's: the offset is zero.
    """
    if connection.vendor != "postgresql":
        return 0.0
    before = _local_time()
    with connection.cursor() as cursor:
        cursor.execute("SELECT extract(epoch FROM clock_timestamp())")
        database = float(cursor.fetchone()[0])
    after = _local_time()
    return database - (before + after) / 2


def offset_seconds(*, refresh: bool = False) -> float:
    """The measured offset from the database clock, measured again after a minute.

    When the database cannot be asked the last measurement stands (zero before the first).
    """
    global _measured
    with _lock:
        measured = _measured
    if refresh or measured is None or time.monotonic() - measured[0] > REFRESH_SECONDS:
        try:
            offset = measure_offset()
        except DatabaseError as error:
            logger.warning("Could not read the database clock (%s); using the last offset.", error)
            return measured[1] if measured else 0.0
        with _lock:
            _measured = (time.monotonic(), offset)
        return offset
    return measured[1]


def now() -> datetime:
    """The database's time, as this process best knows it (aware, UTC)."""
    return datetime.fromtimestamp(_local_time() + offset_seconds(), tz=UTC)


def sql_now() -> Func:
    """The database's ``now()`` for use inside a query."""
    return Now()


def skew_warning(offset: float) -> str:
    """A sentence when ``offset`` is beyond a few seconds, else ""."""
    if abs(offset) <= SKEW_WARNING_SECONDS:
        return ""
    side = "behind" if offset > 0 else "ahead of"
    return (
        f"This machine's clock is {abs(offset):.0f} s {side} the database's; holds are judged "
        "by the database's clock, but fix the time (NTP) on this machine."
    )
