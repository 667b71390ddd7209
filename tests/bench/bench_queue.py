"""The approval queue and the history export at scale (issue 5).

The queue page is rendered in this process through Django's test client, so a number is the
page's own cost (every middleware, the view, the template) without a server or a network.
It is read with 10, 1,000 and 10,000 actions waiting in a throw-away team while a second
throw-away team holds 2,000 of its own, and compared with Django admin's changelist of the
same 10,000. The export streams 100,000 actions of a throw-away team. Every team created here
is deleted afterwards, whatever happens.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from typing import TYPE_CHECKING

from tests.bench.context import BenchContext
from tests.bench.registry import Row, benchmark

if TYPE_CHECKING:
    from django.test import Client

    from assistant.models import Action, Team, User
    from contacts.models import Contact
    from tasks.models import Task

QUEUE_SIZES = (10, 1_000, 10_000)
OTHER_TEAM_PENDING = 2_000
RENDERS = 30  # timed renders per page, after WARMUP_RENDERS untimed ones
WARMUP_RENDERS = 3
EXPORT_ROWS = 100_000
BATCH_SIZE = 5_000
CONTACTS = 8
# Every action card of the queue page carries this attribute: a render showing fewer cards
# than expected did not see the actions it was meant to measure.
CARD_MARKER = b"data-action-card"


@dataclass(frozen=True)
class _Bench:
    team: Team
    user: User
    task: Task
    contacts: list[Contact]


@contextmanager
def _throwaway_team(label: str, *, staff: bool) -> Iterator[_Bench]:
    """A team with one owner (a superuser when ``staff``, so the admin opens too), a task and
    a few contacts with a phone and an email each; deleted with everything in it on exit."""
    from assistant.models import User
    from assistant.teams.services import team_create
    from contacts.services import contact_create
    from tasks.services import task_create

    stamp = time.time_ns()
    email = f"bench-{label}-{stamp}@example.com"
    make_user = User.objects.create_superuser if staff else User.objects.create_user
    user = make_user(email=email)
    team = None
    try:
        team = team_create(name=f"Bench {label}", owner=user, slug=f"bench-{label}-{stamp}")
        contacts = [
            contact_create(
                team=team,
                name=f"Bench Contact {n}",
                phones=[f"+1415555010{n}"],
                emails=[f"contact{n}@example.com"],
            )
            for n in range(CONTACTS)
        ]
        task = task_create(team=team, text=f"bench {label}", requested_by=user)
        yield _Bench(team=team, user=user, task=task, contacts=contacts)
    finally:
        if team is not None:
            _team_delete(team)
        user.delete()


def _team_delete(team: Team) -> None:
    """Delete ``team`` and everything in it, its actions first in one statement.

    The ORM's cascade looks for rows referring to each action in a dozen tables, which takes
    half a minute for 100,000 actions; the bench creates nothing that refers to them. Should
    something do so after all, the statement fails whole, the cascade deletes the team
    correctly (slowly), and the error is raised.
    """
    from django.db import connection, transaction

    from assistant.models import Action, Team

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Action._meta.db_table} WHERE team_id = %s", [team.pk])
    finally:
        Team.objects.filter(pk=team.pk).delete()


def _actions(bench: _Bench, start: int, stop: int, *, statuses: Sequence[str]) -> Iterator[Action]:
    """Unsaved actions ``start``..``stop`` as the policy leaves them: an SMS, or every fourth
    an email, to one of the bench's contacts, high risk, decided "approval"."""
    from django.utils import timezone

    from assistant.engine.actions import args_digest
    from assistant.models import Action

    expires_at = timezone.now() + timedelta(days=7)
    for n in range(start, stop):
        contact = bench.contacts[n % len(bench.contacts)]
        if n % 4 == 3:
            tool = "send_email"
            args: dict[str, object] = {
                "to": [contact.pk], "subject": f"Bench {n}", "body": "Here are the notes.",
            }  # fmt: skip
        else:
            tool, args = "send_sms", {"to": contact.pk, "body": f"Running 10 minutes late ({n})"}
        yield Action(
            team=bench.team, task=bench.task, requested_by=bench.user, contact=contact, tool=tool,
            args=args, status=statuses[n % len(statuses)], decision=Action.Decision.APPROVAL,
            risk=Action.Risk.HIGH, reasons=["HIGH_RISK"], decided_digest=args_digest(tool, args),
            expires_at=expires_at,
        )  # fmt: skip


