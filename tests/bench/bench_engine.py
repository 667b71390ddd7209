"""The engine's two numbers (issue 3): the policy's decision time and queries, and the time
from approving an SMS to the console provider having sent it, through a real worker.

Both run against a throw-away team created here and deleted afterwards.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time as clock
from typing import Any

from tests.bench.context import BenchContext
from tests.bench.measure import latency_rows
from tests.bench.registry import Ceiling, Row, benchmark

DECISIONS = 500
SENDS = 60


@contextmanager
def _bench_team() -> Iterator[dict[str, Any]]:
    from assistant.models import Team, TeamPolicy, User, UserAgentSettings
    from assistant.services import team_create
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


@benchmark("policy decision")
def policy_decision(ctx: BenchContext) -> list[Row]:
    """``policy_decide`` for an SMS to a contact: median time, and queries per decision."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assistant.policy import policy_decide

    with _bench_team() as bench:
        args = {"to": bench["contact"].pk, "body": "Running 10 minutes late"}

        def decide() -> None:
            policy_decide(
                team=bench["team"], user=bench["user"], actor_kind="user", tool_name="send_sms",
                args=args, confidence=0.9,
            )  # fmt: skip

        decide()  # warm-up
        with CaptureQueriesContext(connection) as queries:
            decide()
        samples = []
        for _ in range(DECISIONS):
            began = time.perf_counter()
            decide()
            samples.append((time.perf_counter() - began) * 1000)
    return [
        Row(key="engine.policy.p50", label="policy decision p50", value=statistics.median(samples),
            unit="ms", reference=None, note="goal: under 1 ms and at most 3 queries"),
        Row(key="engine.policy.queries", label="policy decision queries", value=len(queries),
            unit="queries", reference=None),
    ]  # fmt: skip


@benchmark("approve to console send")
def approve_to_send(ctx: BenchContext) -> list[Row]:
    """From ``action_approve`` to the console provider having sent the message, via a worker.

    The end is the message's own ``sent_at`` (stamped by the worker on the same clock), so the
    bench's polling, which waits gently, takes no CPU from the worker it measures.
    """
    from assistant.actions import action_approve, action_propose
    from assistant.celery import app
    from messaging.models import Message

    queue = ctx.celery_worker()
    app.conf.task_default_queue = queue  # executions go to the bench's own worker
    samples: list[float] = []
    with _bench_team() as bench:
        args = {"to": bench["contact"].pk, "body": "Running 10 minutes late"}
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
