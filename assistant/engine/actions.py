"""Services for actions: propose, approve, reject, edit, expire, dispatch, execute, sweep.

Every status change is one conditional update (``UPDATE ... WHERE status IN (...)``) plus an
append-only audit event in the same transaction: of two clicks, two approvers or two workers,
exactly one changes the row and the other is told it already happened.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, OuterRef, Q, Subquery

from assistant import clock
from assistant.engine import hooks
from assistant.errors import CodedError
from assistant.models import (
    Action,
    Approval,
    AuditEvent,
    Membership,
    Team,
    TraceEvent,
    User,
    UserAgentSettings,
)
from assistant.policy.rules import Decision, policy_decide
from assistant.tools.recipients import contact_named, recipients_resolve, team_args_errors
from assistant.tools.registry import TOOLS, ToolError, channel_get, tool_get
from tasks.models import Task
from tasks.services import task_create, task_roll_up

logger = logging.getLogger(__name__)
S = Action.Status

MAX_ATTEMPTS = 4  # one try and three retries of transient failures


class ActionError(CodedError):
    """A request about an action that cannot be honoured: a code and a sentence for people."""

    STATUS: ClassVar[dict[str, int]] = {
        "ALREADY_DECIDED": 409, "STALE": 409, "EXPIRED": 409, "TOO_LATE": 409,
        "PERMISSION_DENIED": 403, "SECOND_PERSON_REQUIRED": 403, "CRITICAL_IN_APP": 403,
        "CRITICAL_ONE_AT_A_TIME": 403, "NOT_BY_TEXT": 403, "NOT_IN_BULK": 403,
    }  # fmt: skip


def args_digest(tool: str, args: dict[str, Any]) -> str:
    """The fingerprint an approval is bound to: SHA-256 of the canonical tool and arguments."""
    canonical = json.dumps(
        {"tool": tool, "args": args}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _audit(
    action: Action, event: str, old: str, new: str, *, user: User | None = None, via: str = "",
    **details: Any,
) -> None:  # fmt: skip
    AuditEvent.objects.create(
        team_id=action.team_id, action=action, task_id=action.task_id, user=user, via=via,
        event=event, from_status=old, to_status=new, details=details,
    )  # fmt: skip


def _trace(action: Action, kind: str, payload: dict[str, Any], **fields: Any) -> None:
    TraceEvent.objects.create(
        team_id=action.team_id, task_id=action.task_id, action=action, kind=kind, payload=payload,
        **fields,
    )  # fmt: skip


def _move(action: Action, old: set[str] | str, new: str, *, due: bool = False,
          **fields: Any) -> bool:  # fmt: skip
    """Move ``action`` from one of ``old`` to ``new``; False when another change came first.

    ``due`` also requires its hold to have ended by the database's clock (a claim).
    """
    olds = {old} if isinstance(old, str) else old
    now = clock.now()
    rows = Action.objects.filter(pk=action.pk, status__in=olds)
    if due:
        rows = rows.filter(Q(run_after__isnull=True) | Q(run_after__lte=clock.sql_now()))
    changed = rows.update(status=new, updated_at=now, **fields)
    if changed:  # mirror the row without reading it back (F() values are computed here)
        action.status, action.updated_at = new, now
        for name, value in fields.items():
            setattr(action, name, getattr(action, name) + 1 if name == "attempts" else value)
    return bool(changed)


def _contact_of(action: Action, decision: Decision) -> int | None:
    """The contact the action is about: its first recipient that is a contact, or the
    contact its first contact field names (when it is one of the team's)."""
    for recipient in decision.details.get("recipients", []):
        if isinstance(recipient, dict) and recipient.get("contact"):  # (denials list names)
            return recipient["contact"]
    tool = tool_get(action.tool)
    args = action.args if isinstance(action.args, dict) else {}
    for name in tool.contact_fields if tool else ():
        value = args.get(name)
        if isinstance(value, int | str) and value not in tool.people.get(name, set()):
            try:
                return contact_named(team=action.team, value=value).pk
            except ToolError:
                return None
    return None


def _decide(action: Action) -> Decision:
    decision = policy_decide(
        team=action.team, user=action.requested_by, actor_kind=action.actor_kind,
        tool_name=action.tool, args=action.args, confidence=action.confidence,
    )  # fmt: skip
    now = clock.now()
    expiry = timedelta(minutes=decision.settings["approval_expiry_minutes"])
    fields: dict[str, Any] = {
        "risk": decision.risk,
        "decision": decision.outcome,
        "reasons": decision.reasons,
        "decided_digest": args_digest(action.tool, action.args),
        "decided_with": decision.settings,
        "estimated_cost_micros": decision.estimated_cost_micros,
        "run_after": decision.run_after,
        "expires_at": now + expiry if decision.outcome == "approval" else None,
        "error_code": decision.reasons[0] if decision.outcome == "deny" else "",
        "error_message": decision.message if decision.outcome == "deny" else "",
        "contact_id": _contact_of(action, decision),
    }
    new = {"auto": S.APPROVED, "approval": S.PENDING_APPROVAL, "deny": S.DENIED}[decision.outcome]
    old = action.status
    if not _move(action, {S.PROPOSED, S.PENDING_APPROVAL}, new, **fields):
        raise ActionError("ALREADY_DECIDED", "This action was decided meanwhile.")
    _trace(action, TraceEvent.Kind.DECISION, {
        "outcome": decision.outcome, "risk": decision.risk, "reasons": decision.reasons,
        "details": decision.details, "message": decision.message,
    })  # fmt: skip
    _audit(action, "decided", old, new, outcome=decision.outcome, reasons=decision.reasons)
    if new == S.APPROVED:
        action_dispatch(action=action)
    elif new == S.PENDING_APPROVAL:
        hooks.announce(hooks.ACTION_WAITS, action=action, again=old == S.PENDING_APPROVAL)
    return decision


def action_propose(
    *,
    task: Task,
    tool: str,
    args: dict[str, Any],
    confidence: float = 1.0,
    rationale: str = "",
) -> Action:
    """Record a proposed tool call for ``task`` and decide it (no side effect happens here).

    1. Create the action (status proposed) with the task's requester and actor.
    2. Ask the policy: AUTO approves and dispatches after commit, APPROVAL waits in the queue
       until it expires, DENY records the reason.
    3. Roll the task's status up.
    """
    with transaction.atomic():
        action = Action.objects.create(
            team=task.team, task=task, requested_by=task.requested_by, actor_kind=task.actor_kind,
            tool=tool, args=args, confidence=max(0.0, min(1.0, confidence)), rationale=rationale,
        )  # fmt: skip
        _audit(action, "proposed", "", S.PROPOSED, user=task.requested_by, via=task.source)
        _decide(action)
        task_roll_up(task=task)
    return action


def action_summary(*, action: Action) -> str:
    """The action in plain words ("Text Alice Smith (+1 415-555-0101): 'Running late'")."""
    return action_summaries(actions=[action])[action.pk]


def action_summaries(*, actions: list[Action]) -> dict[int, str]:
    """Plain words for many actions of one team, their recipients read in a few queries."""
    from assistant.tools.recipients import recipients_resolve_many

    if not actions:
        return {}
    tools = [tool_get(action.tool) for action in actions]
    wanted = [
        (tool.recipients(action.args), tool.channel)
        for action, tool in zip(actions, tools, strict=True)
        if tool and tool.is_communication
    ]
    found = iter(recipients_resolve_many(team=actions[0].team, wanted=wanted))
    summaries = {}
    for action, tool in zip(actions, tools, strict=True):
        if tool is None:
            summaries[action.pk] = f"Run an unknown tool, {action.tool}"
            continue
        recipients = (next(found) or []) if tool.is_communication else []
        summaries[action.pk] = tool.summary(action, recipients=recipients)
    return summaries


def action_args_errors(*, team: Team, tool_name: str, args: object) -> dict[str, list[str]]:
    """What is wrong with ``args`` for ``tool_name``, by field; empty when they can be decided.

    Checks the tool's schema, then each recipient as the policy will resolve it, and that every
    contact (and other row) the arguments name is the team's (``team_args_errors``: another
    team's contact and a missing one read "No contact with id 7 in this team."), so a typo is
    reported to the caller instead of ending in a denied action.
    """
    tool = tool_get(tool_name)
    if tool is None:
        return {"tool": [f"There is no tool called {tool_name!r}; use one of {', '.join(TOOLS)}."]}
    errors = tool.errors(args)
    if errors or not isinstance(args, dict):
        return errors or {"args": ["Give the arguments as an object."]}
    for field in tool.notifies:
        if field in args:
            try:
                recipients_resolve(team=team, values=args[field], channel=tool.channel)
            except ToolError as error:
                errors[field] = [error.message]
    for field, error in team_args_errors(team=team, tool=tool, args=args).items():
        errors.setdefault(field, []).append(error.message)
    return errors


def action_submit(
    *,
    team: Team,
    user: User,
    tool: str,
    args: dict[str, object],
    confidence: float = 1.0,
    rationale: str = "",
    source: str = "api",
) -> Action:
    """Ask for one tool call directly (another agent or a script did the planning).

    1. Create a Task ("API: send_sms") requested by ``user`` from ``source``.
    2. Propose the call on it: the policy decides (AUTO runs after commit, APPROVAL waits,
       DENY records why), exactly as for a planned action.
    Both happen in one transaction: a failure leaves neither the task nor the action.
    Callers check ``action_args_errors`` first when they want a refusal instead of a denial.
    """
    with transaction.atomic():
        task = task_create(team=team, text=f"API: {tool}", source=source, requested_by=user)
        return action_propose(
            task=task, tool=tool, args=args, confidence=confidence, rationale=rationale
        )


VERBS = ("approve", "reject", "edit", "revise", "undo")
VIAS = ("web", "api", "sms", "bulk")
_BY_TEXT = {"approve", "reject"}  # what a text reply can do
_IN_BULK = {"approve", "reject"}


@dataclass(frozen=True)
class DecisionOptions:
    """What one person may do to one action through one way in, and why not.

    ``refused`` maps each verb they may not use to (code, sentence for people).
    """

    membership: Membership | None
    refused: dict[str, tuple[str, str]]

    def may(self, verb: str) -> bool:
        return verb not in self.refused

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(verb for verb in VERBS if verb not in self.refused)

    def check(self, verb: str) -> Membership:
        """The member's membership, or ActionError saying why ``verb`` is refused."""
        if verb in self.refused:
            raise ActionError(*self.refused[verb])
        assert self.membership is not None
        return self.membership


_NOT_MEMBER = ("PERMISSION_DENIED", "Only members of this team can decide its actions.")
_SECOND_PERSON = (
    "SECOND_PERSON_REQUIRED",
    "A critical action needs an admin of the team other than the person who asked.",
)
_CRITICAL_BY_TEXT = (
    "CRITICAL_IN_APP",
    "A critical action is decided in the app, never by a text.",
)
CRITICAL_IN_BULK = (
    "CRITICAL_ONE_AT_A_TIME",
    "A critical action is approved on its own card, never in bulk.",
)


_LOOK_UP: Any = object()


def action_decision_options(
    *, action: Action, user: User, via: str, membership: Membership | None = _LOOK_UP
) -> DecisionOptions:
    """Which of approve, reject, edit, revise (ask for changes) and undo ``user`` may do to
    ``action`` through ``via`` (web, api, sms or bulk), and why not: the only place these
    rules live. Whether the action still waits is the verbs' own business (a race).

    - Only active members of the action's team decide (``PERMISSION_DENIED``).
    - A critical action, when the team asks for a second person, is decided only by an admin
      other than the requester (``SECOND_PERSON_REQUIRED``).
    - A text can approve or reject, never a critical action (``CRITICAL_IN_APP``).
    - Bulk approves or rejects; critical actions are never approved in bulk.

    ``membership`` (the user's in the action's team, or None for none) saves the query when
    the caller already has it.
    """
    if via not in VIAS:
        raise ValueError(f"Unknown way in {via!r}; expected one of {', '.join(VIAS)}.")
    if membership is _LOOK_UP:
        membership = (
            Membership.objects.filter(team_id=action.team_id, user=user)
            .select_related("agent_settings")
            .first()
        )
    refused: dict[str, tuple[str, str]] = {}
    if (
        membership is None
        or (membership.team_id, membership.user_id) != (action.team_id, user.pk)
        or not user.is_active
    ):
        return DecisionOptions(None, dict.fromkeys(VERBS, _NOT_MEMBER))
    critical = action.risk == Action.Risk.CRITICAL
    if (
        critical
        and action.decided_with.get("critical_needs_other_admin")
        and (not membership.is_admin or user.pk == action.requested_by_id)
    ):
        refused.update(dict.fromkeys(VERBS, _SECOND_PERSON))
    if via == "sms":
        for verb in VERBS:
            if verb not in _BY_TEXT:
                refused.setdefault(verb, ("NOT_BY_TEXT", f"A text cannot {verb} an action."))
            elif critical:
                refused.setdefault(verb, _CRITICAL_BY_TEXT)
    if via == "bulk":
        for verb in VERBS:
            if verb not in _IN_BULK:
                refused.setdefault(verb, ("NOT_IN_BULK", f"Actions are not {verb}ed in bulk."))
        if critical:  # the first thing to say, before who may approve it on its card
            refused["approve"] = CRITICAL_IN_BULK
    return DecisionOptions(membership, refused)


def _check_approver(action: Action, user: User, verb: str, via: str) -> Membership:
    """The decider's membership (with their settings), or ActionError saying why not."""
    return action_decision_options(action=action, user=user, via=via).check(verb)


def undo_seconds(membership: Membership) -> int:
    """How long the person's approvals of messages wait, so that Undo can stop them."""
    try:
        return membership.agent_settings.undo_seconds
    except UserAgentSettings.DoesNotExist:
        return UserAgentSettings._meta.get_field("undo_seconds").default


def _explain_lost_race(action: Action, verb: str) -> ActionError:
    action.refresh_from_db()
    if action.status == S.EXPIRED or (action.expires_at and action.expires_at <= clock.now()):
        return ActionError("EXPIRED", "This action waited too long and expired; nothing was sent.")
    if action.status != S.PENDING_APPROVAL:
        return ActionError(
            "ALREADY_DECIDED", f"This action is already {action.get_status_display().lower()}."
        )
    return ActionError(
        "STALE", f"The action changed since you saw it; look again before you {verb}."
    )


def action_approve(*, action: Action, user: User, via: str, digest: str) -> Action:
    """Approve exactly the tool and arguments the approver saw (``digest``); runs once.

    1. The approver must be an active member (an admin other than the requester for a
       critical action, when the team says so).
    2. One conditional update: pending, not expired, same digest → approved. Losing it means
       someone else decided first, the action expired, or it was edited. A message waits
       the approver's undo window (``run_after``), so Undo can still stop it.
    3. Record the Approval and the audit event, and dispatch after commit.
    """
    membership = _check_approver(action, user, "approve", via)
    now = clock.now()
    tool = tool_get(action.tool)
    run_after = action.run_after
    if tool and tool.is_communication and undo_seconds(membership):
        run_after = max(
            filter(None, [run_after, now + timedelta(seconds=undo_seconds(membership))])
        )
    with transaction.atomic():
        changed = Action.objects.filter(
            pk=action.pk, status=S.PENDING_APPROVAL, decided_digest=digest,
            expires_at__gt=clock.sql_now(),
        ).update(status=S.APPROVED, updated_at=now, run_after=run_after)  # fmt: skip
        if not changed:
            raise _explain_lost_race(action, "approve")
        action.status, action.updated_at, action.run_after = S.APPROVED, now, run_after
        Approval.objects.create(
            action=action, user=user, via=via, verdict=Approval.Verdict.APPROVED, args_digest=digest
        )
        _audit(action, "approved", S.PENDING_APPROVAL, S.APPROVED, user=user, via=via)
        action_dispatch(action=action)
        task_roll_up(task=action.task)
    return action


def action_undo(*, action: Action, user: User, via: str) -> Action:
    """Stop an approved action before it starts (the undo window): approved → cancelled.

    Once a worker has claimed it (executing) it is too late, and this says so.
    """
    _check_approver(action, user, "undo", via)
    with transaction.atomic():
        if not _move(action, S.APPROVED, S.CANCELLED, finished_at=clock.now()):
            action.refresh_from_db()
            raise ActionError(
                "TOO_LATE",
                f"It is too late to undo: the action is {action.get_status_display().lower()}.",
            )
        _audit(action, "cancelled", S.APPROVED, S.CANCELLED, user=user, via=via, reason="undo")
        task_roll_up(task=action.task)
    return action


def action_reject(*, action: Action, user: User, via: str, reason: str = "") -> Action:
    _check_approver(action, user, "reject", via)
    with transaction.atomic():
        if not _move(action, S.PENDING_APPROVAL, S.REJECTED, finished_at=clock.now()):
            raise _explain_lost_race(action, "reject")
        Approval.objects.create(
            action=action, user=user, via=via, verdict=Approval.Verdict.REJECTED, reason=reason,
            args_digest=action.decided_digest,
        )  # fmt: skip
        _audit(
            action, "rejected", S.PENDING_APPROVAL, S.REJECTED, user=user, via=via, reason=reason
        )
        task_roll_up(task=action.task)
    return action


def action_edit(
    *, action: Action, user: User, via: str, args: dict[str, Any], feedback: str = ""
) -> Action:
    """Replace a waiting action's arguments, keep the originals, and decide it again.

    The new arguments get a new digest, so an approval given for the old ones never applies.
    ``feedback`` is the approver's words when the planner made the edit (``action_revise``).
    Arguments ``action_args_errors`` finds fault with (another team's contact, a missing
    one) are refused with ActionError ``INVALID_ARGS`` and its details by field: nothing
    changes.
    """
    _check_approver(action, user, "revise" if feedback else "edit", via)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if locked.status != S.PENDING_APPROVAL:
            raise _explain_lost_race(locked, "edit")
        errors = action_args_errors(team=action.team, tool_name=locked.tool, args=args)
        if errors:  # the same check as a proposal: refused, and the action stays as it was
            raise ActionError(
                "INVALID_ARGS", "The tool cannot take these arguments; nothing changed.",
                details=errors, status=422,
            )  # fmt: skip
        before = locked.args
        Action.objects.filter(pk=locked.pk).update(
            args=args, original_args=locked.original_args or before, updated_at=clock.now()
        )
        locked.refresh_from_db()
        event, extra = ("revised", {"feedback": feedback}) if feedback else ("edited", {})
        _audit(locked, event, S.PENDING_APPROVAL, S.PENDING_APPROVAL, user=user, via=via,
               before=before, after=args, **extra)  # fmt: skip
        _decide(locked)
        task_roll_up(task=locked.task)
    return locked


def actions_expire(*, now: Any = None) -> int:
    """Expire every waiting action past its deadline (by the database's clock unless ``now``
    is given); an expired action never runs."""
    deadline = now or clock.sql_now()
    now = now or clock.now()
    expired = 0
    for action in Action.objects.filter(status=S.PENDING_APPROVAL, expires_at__lte=deadline):
        with transaction.atomic():
            if _move(action, S.PENDING_APPROVAL, S.EXPIRED, finished_at=now):
                _audit(action, "expired", S.PENDING_APPROVAL, S.EXPIRED)
                task_roll_up(task=action.task)
                expired += 1
    return expired


def action_dispatch(*, action: Action) -> None:
    """Enqueue the execution after the transaction commits (a rollback enqueues nothing).

    The job waits out the action's hold (``run_after``). An action held beyond the longest
    allowed countdown is left for the sweeper, which dispatches it when it is due. A dispatch
    is a lease, not a promise: whatever becomes of the broker's message (lost in a Redis
    restart, reserved by a worker that died), the sweeper dispatches the action again once
    the lease has run out, and the executor's claim keeps it exactly once.

    The decision is committed before this runs, so a broker that cannot take the job is
    logged and left to the sweeper, never reported as a failed decision; the action then
    says so (``dispatch_deferred``) for the person who decided.
    """
    from assistant.engine.jobs import execute_action_job

    delay = 0.0
    if action.run_after:
        delay = max(delay, (action.run_after - clock.now()).total_seconds())
    if delay > settings.CELERY_MAX_COUNTDOWN_SECONDS:
        return

    def enqueue() -> None:
        try:
            execute_action_job.apply_async((action.pk,), countdown=max(0, delay))
        except Exception as error:  # the broker is down: the sweeper dispatches it later
            logger.error(
                "Could not enqueue action %s (%s: %s); the sweeper will dispatch it when the "
                "job queue is back.", action.pk, type(error).__name__, error,
            )  # fmt: skip
            action.dispatch_deferred = True
            return
        try:
            Action.objects.filter(pk=action.pk, status=S.APPROVED).update(dispatched_at=clock.now())
        except DatabaseError as error:  # unrecorded, so the sweeper sends it again: harmless
            logger.warning("Could not record the dispatch of action %s: %s", action.pk, error)

    transaction.on_commit(enqueue)


def dispatch_deferred(action: Action) -> bool:
    """Whether the job of ``action``, just decided, could not be enqueued (the broker is down):
    it goes out when the queue is back, and the person who decided is told so."""
    return getattr(action, "dispatch_deferred", False)


@dataclass(frozen=True)
class Outcome:
    status: str
    detail: str = ""


def _authorised(action: Action) -> str:
    """Why ``action`` may not run, or "" when it may: complete mediation, whoever called."""
    if args_digest(action.tool, action.args) != action.decided_digest:
        return "The arguments differ from the ones that were decided."
    if action.decision == Action.Decision.AUTO:
        return ""
    if action.decision != Action.Decision.APPROVAL:
        return "Policy did not allow this action."
    # One query: each approval of these arguments, its approver, and their role in the team
    # now (None when they left), for the same rules that let them approve.
    member = Membership.objects.filter(team_id=action.team_id, user_id=OuterRef("user_id"))
    approvals = (
        Approval.objects.filter(
            action=action, verdict=Approval.Verdict.APPROVED, args_digest=action.decided_digest
        )
        .select_related("user")
        .annotate(
            member_id=Subquery(member.values("pk")[:1]),
            member_role=Subquery(member.values("role")[:1]),
        )
    )
    members = {
        a.user_id: Membership(
            pk=a.member_id, team_id=action.team_id, user_id=a.user_id, role=a.member_role
        )
        for a in approvals
        if a.member_id is not None
    }
    for approval in approvals:
        # Who may approve is asked again now: a member who left or lost the role no longer
        # counts, and the way the approval came in must still be allowed for this risk.
        options = action_decision_options(
            action=action, user=approval.user, via=approval.via,
            membership=members.get(approval.user_id),
        )  # fmt: skip
        if options.may("approve"):
            return ""
    return "No member of the team approved these arguments."


def _quiet_hold(action: Action) -> datetime | None:
    """When a message on a channel with quiet hours may go out if it is quiet hours for a
    recipient now, else None."""
    from assistant.policy.rules import effective_settings, quiet_hold

    tool = tool_get(action.tool)
    channel = channel_get(tool.channel) if tool and tool.is_communication else None
    if channel is None or not channel.quiet_hours:
        return None
    try:
        recipients = recipients_resolve(
            team=action.team, values=tool.recipients(action.args), channel=tool.channel
        )
    except ToolError:
        return None  # the handler fails it with the reason
    hours = effective_settings(team=action.team, user=action.requested_by).quiet_hours
    return quiet_hold(
        team_zone=action.team.time_zone, recipients=recipients, now=clock.now(), hours=hours
    )


def action_execute(*, action_id: int) -> Outcome:
    """Run an approved action once (the Celery job calls this; the action id is the key).

    1. Refuse, and fail the action, unless it is authorised: same digest as decided, and
       AUTO or approved by an active member of its team for exactly these arguments.
    2. Claim it: approved → executing in one conditional update that also requires its hold
       to have ended by the database's clock; losing means another worker has it, it is no
       longer approved (nothing happens), or it is early (dispatched again for its time).
    3. Run the tool. Success → succeeded with the result; a permanent error → failed with
       its reason; a transient one that proves nothing happened → back to approved, held
       for a backoff with jitter, until MAX_ATTEMPTS; one whose outcome is unknown (a read
       timeout) → the tool's ``recover`` is asked before anything else (``action_check``).
    """
    action = (
        Action.objects.select_related("team", "task", "requested_by").filter(pk=action_id).first()
    )
    if action is None or action.status != S.APPROVED:
        return Outcome("skipped", "not approved")
    if action.run_after and action.run_after > clock.now():
        return _dispatch_again(action)
    hold = _quiet_hold(action)
    if hold:
        # Quiet hours began after the decision (a late approval, a retry): wait for them to end.
        with transaction.atomic():
            if Action.objects.filter(pk=action.pk, status=S.APPROVED).update(
                run_after=hold, dispatched_at=None, updated_at=clock.now()
            ):
                _audit(action, "held", S.APPROVED, S.APPROVED, until=hold.isoformat())
                action.run_after = hold
                action_dispatch(action=action)
        return Outcome("skipped", "quiet hours")
    refusal = _authorised(action)
    if refusal:
        with transaction.atomic():
            if _move(action, S.APPROVED, S.FAILED, error_code="NOT_AUTHORISED",
                     error_message=refusal, finished_at=clock.now()):  # fmt: skip
                _audit(action, "refused", S.APPROVED, S.FAILED, reason=refusal)
                task_roll_up(task=action.task)
        return Outcome("refused", refusal)
    with transaction.atomic():  # the claim and its records commit together
        claimed = _move(action, S.APPROVED, S.EXECUTING, due=True, started_at=clock.now(),
                        attempts=F("attempts") + 1)  # fmt: skip
        if claimed:
            _audit(action, "executing", S.APPROVED, S.EXECUTING, attempt=action.attempts)
            _trace(action, TraceEvent.Kind.TOOL_CALL, {"tool": action.tool, "args": action.args})
    if not claimed:
        if Action.objects.filter(pk=action.pk, status=S.APPROVED, run_after__gt=clock.sql_now()):
            clock.offset_seconds(refresh=True)  # this machine's clock runs ahead: measure again
            return _dispatch_again(action)
        return Outcome("skipped", "claimed elsewhere")
    tool = tool_get(action.tool)
    started = clock.now()
    try:
        if tool is None:
            raise ToolError("UNKNOWN_TOOL", f"No tool called {action.tool!r} is installed.")
        result = tool.run(action)
    except ToolError as error:
        return _after_failure(action, error)
    except Exception as error:  # a bug: fail visibly with the reason, never silently
        logger.exception("Action %s (%s) crashed", action.pk, action.tool)
        return _after_failure(
            action, ToolError("INTERNAL_ERROR", f"{type(error).__name__}: {error}")
        )
    latency = int((clock.now() - started).total_seconds() * 1000)
    with transaction.atomic():
        _move(action, S.EXECUTING, S.SUCCEEDED, result=result, finished_at=clock.now(),
              error_code="", error_message="")  # fmt: skip
        _trace(action, TraceEvent.Kind.TOOL_RESULT, {"result": result}, latency_ms=latency)
        _audit(action, "succeeded", S.EXECUTING, S.SUCCEEDED)
        task_roll_up(task=action.task)
    return Outcome("succeeded")


def _dispatch_again(action: Action) -> Outcome:
    """An early job (a hold that moved, a clock that runs ahead): dispatch again for its time."""
    with transaction.atomic():
        if Action.objects.filter(pk=action.pk, status=S.APPROVED).update(dispatched_at=None):
            action_dispatch(action=action)
    return Outcome("skipped", "held until later")


def retry_backoff(*, attempt: int) -> float:
    """Seconds before retry number ``attempt``: 5, 10, 20... capped at 300, each scaled by a
    random 0.5 to 1.5 so that actions failing together do not retry together."""
    return min(300, 5 * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)  # noqa: S311


def _after_failure(action: Action, error: ToolError) -> Outcome:
    unknown = getattr(error, "unknown", False)
    payload = {"code": error.code, "message": error.message, "permanent": error.permanent,
               "unknown": unknown}  # fmt: skip
    with transaction.atomic():
        _trace(action, TraceEvent.Kind.TOOL_RESULT, {"error": payload})
        if unknown:  # it may have happened: ask before anything is tried again
            Action.objects.filter(pk=action.pk, status=S.EXECUTING).update(
                error_code=error.code, error_message=error.message, updated_at=clock.now()
            )
            _audit(action, "outcome_unknown", S.EXECUTING, S.EXECUTING, **payload)
            _check_later(action, check=1)
            return Outcome("unknown", error.message)
        if not error.permanent and action.attempts < MAX_ATTEMPTS:
            return _retry(action, error.code, error.message, payload)
        _move(action, S.EXECUTING, S.FAILED, error_code=error.code, error_message=error.message,
              finished_at=clock.now())  # fmt: skip
        _audit(action, "failed", S.EXECUTING, S.FAILED, **payload)
        task_roll_up(task=action.task)
    return Outcome("failed", error.message)


def _retry(action: Action, code: str, message: str, payload: dict[str, Any]) -> Outcome:
    """Back to approved, held for a backoff (the hold is the lease's start too)."""
    backoff = retry_backoff(attempt=action.attempts)
    if _move(action, S.EXECUTING, S.APPROVED, error_code=code, error_message=message,
             dispatched_at=None, run_after=clock.now() + timedelta(seconds=backoff)):  # fmt: skip
        _audit(action, "retrying", S.EXECUTING, S.APPROVED, retry_in_seconds=round(backoff, 1),
               **payload)  # fmt: skip
        action_dispatch(action=action)
    return Outcome("retrying", message)


def _check_later(action: Action, *, check: int) -> None:
    from assistant.engine.jobs import check_action_job

    def enqueue() -> None:
        try:
            check_action_job.apply_async(
                (action.pk, check), countdown=settings.UNKNOWN_OUTCOME_CHECK_SECONDS
            )
        except Exception as error:  # the sweeper finds it executing and asks then
            logger.error("Could not enqueue the check of action %s: %s", action.pk, error)

    transaction.on_commit(enqueue)


def action_check(*, action_id: int, check: int) -> Outcome:
    """Settle an action whose send may have happened (``outcome_unknown``): ask the tool.

    Done → succeeded. Provably not done → the retry rules. Not known yet → asked again, up to
    ``UNKNOWN_OUTCOME_CHECKS`` times (a bounded wait), then needs_review with the reason.
    """
    action = (
        Action.objects.select_related("team", "task", "requested_by")
        .filter(pk=action_id, status=S.EXECUTING)
        .first()
    )
    if action is None:
        return Outcome("skipped", "not executing")
    tool = tool_get(action.tool)
    done = tool.was_done(action) if tool else None
    if done is None and check < settings.UNKNOWN_OUTCOME_CHECKS:
        with transaction.atomic():
            _check_later(action, check=check + 1)
        return Outcome("unknown", "asked again later")
    return _settle(action, done, reason=action.error_message)


def _settle(action: Action, done: bool | None, *, reason: str) -> Outcome:
    """Finish an executing action whose run was cut off, by what its tool found: done →
    succeeded; provably not done → retried (or failed after MAX_ATTEMPTS); unknown →
    needs_review, for a person. Never done twice."""
    with transaction.atomic():
        if done:
            moved = _move(action, S.EXECUTING, S.SUCCEEDED, result={"recovered": True},
                          finished_at=clock.now(), error_code="", error_message="")  # fmt: skip
            if moved:
                _audit(action, "recovered", S.EXECUTING, S.SUCCEEDED)
            outcome = Outcome("recovered")
        elif done is False:
            if action.attempts < MAX_ATTEMPTS:
                if _move(action, S.EXECUTING, S.APPROVED, dispatched_at=None):
                    _audit(action, "retried_after_crash", S.EXECUTING, S.APPROVED)
                    action_dispatch(action=action)
                outcome = Outcome("retrying")
            else:
                moved = _move(action, S.EXECUTING, S.FAILED, error_code="GAVE_UP",
                              error_message=f"Tried {action.attempts} times without success.",
                              finished_at=clock.now())  # fmt: skip
                if moved:
                    _audit(action, "failed", S.EXECUTING, S.FAILED, code="GAVE_UP")
                outcome = Outcome("failed")
        else:
            words = (f"{reason} It could not be confirmed whether this was done. Check before "
                     "running it again.") if reason else (
                "The worker stopped mid-run and it cannot be known whether this was done. "
                "Check before running it again.")  # fmt: skip
            if _move(action, S.EXECUTING, S.NEEDS_REVIEW, error_code="UNKNOWN_OUTCOME",
                     error_message=words.strip()):  # fmt: skip
                _audit(action, "needs_review", S.EXECUTING, S.NEEDS_REVIEW)
            outcome = Outcome("needs_review")
        task_roll_up(task=action.task)
    return outcome


def actions_sweep(*, now: Any = None, stuck_after: timedelta | None = None) -> dict[str, int]:
    """Repair what crashes and outages leave behind; runs every minute.

    1. Approved and due, with no dispatch, or a dispatch whose lease ran out
       (``DISPATCH_LEASE_SECONDS`` after it was due): dispatch again. The broker's message
       may be lost (a Redis restart), reserved by a worker that died, or never sent; the
       executor's claim keeps a second job from doing anything twice.
    2. Executing for longer than a job may run (the worker died): the tool's ``recover``
       says whether it was done. Done: succeeded. Provably not done: retried. Unknown:
       needs_review, for a person to look at. Never done twice.
    Times are the database's (``now`` replaces it in tests).
    """
    at = now or clock.sql_now()
    if stuck_after is None:  # (not `or`: timedelta(0) is falsy)
        stuck_after = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    lease = timedelta(seconds=settings.DISPATCH_LEASE_SECONDS)
    counts = {"dispatched": 0, "redispatched": 0, "recovered": 0, "retried": 0,
              "needs_review": 0}  # fmt: skip
    due = Action.objects.filter(status=S.APPROVED).filter(
        Q(run_after__isnull=True) | Q(run_after__lte=at)
    )
    # The lease runs from when the job was due: its dispatch, or the end of its hold.
    lapsed = Q(dispatched_at__lt=at - lease) & (
        Q(run_after__isnull=True) | Q(run_after__lt=at - lease)
    )
    for action in due.filter(Q(dispatched_at__isnull=True) | lapsed).select_related("team"):
        again = action.dispatched_at is not None
        with transaction.atomic():
            if again:
                _audit(action, "dispatched_again", S.APPROVED, S.APPROVED,
                       reason="lease_expired")  # fmt: skip
            action_dispatch(action=action)
        counts["redispatched" if again else "dispatched"] += 1
    stuck = Action.objects.filter(status=S.EXECUTING, started_at__lt=at - stuck_after)
    for action in stuck.select_related("team", "task", "requested_by"):
        tool = tool_get(action.tool)
        done = tool.was_done(action) if tool else None
        # (codes ending OUTCOME_UNKNOWN: a send whose answer never came, and its check was lost)
        unknown = action.error_code.endswith("OUTCOME_UNKNOWN")
        outcome = _settle(action, done, reason=action.error_message if unknown else "")
        key = {"recovered": "recovered", "retrying": "retried", "needs_review": "needs_review"}
        if outcome.status in key:
            counts[key[outcome.status]] += 1
    return counts