def _bulk_create(actions: Iterable[Action]) -> None:
    """Insert ``actions`` ``BATCH_SIZE`` at a time, never holding more than one batch."""
    from django.db import connection

    from assistant.models import Action

    iterator = iter(actions)
    while batch := list(islice(iterator, BATCH_SIZE)):
        Action.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    # The table as autovacuum keeps a live one: fresh statistics (else the planner guesses
    # from a table that just grew by thousands of rows and picks slow plans) and, on
    # PostgreSQL, no dead rows left by earlier runs' deletions for whole-table scans to wade
    # through. Autocommit, so VACUUM is outside any transaction as it must be.
    command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {Action._meta.db_table}")


@contextmanager
def _signed_in(user: User) -> Iterator[Client]:
    """A test client signed in as ``user`` on a host the project's settings allow; signed out
    on exit, which deletes its session."""
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    try:
        yield client
    finally:
        client.logout()


def _render_ms(client: Client, url: str, *, cards: int | None = None) -> float:
    """Milliseconds to get ``url`` in full; raise unless it is a 200 (showing ``cards``)."""
    began = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - began) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
    if cards is not None and (shown := response.content.count(CARD_MARKER)) != cards:
        raise RuntimeError(f"GET {url} showed {shown} action cards, not {cards}")
    return elapsed


def _measure_page(client: Client, url: str, *, cards: int | None = None) -> tuple[int, float]:
    """Queries of one render of ``url``, and its median render time in ms over ``RENDERS``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP_RENDERS):
        _render_ms(client, url, cards=cards)
    with CaptureQueriesContext(connection) as captured:
        _render_ms(client, url, cards=cards)
    # Counted now: every later request starts by emptying the connection's query log.
    queries = len(captured)
    samples = [_render_ms(client, url, cards=cards) for _ in range(RENDERS)]
    return queries, statistics.median(samples)


@benchmark("approval queue")
def approval_queue(ctx: BenchContext) -> list[Row]:
    """``GET /approvals/`` at each of ``QUEUE_SIZES`` pending actions (queries of one render,
    median render time), and admin's changelist of the same actions at the largest size."""
    ctx.django_settings()  # set Django up before importing models
    from django.urls import reverse

    from assistant.approvals.selectors import QUEUE_PAGE_SIZE
    from assistant.models import Action

    pending = [Action.Status.PENDING_APPROVAL]
    queries: dict[int, int] = {}
    medians: dict[int, float] = {}
    with (
        _throwaway_team("queue-other", staff=False) as other,
        _throwaway_team("queue", staff=True) as bench,
        _signed_in(bench.user) as client,
    ):
        _bulk_create(_actions(other, 0, OTHER_TEAM_PENDING, statuses=pending))
        created = 0
        for size in QUEUE_SIZES:
            _bulk_create(_actions(bench, created, size, statuses=pending))
            created = size
            queries[size], medians[size] = _measure_page(
                client, reverse("approvals"), cards=min(size, QUEUE_PAGE_SIZE)
            )
        admin_url = (
            reverse("admin:assistant_action_changelist")
            + f"?status__exact={Action.Status.PENDING_APPROVAL}&team__id__exact={bench.team.pk}"
        )
        _, admin_median = _measure_page(client, admin_url)

    smallest, largest = QUEUE_SIZES[0], QUEUE_SIZES[-1]
    rows = [
        Row(key=f"queue.approvals.queries.{size}", label=f"GET /approvals/ queries, {size:,} pending",
            value=queries[size], unit="queries",
            note="" if size != smallest else (
                "goal: the same number at every size, at most 12; another team's "
                f"{OTHER_TEAM_PENDING:,} pending actions are in the database throughout"
            ))
        for size in QUEUE_SIZES
    ]  # fmt: skip
    rows += [
        Row(key=f"queue.approvals.p50.{size}", label=f"GET /approvals/ median, {size:,} pending",
            value=medians[size], unit="ms",
            note="" if size != smallest else (
                f"in-process test client, median of {RENDERS} renders after {WARMUP_RENDERS} "
                "warm-up ones"
            ))
        for size in QUEUE_SIZES
    ]  # fmt: skip
    return [
        *rows,
        Row(key="queue.approvals.growth", label=f"GET /approvals/ median, {largest:,} / {smallest:,}",
            value=medians[largest] / medians[smallest], unit="x",
            note=f"goal: at most 1.5x; {smallest:,} pending show {smallest:,} cards, the other "
                 f"sizes a full page of {QUEUE_PAGE_SIZE}"),
        Row(key="queue.admin.p50", label=f"admin action changelist median, {largest:,} pending",
            value=admin_median, unit="ms",
            note="/admin/assistant/action/ filtered on status pending_approval and the team"),
        Row(key="queue.approvals.vs_admin", label=f"GET /approvals/ / admin changelist, {largest:,}",
            value=medians[largest] / admin_median, unit="x",
            note="the queue's median over the admin changelist's, both at the largest size"),
    ]  # fmt: skip


