"""Reads for the approval pages: the queue (cursor pages, version, count), cards with the notes
apps add, history and its exports, insights; and the teams a user belongs to and health."""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, TextField, When
from django.db.models.functions import Cast
from django.utils import timezone

from assistant import clock
from assistant.engine.brokers import broker_ping
from assistant.models import Action, Heartbeat, Membership, Team, User
from assistant.tools.registry import TOOLS, tool_get
from contacts.models import Contact


def memberships_for_user(*, user: User) -> list[Membership]:
    """The user's memberships with their teams, in team-name order (one query)."""
    return list(Membership.objects.filter(user=user).select_related("team"))


def membership_current(*, memberships: list[Membership], team_id: int | None) -> Membership | None:
    """The membership for the team the user last chose, else their first team, else None."""
    for membership in memberships:
        if membership.team_id == team_id:
            return membership
    return memberships[0] if memberships else None


HEARTBEAT_EVERY_SECONDS = 60  # beat's heartbeat job (assistant/schedules.py)


@dataclass(frozen=True)
class Health:
    """What /health/ answers. It fails (503) when the database or the broker does not answer,
    or when beat's heartbeat is older than twice its interval; clocks that differ from the
    database's by more than a few seconds are named in ``warnings`` without failing it."""

    database: str | None  # None when fine, else the reason it is not
    broker: str | None
    heartbeat_age_seconds: int | None
    clock_offset_seconds: float = 0.0  # this web process's clock against the database's
    worker_clock_offset_seconds: float | None = None  # the worker that recorded the heartbeat

    @property
    def beat(self) -> str | None:
        """Why beat looks dead, or None (a heartbeat never seen yet is not a failure)."""
        age = self.heartbeat_age_seconds
        if age is None or age <= 2 * HEARTBEAT_EVERY_SECONDS:
            return None
        return (
            f"Beat's last heartbeat reached a worker {age} s ago (it runs every "
            f"{HEARTBEAT_EVERY_SECONDS} s): beat or every worker is stopped."
        )

    @property
    def ok(self) -> bool:
        return self.database is None and self.broker is None and self.beat is None

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {
            "status": "ok" if self.ok else "error",
            "database": "ok" if self.database is None else "down",
            "broker": "ok" if self.broker is None else "down",
            "beat": "ok" if self.beat is None else "late",
            "heartbeat_age_seconds": self.heartbeat_age_seconds,
            "clock_offset_seconds": round(self.clock_offset_seconds, 1),
            "worker_clock_offset_seconds": None
            if self.worker_clock_offset_seconds is None
            else round(self.worker_clock_offset_seconds, 1),
        }
        reasons = (("database", self.database), ("broker", self.broker), ("beat", self.beat))
        errors = {name: reason for name, reason in reasons if reason}
        if errors:
            body["errors"] = errors
        offsets = {"web": self.clock_offset_seconds, "worker": self.worker_clock_offset_seconds}
        skews = {where: clock.skew_warning(offset or 0.0) for where, offset in offsets.items()}
        warnings = [f"The {where} machine: {words}" for where, words in skews.items() if words]
        if warnings:
            body["warnings"] = warnings
        return body


def system_health() -> Health:
    """Ask the database and the broker whether they answer (each within a second); read the
    last beat heartbeat and the clocks' offsets."""
    database_error = None
    heartbeat_age = worker_offset = None
    offset = 0.0
    try:  # reading the heartbeat is the database check
        heartbeat = Heartbeat.objects.filter(name="beat").first()
        offset = clock.offset_seconds()
        if heartbeat:
            heartbeat_age = max(0, int((clock.now() - heartbeat.seen_at).total_seconds()))
            worker_offset = heartbeat.clock_offset_seconds
    except DatabaseError as error:
        database_error = f"{type(error).__name__}: {error}".strip()
    return Health(
        database=database_error, broker=broker_ping(timeout=0.4),
        heartbeat_age_seconds=heartbeat_age, clock_offset_seconds=offset,
        worker_clock_offset_seconds=worker_offset,
    )  # fmt: skip


