"""The two general reference ceilings most other benchmarks are read against, measured each run.

- HTTP: a Django view returning two bytes, no middleware, no app in use, under gunicorn,
  loaded over loopback from separate processes: no page of the project can be faster here.
- Task: a no-op Celery task's round trip from ``apply_async`` to its result, through a real
  worker on the configured broker: no job of the project can come back sooner.

Ceilings of one kind of work live beside the benchmark read against them, and run first too:
three primary-key queries (``bench_engine``) and store-and-enqueue (``bench_inbound``).
"""

from __future__ import annotations

import random
import time

from tests.bench.context import BARE_SITE, RESULT_POLL_S, BenchContext
from tests.bench.measure import latency_rows
from tests.bench.registry import Ceiling, Row, benchmark


@benchmark("bare Django view", ceiling=True)
def bare_view(ctx: BenchContext) -> list[Row]:
    ctx.django_settings()  # the URLconf imports a model
    from tests.bench.urls_bare import BARE_PATH

    result = ctx.load(ctx.http_server(BARE_SITE) + BARE_PATH)
    return result.rows(Ceiling.HTTP, "bare Django view")


@benchmark("no-op task round trip", ceiling=True)
def noop_task_round_trip(ctx: BenchContext) -> list[Row]:
    from assistant.engine.jobs import ping_job

    queue = ctx.celery_worker()
    cfg = ctx.config
    # A polling broker (the filesystem one) looks at its queue every ``polling_interval`` s and
    # sleeps in between. Sent back to back, each ping would arrive just after a look and wait
    # a whole interval, every time. An untimed random pause of up to one interval makes
    # arrivals fall anywhere in the cycle, as a job sent by a web request does. Redis pushes
    # messages to the worker, sets no interval, and gets no pause.
    options = ctx.django_settings().CELERY_BROKER_TRANSPORT_OPTIONS
    phase_jitter_s = float(options.get("polling_interval") or 0.0)
    samples_ms: list[float] = []
    deadline = time.monotonic() + cfg.task_budget_s
    for attempt in range(cfg.task_warmup + cfg.task_samples):
        if time.monotonic() > deadline:
            break
        if phase_jitter_s:
            time.sleep(random.uniform(0.0, phase_jitter_s))
        began = time.perf_counter()
        result = ping_job.apply_async(queue=queue)
        answer = result.get(timeout=30, interval=RESULT_POLL_S)
        elapsed_ms = (time.perf_counter() - began) * 1000.0
        # Outside the timed span: results would otherwise pile up until they expire.
        result.forget()
        if answer != "pong":
            raise RuntimeError(f"ping_job answered {answer!r}, not 'pong'")
        if attempt >= cfg.task_warmup:
            samples_ms.append(elapsed_ms)
    if not samples_ms:
        raise RuntimeError(f"no round trip measured within {cfg.task_budget_s:g} s")
    notes = []
    if phase_jitter_s:
        notes.append(
            f"the broker polls its queue every {phase_jitter_s:g} s; pings are sent at random "
            "points of that cycle"
        )
    if len(samples_ms) < cfg.task_samples:
        notes.append(f"only {len(samples_ms)} of {cfg.task_samples} round trips fit the budget")
    broker = ctx.broker_name()
    return latency_rows(
        Ceiling.TASK,
        f"no-op task round trip ({broker})",
        samples_ms,
        reference=None,
        note="; ".join(notes),
    )
