"""The benchmark registry: what a benchmark is, what it returns, and what it is compared with.

Adding a benchmark is a function in a ``tests/bench/bench_*.py`` module (every such module is
imported by the runner), decorated with ``@benchmark``, that takes the run's ``BenchContext``
and returns ``Row``s. A row that should be read against a reference ceiling names that
ceiling's key in ``reference``; the table then shows ``value ÷ ceiling value`` beside it::

    from tests.bench.context import FULL_SITE, BenchContext
    from tests.bench.registry import Ceiling, Row, benchmark

    @benchmark("tasks page")
    def tasks_page(ctx: BenchContext) -> list[Row]:
        result = ctx.load(ctx.http_server(FULL_SITE) + "/tasks/")
        return result.rows("http.tasks", "GET /tasks/", reference=Ceiling.HTTP)

Contracts:
- a benchmark measures; it never asserts on a number. Raising means "could not measure"
  (the runner reports it as a failure, carries on with the others, and exits non-zero);
- ceiling benchmarks (``ceiling=True``) run first, in registration order, then the rest;
- ``Row.key`` is unique within a run and stable across runs, so it can be referenced and
  compared between runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.bench.context import BenchContext


class Ceiling:
    """Keys of the reference-ceiling rows, for ``Row.reference``.

    ``HTTP``, ``STORE`` and ``TASK`` are key prefixes: rows derived from them append ``.rps``,
    ``.p50`` or ``.p95`` (see ``LoadResult.rows`` and ``reference_for``).
    """

    HTTP = "ceiling.http.bare"  # the bare Django view under gunicorn
    HTTP_RPS = HTTP + ".rps"
    HTTP_P50 = HTTP + ".p50"
    HTTP_P95 = HTTP + ".p95"
    TASK = "ceiling.task.noop"  # a no-op Celery task round trip through a real worker
    TASK_P50 = TASK + ".p50"
    TASK_P95 = TASK + ".p95"
    # A bare view that stores one row and publishes one job, loaded like a webhook: the floor
    # of any webhook (measured in bench_inbound, beside the webhook read against it).
    STORE = "ceiling.http.store_enqueue"
    STORE_RPS = STORE + ".rps"
    STORE_P50 = STORE + ".p50"
    STORE_P95 = STORE + ".p95"
    # Three rows fetched by primary key through the ORM, median: the floor of loading a
    # decision's facts (measured in bench_engine, beside the policy read against it).
    PK_QUERIES_P50 = "ceiling.db.three_pk_queries.p50"


@dataclass(frozen=True)
class Row:
    """One measured number.

    ``reference`` is the key of the ceiling row this one is read against (None: no
    comparison); ``note`` is printed as a footnote under the table (errors seen, caveats).
    """

    key: str
    label: str
    value: float
    unit: str
    reference: str | None = None
    note: str = ""


BenchFunction = Callable[["BenchContext"], list[Row]]


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: BenchFunction
    ceiling: bool


REGISTRY: list[Benchmark] = []


def benchmark(name: str, *, ceiling: bool = False) -> Callable[[BenchFunction], BenchFunction]:
    """Register the decorated function as a benchmark called ``name`` (unique)."""

    def register(function: BenchFunction) -> BenchFunction:
        if any(existing.name == name for existing in REGISTRY):
            raise ValueError(f"a benchmark called {name!r} is already registered")
        REGISTRY.append(Benchmark(name=name, function=function, ceiling=ceiling))
        return function

    return register


def reference_for(reference_prefix: str | None, suffix: str) -> str | None:
    """``reference_prefix + suffix`` (e.g. ``Ceiling.HTTP`` + ``".p50"``), None stays None."""
    return None if reference_prefix is None else reference_prefix + suffix


def in_run_order() -> list[Benchmark]:
    """Ceilings first, each group in registration order."""
    return [b for b in REGISTRY if b.ceiling] + [b for b in REGISTRY if not b.ceiling]