# --- The approval queue ---------------------------------------------------------------------

QUEUE_PAGE_SIZE = 25
GOING_OUT_LIMIT = 10


@dataclass(frozen=True)
class ActionFilters:
    """What the queue and the history narrow actions by; empty values narrow nothing."""

    status: str = ""
    tool: str = ""
    risk: str = ""
    contact: int | None = None
    requester: int | None = None
    since: date | None = None  # days in the team's time zone, both included
    until: date | None = None
    text: str = ""

    def apply(self, actions: QuerySet[Action], *, zone: str) -> QuerySet[Action]:
        exact = {"status": self.status, "tool": self.tool, "risk": self.risk,
                 "contact_id": self.contact, "requested_by_id": self.requester}  # fmt: skip
        actions = actions.filter(**{field: value for field, value in exact.items() if value})
        local = ZoneInfo(zone)
        if self.since:
            actions = actions.filter(created_at__gte=datetime.combine(self.since, time(0), local))
        if self.until:
            end = datetime.combine(self.until + timedelta(days=1), time(0), local)
            actions = actions.filter(created_at__lt=end)
        if self.text:
            actions = actions.annotate(args_text=Cast("args", TextField())).filter(
                Q(task__text__icontains=self.text)
                | Q(args_text__icontains=self.text)
                | Q(contact__name__icontains=self.text)
            )
        return actions


def _cursor_page(
    actions: QuerySet[Action], before: int | None, limit: int
) -> tuple[list[Action], int | None]:
    """One page newest first, and the cursor of the next (the last id shown): pages stay stable
    while new actions arrive."""
    if before:
        actions = actions.filter(pk__lt=before)
    rows = list(actions.order_by("-pk")[: limit + 1])
    return rows[:limit], (rows[limit - 1].pk if len(rows) > limit else None)


def _team_actions(team: Team) -> QuerySet[Action]:
    return Action.objects.for_team(team).select_related("team", "requested_by", "task", "contact")


def approval_queue(
    *, team: Team, filters: ActionFilters, before: int | None = None, limit: int = QUEUE_PAGE_SIZE
) -> tuple[list[Action], int | None]:
    """One page of what waits for approval, newest first, and the cursor of the next page."""
    waiting = _team_actions(team).filter(status=Action.Status.PENDING_APPROVAL)
    return _cursor_page(filters.apply(waiting, zone=team.time_zone), before, limit)


JUST_DECIDED = timedelta(minutes=2)


def _stuck(now: datetime) -> Q:
    """Actions a person should see: left for review, approved and overdue for sending longer
    than a dispatch lease, or running longer than any job may."""
    lease = now - timedelta(seconds=settings.DISPATCH_LEASE_SECONDS)
    overdue = Q(status=Action.Status.APPROVED) & (
        Q(run_after__lt=lease) | Q(run_after__isnull=True, updated_at__lt=lease)
    )
    running = Q(
        status=Action.Status.EXECUTING,
        started_at__lt=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60),
    )
    return Q(status=Action.Status.NEEDS_REVIEW) | overdue | running


STUCK_LIMIT = 500  # shown all at once: beyond this the history's filters are the way in


def actions_going_out(*, team: Team) -> list[Action]:
    """What the queue shows above the waiting actions: every stuck action (needs review, or
    overdue for sending), then approved actions not finished yet (in their undo window,
    held, or being sent) and those that finished or were decided in the last two minutes (so
    the card says "Sent." or why it failed)."""
    now = clock.now()
    stuck = _stuck(now)
    going = Q(status__in=[Action.Status.APPROVED, Action.Status.EXECUTING]) | Q(
        decision=Action.Decision.APPROVAL,
        updated_at__gte=now - JUST_DECIDED,
        status__in=[
            Action.Status.SUCCEEDED,
            Action.Status.FAILED,
            Action.Status.CANCELLED,
            Action.Status.REJECTED,
        ],
    )
    rows = (
        _team_actions(team).filter(stuck | going)
        .annotate(is_stuck=Case(When(stuck, then=1), default=0, output_field=IntegerField()))
        .order_by("-is_stuck", "-updated_at")[: STUCK_LIMIT + GOING_OUT_LIMIT]
    )  # fmt: skip
    shown, others = [], 0
    for action in rows:  # one query: every stuck action, then the first others
        if not action.is_stuck:
            others += 1
            if others > GOING_OUT_LIMIT:
                break
        shown.append(action)
    return shown


