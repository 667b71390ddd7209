"""The engine's numbers (issue 3): the policy's decision time, alone and with its facts, and
the time from approving an SMS to the console provider having sent it, through a real worker.

Loading a decision's facts is read against a ceiling measured here too: three rows fetched by
primary key through the ORM from the tables the facts come from, which is the least those
queries can cost on this machine. Everything runs against a throw-away team created here and
deleted afterwards.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import time as clock
from typing import Any

from tests.bench.context import BenchContext
from tests.bench.measure import latency_rows
from tests.bench.registry import Ceiling, Row, benchmark

DECISIONS = 500  # timed decisions with their facts, and rounds of the three-query ceiling
EVALUATIONS = 5_000  # timed evaluations alone: a few microseconds each
SENDS = 60
# A text to a known contact, with the bench team's policy (no quiet hours, no reachable
# limit): the whole rule path, which a denial would cut short.
SMS_BODY = "Running 10 minutes late"


@contextmanager
def _bench_team() -> Iterator[dict[str, Any]]:
    from assistant.models import Team, TeamPolicy, User, UserAgentSettings
    from assistant.teams.services import team_create
    from contacts.services import contact_create
    from tasks.services import task_create

    stamp = time.time_ns()
    user = User.objects.create_user(email=f"bench-{stamp}@example.com")
    team = team_create(name="Bench", owner=user, slug=f"bench-{stamp}")
    TeamPolicy.objects.update_or_create(
        team=team,
        defaults={
            "quiet_hours_start": clock(0),
            "quiet_hours_end": clock(0),
            "daily_limit_sms": 10**6,
            "user_daily_limit_sms": 10**6,
        },
    )
    # The engine's own path: no undo window holding each approved message back.
    UserAgentSettings.objects.create(membership=team.memberships.get(user=user), undo_seconds=0)
    contact = contact_create(team=team, name="Alice Smith", phones=["+14155550101"])
    task = task_create(team=team, text="bench", requested_by=user)
    try:
        yield {"team": team, "user": user, "contact": contact, "task": task}
    finally:
        Team.objects.filter(pk=team.pk).delete()
        user.delete()


def _median_ms(function: Callable[[], object], rounds: int) -> float:
    """The median wall time of ``rounds`` calls of ``function``, in milliseconds."""
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


@benchmark("three primary-key queries", ceiling=True)
def three_primary_key_queries(ctx: BenchContext) -> list[Row]:
    """A team, its policy and a contact, each fetched by primary key through the ORM: the
    median of ``DECISIONS`` rounds of the three. Loading a decision's facts takes at most
    three queries on these tables, so it cannot be cheaper than this."""
    from assistant.models import Team, TeamPolicy
    from contacts.models import Contact

    with _bench_team() as bench:
        team_pk = bench["team"].pk
        policy_pk = TeamPolicy.objects.values_list("pk", flat=True).get(team_id=team_pk)
        contact_pk = bench["contact"].pk

        def three_queries() -> None:
            Team.objects.filter(pk=team_pk).first()
            TeamPolicy.objects.filter(pk=policy_pk).first()
            Contact.objects.filter(pk=contact_pk).first()

        three_queries()  # warm-up
        median_ms = _median_ms(three_queries, DECISIONS)
    return [
        Row(key=Ceiling.PK_QUERIES_P50, label="three primary-key queries (ORM) p50",
            value=median_ms, unit="ms"),
    ]  # fmt: skip


@benchmark("policy decision")
def policy_decision(ctx: BenchContext) -> list[Row]:
    """The decision on an SMS to a contact: ``policy_evaluate`` alone on facts loaded
    beforehand (median), and ``policy_decide``, facts and all (median, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assistant.policy.rules import policy_decide, policy_evaluate, policy_facts_load
    from assistant.tools.registry import tool_get

    tool = tool_get("send_sms")
    if tool is None:
        raise RuntimeError("no tool called 'send_sms' is registered")
    with _bench_team() as bench:
        team, user = bench["team"], bench["user"]
        args = {"to": bench["contact"].pk, "body": SMS_BODY}
        now = timezone.now()
        facts = policy_facts_load(team=team, user=user, tool=tool, args=args, now=now)

        def evaluate() -> Any:
            return policy_evaluate(tool, args, 0.9, "user", facts, now)

        def decide() -> Any:
            return policy_decide(
                team=team, user=user, actor_kind="user", tool_name="send_sms", args=args,
                confidence=0.9,
            )  # fmt: skip

        for decision in (evaluate(), decide()):  # warm-up, and the path is the full one
            if decision.outcome == "deny":
                raise RuntimeError(f"the bench's text was denied ({decision.reasons}): "
                                   "the rows would measure a refusal")  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            decide()
        evaluate_us = _median_ms(evaluate, EVALUATIONS) * 1000
        decide_ms = _median_ms(decide, DECISIONS)
    return [
        Row(key="engine.policy.evaluate.p50", label="policy_evaluate alone p50",
            value=evaluate_us, unit="µs", note="goal: median under 50 µs"),
        Row(key="engine.policy.p50", label="policy decision with its facts p50",
            value=decide_ms, unit="ms", reference=Ceiling.PK_QUERIES_P50,
            note="goal: at most 1.5x the three primary-key queries, and at most 3 queries"),
        Row(key="engine.policy.queries", label="policy decision with its facts queries",
            value=len(queries), unit="queries"),
    ]  # fmt: skip


@benchmark("approve to console send")
def approve_to_send(ctx: BenchContext) -> list[Row]:
    """From ``action_approve`` to the console provider having sent the message, via a worker.

    The end is the message's own ``sent_at`` (stamped by the worker on the same clock), so the
    bench's polling, which waits gently, takes no CPU from the worker it measures.
    """
    from assistant.celery import app
    from assistant.engine.actions import action_approve, action_propose
    from messaging.models import Message

    queue = ctx.celery_worker()
    app.conf.task_default_queue = queue  # executions go to the bench's own worker
    samples: list[float] = []
    with _bench_team() as bench:
        args = {"to": bench["contact"].pk, "body": SMS_BODY}
        for attempt in range(SENDS + 3):
            action = action_propose(task=bench["task"], tool="send_sms", args=args)
            began = time.time()
            action_approve(
                action=action, user=bench["user"], via="api", digest=action.decided_digest
            )
            deadline = time.monotonic() + 30
            while not (sent := Message.objects.filter(action=action, sent_at__isnull=False)
                       .values_list("sent_at", flat=True).first()):  # fmt: skip
                if time.monotonic() > deadline:
                    raise RuntimeError(f"action {action.pk} was not sent within 30 s")
                time.sleep(0.02)
            if attempt >= 3:  # the first few warm the worker up
                samples.append((sent.timestamp() - began) * 1000)
    return latency_rows(
        "engine.approve_send", f"approve to console send ({ctx.broker_name()})", samples,
        reference=Ceiling.TASK, note="goal: p95 at most 3x the no-op task round trip",
    )  # fmt: skip
