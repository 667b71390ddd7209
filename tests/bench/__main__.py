"""``python -m tests.bench``: run every registered benchmark and print one table on stdout.

Progress and child-process failures go to stderr; stdout carries only the table. Exit status:
0 when every benchmark measured something, 1 when any could not (its row says "failed" and a
footnote says why), 130 when interrupted. Slow numbers never change the exit status.

Every ``tests/bench/bench_*.py`` module is imported, which registers its benchmarks (see
``tests.bench.registry``). Ceilings always run, first; ``--only`` picks among the others.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import signal
import sys
import time
import traceback
from contextlib import ExitStack
from types import FrameType

import tests.bench
from tests.bench.context import FULL_SITE, BenchContext, RunConfig
from tests.bench.registry import Benchmark, in_run_order
from tests.bench.table import Outcome, render


def discover() -> None:
    """Import every ``bench_*`` module of this package so its benchmarks register."""
    for module in pkgutil.iter_modules(tests.bench.__path__):
        if module.name.startswith("bench_"):
            importlib.import_module(f"tests.bench.{module.name}")


def _interrupt_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Python's default for SIGTERM ends the process without unwinding, which would skip the
    # finally that stops gunicorn and the worker; turning it into KeyboardInterrupt does not.
    raise KeyboardInterrupt


def _reason(error: BaseException, limit: int = 240) -> str:
    """One line for a footnote: the error and its cause, whitespace folded, at most ``limit``."""
    parts = [error, error.__cause__] if error.__cause__ is not None else [error]
    text = " <- ".join(f"{type(e).__name__}: {' '.join(str(e).split())}" for e in parts)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def run(benchmarks: list[Benchmark], config: RunConfig) -> tuple[str, list[Outcome]]:
    """Run ``benchmarks`` in order; every child process is stopped before this returns."""
    outcomes: list[Outcome] = []
    with ExitStack() as stack:
        context = BenchContext(config, stack)
        header = "Consigliere benchmarks: " + context.describe()
        seen_keys: set[str] = set()
        for bench in benchmarks:
            print(f"bench: {bench.name} ...", file=sys.stderr, flush=True)
            began = time.monotonic()
            try:
                rows = tuple(bench.function(context))
                duplicates = seen_keys.intersection(row.key for row in rows)
                if duplicates:
                    raise ValueError(f"row keys already used: {', '.join(sorted(duplicates))}")
                seen_keys.update(row.key for row in rows)
                outcomes.append(Outcome(bench.name, bench.ceiling, rows=rows))
            except Exception as error:  # a benchmark that cannot measure must not stop the rest
                traceback.print_exc(file=sys.stderr)
                outcomes.append(Outcome(bench.name, bench.ceiling, error=_reason(error)))
            print(
                f"bench: {bench.name} done in {time.monotonic() - began:.1f} s",
                file=sys.stderr,
                flush=True,
            )
        print("bench: stopping servers and worker ...", file=sys.stderr, flush=True)
    return header, outcomes


def main(argv: list[str] | None = None) -> int:
    defaults = RunConfig()
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--duration", type=float, default=defaults.duration_s, metavar="S")
    parser.add_argument("--warmup", type=float, default=defaults.warmup_s, metavar="S")
    parser.add_argument("--samples", type=int, default=defaults.task_samples, metavar="N")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only the non-ceiling benchmarks whose name contains TEXT (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.warmup < 0 or args.samples < 1:
        parser.error("need --duration > 0, --warmup >= 0 and --samples >= 1")
    config = RunConfig(duration_s=args.duration, warmup_s=args.warmup, task_samples=args.samples)

    # The bench measures the project as configured by the environment, never the test settings.
    os.environ["DJANGO_SETTINGS_MODULE"] = FULL_SITE
    signal.signal(signal.SIGTERM, _interrupt_on_sigterm)
    discover()
    benchmarks = [
        bench
        for bench in in_run_order()
        if bench.ceiling or not args.only or any(text in bench.name for text in args.only)
    ]
    try:
        header, outcomes = run(benchmarks, config)
    except KeyboardInterrupt:
        print("bench: interrupted; servers and worker stopped", file=sys.stderr)
        return 130
    print(render(header, outcomes))
    return 1 if any(outcome.error for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