def stuck_count(*, team: Team) -> int:
    """How many of the team's actions are stuck (the navigation says so), up to the cap."""
    stuck = Action.objects.for_team(team).filter(_stuck(clock.now()))
    return stuck.values("pk")[:PENDING_COUNT_CAP].count()


def queue_version(*, team: Team) -> str:
    """Changes whenever any action of the team changes: the live queue's cheap check."""
    latest = Action.objects.for_team(team).aggregate(latest=Max("updated_at"))["latest"]
    return latest.isoformat() if latest else "empty"


PENDING_COUNT_CAP = 100  # the badge says "99+" beyond: counting 10,000 rows says no more


def pending_count(*, team: Team) -> int:
    """How many actions wait for approval, counted up to ``PENDING_COUNT_CAP``."""
    waiting = Action.objects.for_team(team).filter(status=Action.Status.PENDING_APPROVAL)
    return waiting.values("pk")[:PENDING_COUNT_CAP].count()


@dataclass(frozen=True)
class Card:
    """One action as a person decides it: plain words, the exact words that would go out,
    why it waits, what an edit changed, and who may approve it."""

    action: Action
    summary: str
    content: list[tuple[str, str]]
    reasons: list[str]
    changes: list[tuple[str, object, object]]
    untrusted_text: str
    approvers_note: str
    untrusted_from: str = ""  # who wrote the untrusted text: "Bob Jones (+1 415-555-0122)"
    limits: str = ""  # "Texts today: 2 of 100 for the team, 1 of 50 for Vito"
    delivery: str = ""  # what the provider reported about the message that went out
    delivery_failed: bool = False
    awaiting_report: bool = False  # a delivery report may still come: the card keeps looking
    refused: dict[str, tuple[str, str]] = field(default_factory=dict)  # verbs the viewer may not
    done_text: str = "Done."  # "Sent." for a message that went out

    def may(self, verb: str) -> bool:
        return verb not in self.refused

    @property
    def refusal(self) -> str:
        """Why the viewer may not approve, in a sentence ("" when they may)."""
        return self.refused.get("approve", ("", ""))[1]


# ``notes(actions) -> {action id: {card field: value}}``: what apps add to cards (messaging:
# today's limits in words, delivery reports, who wrote an external request), registered in
# their ready(); each note costs a query or two for the whole page.
CardNotes = Callable[[list[Action]], dict[int, dict[str, Any]]]
CARD_NOTES: list[CardNotes] = []


def card_notes_register(notes: CardNotes) -> None:
    if notes not in CARD_NOTES:
        CARD_NOTES.append(notes)


def action_cards(
    *, actions: list[Action], admins: list[Membership] | None = None,
    viewer: Membership | None = None,
) -> list[Card]:  # fmt: skip
    """Cards for actions of one team: summaries in a few queries whatever their number.

    ``admins`` (the team's owners and admins) name who may approve a critical action that
    needs a second person; without them the note is generic. ``viewer`` (the membership of
    the person looking) says which buttons a waiting card offers them.
    """
    from assistant.engine.actions import action_decision_options, action_summaries
    from assistant.policy.rules import REASON_TEXT

    summaries = action_summaries(actions=actions)
    names = _contact_names_in_changes(actions)
    notes: dict[int, dict[str, Any]] = {}
    for provider in CARD_NOTES:
        for action_id, fields in provider(actions).items():
            notes.setdefault(action_id, {}).update(fields)
    cards = []
    for action in actions:
        tool = tool_get(action.tool)
        args = action.args if isinstance(action.args, dict) else {}
        original = action.original_args if isinstance(action.original_args, dict) else None
        changes = [
            (_field_label(action.tool, name), _shown(original.get(name), names),
             _shown(args.get(name), names))
            for name in sorted(set(original) | set(args))
            if original.get(name) != args.get(name)
        ] if original else []  # fmt: skip
        cards.append(
            Card(
                action=action,
                summary=summaries[action.pk],
                content=[
                    (label, str(args[name]))
                    for name, label in _content_fields(action.tool)
                    if args.get(name)
                ],
                reasons=[REASON_TEXT.get(code, code) for code in action.reasons],
                changes=changes,
                untrusted_text=action.task.text if action.actor_kind == "external" else "",
                approvers_note=_approvers_note(action, admins),
                refused=action_decision_options(
                    action=action, user=viewer.user, via="web", membership=viewer
                ).refused
                if viewer and action.status == "pending_approval"
                else {},
                done_text="Sent." if tool and tool.is_communication and tool.content else "Done.",
                **notes.get(action.pk, {}),
            )
        )
    return cards


