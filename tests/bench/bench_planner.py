"""The offline planner (issue 4): time per request over the whole corpus of phrasings, and the
memory it takes. Runs against a throw-away team holding the corpus's contacts."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bench.context import BenchContext
from tests.bench.registry import Row, benchmark

PASSES = 5


@benchmark("offline planner")
def offline_planner(ctx: BenchContext) -> list[Row]:
    """Each corpus request planned ``PASSES`` times (after one warm-up pass): median and p95
    per request, and the peak of memory allocated while planning one pass."""
    from assistant.models import Team, User
    from assistant.planning.llm.base import PlanContext
    from assistant.planning.llm.offline import OfflinePlanner
    from assistant.teams.services import team_create
    from contacts.services import contact_create
    from tests.integration.planner.corpus import CASES, CONTACTS, NOW, ZONE

    stamp = time.time_ns()
    user = User.objects.create_user(email=f"bench-planner-{stamp}@example.com")
    team = team_create(name="Bench planner", owner=user, slug=f"bench-planner-{stamp}")
    try:
        for spec in CONTACTS.values():
            contact_create(
                team=team, name=spec["name"], nickname=spec.get("nickname", ""),
                phones=spec.get("phones", []), emails=spec.get("emails", []),
            )  # fmt: skip
        now = datetime.fromisoformat(NOW).replace(tzinfo=ZoneInfo(ZONE))
        planner = OfflinePlanner()
        contexts = [
            PlanContext(team=team, user=user, text=case["text"], now=now, time_zone=ZONE)
            for case in CASES
        ]
        for context in contexts:  # warm-up: imports, compiled patterns, connections
            planner.plan(context)
        samples: list[float] = []
        for _ in range(PASSES):
            for context in contexts:
                began = time.perf_counter()
                planner.plan(context)
                samples.append((time.perf_counter() - began) * 1000)
        tracemalloc.start()
        for context in contexts:
            planner.plan(context)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        Team.objects.filter(pk=team.pk).delete()
        user.delete()
    samples.sort()
    return [
        Row(key="planner.offline.p50", label=f"offline planner per request p50 ({len(CASES)})",
            value=statistics.median(samples), unit="ms", note="goal: median under 5 ms"),
        Row(key="planner.offline.p95", label="offline planner per request p95",
            value=samples[int(len(samples) * 0.95)], unit="ms"),
        Row(key="planner.offline.memory", label="offline planner peak memory, one corpus pass",
            value=peak / 1024 / 1024, unit="MiB"),
    ]  # fmt: skip
