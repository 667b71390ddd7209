"""Turning raw samples into rows: percentiles, and the result of one load-generator run."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tests.bench.registry import Row, reference_for


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``samples`` (0 < fraction <= 1); needs one sample.

    Nearest-rank always returns a value that was actually observed, which is what a reader
    of "p95 = 12 ms" expects; with a few hundred samples interpolation would add nothing.
    """
    if not samples:
        raise ValueError("a percentile of no samples is undefined")
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_rows(
    key: str, label: str, samples_ms: Sequence[float], *, reference: str | None, note: str = ""
) -> list[Row]:
    """Rows ``key.p50`` and ``key.p95`` (ms), compared with ``reference.p50`` / ``.p95``."""
    return [
        Row(
            key=f"{key}.p{pct}",
            label=f"{label} p{pct}",
            value=percentile(samples_ms, pct / 100),
            unit="ms",
            reference=reference_for(reference, f".p{pct}"),
            note=note if pct == 50 else "",  # say it once
        )
        for pct in (50, 95)
    ]


@dataclass(frozen=True)
class LoadResult:
    """What the load generators saw inside the measurement window, merged over processes.

    ``ok`` counts 200 responses, ``errors`` everything else (other statuses, broken
    connections); ``latencies_ms`` has one entry per 200 response.
    """

    url: str
    ok: int
    errors: int
    window_s: float
    latencies_ms: tuple[float, ...]
    first_error: str | None

    @property
    def requests_per_second(self) -> float:
        """Successful responses per second of window (errors do not count as throughput)."""
        return self.ok / self.window_s

    def rows(self, key: str, label: str, *, reference: str | None = None) -> list[Row]:
        """Throughput (``key.rps``) and latency (``key.p50``, ``key.p95``) rows.

        With ``reference`` (e.g. ``Ceiling.HTTP``) each row is compared with the same measure
        of that ceiling. Raises ``RuntimeError`` when no request succeeded: there is nothing
        to report, and a row of zeros would read as a measurement.
        """
        if self.ok == 0:
            raise RuntimeError(
                f"no successful response from {self.url} in {self.window_s:.1f} s "
                f"({self.errors} errors; first: {self.first_error})"
            )
        note = ""
        if self.errors:
            note = (
                f"{self.errors} failed requests not counted in {label} (first: {self.first_error})"
            )
        throughput = Row(
            key=f"{key}.rps",
            label=f"{label} throughput",
            value=self.requests_per_second,
            unit="req/s",
            reference=reference_for(reference, ".rps"),
            note=note,
        )
        return [throughput, *latency_rows(key, label, self.latencies_ms, reference=reference)]