def contact_names(*, team: Team, values: Iterable[Any]) -> dict[int, str]:
    """Names of the team's contacts that tool arguments (``values``, lists included) name by
    id: one query, or none when no value is an id."""
    ids = {
        item
        for value in values
        for item in (value if isinstance(value, list) else [value])
        if isinstance(item, int) and not isinstance(item, bool)
    }
    if not ids:
        return {}
    return dict(Contact.objects.for_team(team).filter(pk__in=ids).values_list("pk", "name"))


def _contact_names_in_changes(actions: list[Action]) -> dict[int, str]:
    """Names of the contacts an edit changed."""
    edited = [a for a in actions if isinstance(a.original_args, dict)]
    if not edited:
        return {}
    values = [v for a in edited for v in [*a.original_args.values(), *a.args.values()]]
    return contact_names(team=edited[0].team, values=values)


def _shown(value: Any, names: dict[int, str]) -> str:
    """An argument as a person reads it: contacts by name, lists joined, nothing as ''."""
    items = value if isinstance(value, list) else [value]
    shown = [
        names.get(item, f"contact #{item}")
        if isinstance(item, int) and not isinstance(item, bool)
        else str(item)
        for item in items
        if item not in (None, "")
    ]
    return ", ".join(shown)


def _content_fields(tool_name: str) -> tuple[tuple[str, str], ...]:
    tool = tool_get(tool_name)
    return tool.content if tool else ()


def _field_label(tool_name: str, name: str) -> str:
    tool = tool_get(tool_name)
    label = tool.label(name) if tool else name
    return name.replace("_", " ").capitalize() if label == name else label


def _approvers_note(action: Action, admins: list[Membership] | None) -> str:
    if action.risk != Action.Risk.CRITICAL or not action.decided_with.get(
        "critical_needs_other_admin"
    ):
        return ""
    names = [m.user.display_name for m in admins or [] if m.user_id != action.requested_by_id]
    if not names:
        return "Needs an admin of the team other than the person who asked; there is none yet."
    return f"Needs an admin other than the person who asked: {', '.join(names)}."


# --- History --------------------------------------------------------------------------------

HISTORY_PAGE_SIZE = 50


def history_actions(*, team: Team, filters: ActionFilters) -> QuerySet[Action]:
    """Every action of the team matching ``filters``, newest first (a lazy queryset)."""
    return filters.apply(_team_actions(team), zone=team.time_zone).order_by("-pk")


def history_page(
    *, team: Team, filters: ActionFilters, before: int | None, limit: int = HISTORY_PAGE_SIZE
) -> tuple[list[Action], int | None]:
    return _cursor_page(history_actions(team=team, filters=filters), before, limit)