def _consume(client: Client, url: str) -> tuple[int, int]:
    """Get ``url`` and read its whole streamed body, keeping none of it: (chunks, newlines)."""
    response = client.get(url)
    if response.status_code != 200 or not response.streaming:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not a 200 stream")
    chunks = newlines = 0
    for chunk in response.streaming_content:
        chunks += 1
        newlines += chunk.count(b"\n")
    return chunks, newlines


def _export_rows_per_s(client: Client, url: str, *, csv: bool) -> float:
    """Rows per second of exporting ``url`` from the request to the last byte.

    A CSV row is a line after the header (no exported text holds a newline); a JSON row is a
    chunk between the opening and closing brackets, which ``export_json`` yields apart.
    """
    began = time.perf_counter()
    chunks, newlines = _consume(client, url)
    elapsed = time.perf_counter() - began
    rows = newlines - 1 if csv else chunks - 2
    if rows != EXPORT_ROWS:
        raise RuntimeError(f"GET {url} exported {rows:,} rows, not {EXPORT_ROWS:,}")
    return rows / elapsed


@benchmark("history export")
def history_export(ctx: BenchContext) -> list[Row]:
    """``GET /history/export.csv`` and ``.json`` of ``EXPORT_ROWS`` actions of every status:
    rows per second of each, and the peak memory allocated while streaming the CSV."""
    ctx.django_settings()  # set Django up before importing models
    from django.urls import reverse

    from assistant.models import Action

    csv_url = reverse("history_export_csv")
    json_url = reverse("history_export_json")
    with _throwaway_team("export", staff=False) as bench, _signed_in(bench.user) as client:
        _bulk_create(_actions(bench, 0, EXPORT_ROWS, statuses=list(Action.Status)))
        csv_rate = _export_rows_per_s(client, csv_url, csv=True)
        json_rate = _export_rows_per_s(client, json_url, csv=False)
        # Traced apart from the timed runs: tracing every allocation slows them several times.
        tracemalloc.start()
        try:
            _consume(client, csv_url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return [
        Row(key="export.csv.memory", label=f"history CSV export peak memory, {EXPORT_ROWS:,} rows",
            value=peak / 1024 / 1024, unit="MiB",
            note="goal: under 50 MB; Python allocations (tracemalloc) from the request to the "
                 "last byte, not the database driver's C buffers"),
        Row(key="export.csv.rate", label="history CSV export", value=csv_rate, unit="rows/s",
            note="in-process test client, from the request to the last byte read"),
        Row(key="export.json.rate", label="history JSON export", value=json_rate, unit="rows/s"),
    ]  # fmt: skip