def export_csv(rows: Iterator[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    """CSV lines for ``rows``, header first; JSON values (args, result) as JSON text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(columns)
    for row in rows:
        yield line([_cell(row[column]) for column in columns])


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else value


def export_json(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One JSON array, written an element at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, default=str, ensure_ascii=False)
    yield "]\n"


# --- What the decisions say (feedback analytics) ---------------------------------------------

SUGGEST_AFTER = 10  # approvals of one kind, none rejected, before suggesting to loosen a rule


@dataclass(frozen=True)
class Rate:
    label: str
    approved: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.approved + self.rejected

    @property
    def percent(self) -> int:
        return round(100 * self.approved / self.decided) if self.decided else 0


@dataclass(frozen=True)
class Insights:
    since: datetime
    by_tool: list[Rate]
    by_requester: list[Rate]
    rejection_reasons: list[tuple[str, int]]
    median_seconds_to_decide: float | None
    expired: int
    feedback_up: int
    feedback_down: int
    suggestions: list[str]


def _rates(rows: list[dict[str, Any]], key: str, label: Any) -> list[Rate]:
    counts: dict[Any, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row[key], {"approved": 0, "rejected": 0})[row["verdict"]] += row["n"]
    return sorted(
        (Rate(label(k), v["approved"], v["rejected"]) for k, v in counts.items()),
        key=lambda r: (-r.decided, r.label),
    )


def approval_insights(*, team: Team, days: int = 30) -> Insights:
    """How people decided over the last ``days``: approval rates by tool and requester, the
    common rejection reasons, time to decide, and rules the data says could be loosened."""
    from assistant.models import Approval, Feedback

    since = timezone.now() - timedelta(days=days)
    approvals = Approval.objects.filter(action__team=team, created_at__gte=since)
    by_tool_rows = list(approvals.values("action__tool", "verdict").annotate(n=Count("pk")))
    by_requester_rows = list(
        approvals.values("action__requested_by__email", "verdict").annotate(n=Count("pk"))
    )
    reasons: dict[str, int] = {}
    for reason in (
        approvals.filter(verdict="rejected").exclude(reason="").values_list("reason", flat=True)
    ):
        key = reason.strip().rstrip(".").capitalize()
        reasons[key] = reasons.get(key, 0) + 1
    waits = sorted(
        (decided - proposed).total_seconds()
        for decided, proposed in approvals.order_by("-created_at").values_list(
            "created_at", "action__created_at"
        )[:5000]
    )
    feedback = dict(
        Feedback.objects.filter(action__team=team, created_at__gte=since)
        .values_list("rating")
        .annotate(n=Count("pk"))
    )
    nouns = {name: tool.noun for name, tool in TOOLS.items() if tool.noun}
    pairs = (
        approvals.filter(action__contact__isnull=False, action__tool__in=list(nouns))
        .values("action__tool", "action__contact__name", "verdict")
        .annotate(n=Count("pk"))
    )
    per_pair: dict[tuple[str, str], dict[str, int]] = {}
    for row in pairs:
        counts = per_pair.setdefault((row["action__tool"], row["action__contact__name"]), {})
        counts[row["verdict"]] = row["n"]
    suggestions = [
        f"You approved all {counts['approved']} {nouns[tool]}s to {name} in the last "
        f"{days} days: allow {nouns[tool]}s to existing contacts without approval?"
        for (tool, name), counts in sorted(per_pair.items())
        if counts.get("approved", 0) >= SUGGEST_AFTER and not counts.get("rejected")
    ]
    suggestions += [
        f"{rate.rejected} of {rate.decided} {rate.label} actions were rejected: look at the "
        "rejection reasons before the next ones, or ask for changes instead."
        for rate in _rates(by_tool_rows, "action__tool", str)
        if rate.decided >= 5 and rate.rejected * 2 > rate.decided
    ]
    return Insights(
        since=since,
        by_tool=_rates(by_tool_rows, "action__tool", str),
        by_requester=_rates(
            by_requester_rows, "action__requested_by__email", lambda e: e or "outside the team"
        ),
        rejection_reasons=sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        median_seconds_to_decide=statistics.median(waits) if waits else None,
        expired=Action.objects.for_team(team)
        .filter(status=Action.Status.EXPIRED, updated_at__gte=since)
        .count(),
        feedback_up=feedback.get(1, 0),
        feedback_down=feedback.get(-1, 0),
        suggestions=suggestions,
    )
