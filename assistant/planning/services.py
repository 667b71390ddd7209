"""Services for planning: a request in words becomes a Task with proposed actions.

``task_submit`` takes a request (the web Ask box, the API; SMS and email later), plans it and
proposes each tool call through the policy; ``task_clarify`` resumes a plan once a person
says which contact they meant; ``action_revise`` asks the planner to change one proposed
action following an approver's words. Planning itself has no side effects: the planners
return calls, and only ``action_propose`` records them.

Which planner runs is the ``PLANNER`` setting, looked up in ``PLANNERS``. When the LLM planner
cannot plan (not configured, unreachable, timed out, over budget) the offline planner runs
instead, and the task's trace says why.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from assistant.engine import hooks
from assistant.engine.actions import (
    ActionError,
    action_args_errors,
    action_edit,
    action_propose,
    action_reject,
    action_summaries,
)
from assistant.errors import CodedError
from assistant.inputs import text_problem, whole_number
from assistant.models import Action, Team, TraceEvent, User
from assistant.planning.llm.base import (
    Plan,
    PlanContext,
    PlanEvent,
    Planner,
    PlannerError,
    Revision,
)
from contacts.selectors import contact_resolve, contacts_for_team
from tasks.models import Task
from tasks.services import task_create, task_roll_up

logger = logging.getLogger(__name__)

PLANNERS: dict[str, str] = {
    "offline": "assistant.planning.llm.offline.OfflinePlanner",
    "openai": "assistant.planning.llm.openai.OpenAIPlanner",
}
MAX_REQUEST_CHARS = 2000
MAX_FEEDBACK_CHARS = 1000


class PlanningError(CodedError):
    """A planning request that cannot be honoured: a code and a sentence for people."""

    STATUS: ClassVar[dict[str, int]] = {
        "NOT_WAITING": 409, "INVALID_ANSWER": 422, "INVALID_ARGS": 422,
        "REVISION_NOT_UNDERSTOOD": 422,
    }  # fmt: skip

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(code, message, details=details)


def planner_get(name: str) -> Planner:
    return import_string(PLANNERS[name])()


def request_clean(text: object, *, field: str = "text", limit: int = MAX_REQUEST_CHARS) -> str:
    """The request's words, or a ValidationError by field: empty, too long, not text, or
    holding a character no column can hold."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({field: ["Say what you would like done."]})
    text = text.strip()
    if text_problem(text):
        raise ValidationError({field: [text_problem(text)]})
    if len(text) > limit:
        raise ValidationError(
            {field: [f"This is {len(text)} characters long; keep it to at most {limit}."]}
        )
    return text


def _zone(task: Task) -> str:
    user = task.requested_by
    return user.time_zone if user is not None else task.team.time_zone


def _context(task: Task, *, revision: Revision | None = None) -> PlanContext:
    return PlanContext(
        team=task.team,
        user=task.requested_by,
        text=task.text,
        now=timezone.now().astimezone(ZoneInfo(_zone(task))),
        time_zone=_zone(task),
        answers=dict(task.clarification.get("answers", {})),
        untrusted=task.actor_kind == Task.Actor.EXTERNAL,
        revision=revision,
    )


def plan_run(context: PlanContext) -> Plan:
    """Plan with the configured planner; fall back to the offline planner when it cannot.

    The fallback's reason travels in the plan's events, so the trace says what happened.
    """
    if settings.PLANNER == "offline":
        return planner_get("offline").plan(context)
    try:
        return planner_get(settings.PLANNER).plan(context)
    except PlannerError as error:
        logger.warning("Planner %s failed (%s); planning offline", settings.PLANNER, error.code)
        plan = planner_get("offline").plan(context)
        fallback = PlanEvent(
            kind="planner",
            payload={"fallback": "offline", "from": settings.PLANNER, "code": error.code,
                     "message": error.message},
        )  # fmt: skip
        return Plan(
            calls=plan.calls, clarification=plan.clarification, message=plan.message,
            planner=plan.planner, events=[*error.events, fallback, *plan.events],
        )  # fmt: skip


def _record(task: Task, plan: Plan, action: Action | None = None) -> None:
    TraceEvent.objects.bulk_create(
        TraceEvent(
            team_id=task.team_id,
            task=task,
            action=action,
            kind=event.kind,
            payload=event.payload,
            model=event.model,
            tokens_in=event.tokens_in,
            tokens_out=event.tokens_out,
            latency_ms=event.latency_ms,
        )
        for event in plan.events
    )


def task_submit(
    *, team: Team, user: User | None, text: object, source: str = Task.Source.WEB,
    actor_kind: str = Task.Actor.USER,
) -> Task:  # fmt: skip
    """Take a request in words and plan it: the task comes back planned (with its actions
    decided), waiting for a clarification, or closed with a message when not understood."""
    clean = request_clean(text)
    task = task_create(
        team=team, text=clean, source=source, actor_kind=actor_kind, requested_by=user
    )
    return task_plan(task=task)


def task_submit_later(
    *, team: Team, user: User | None, text: object, source: str, actor_kind: str
) -> Task:
    """Take a request in words and plan it in a job (``plan_task_job``), after the caller's
    transaction commits: for requests that arrive by text or call, so no lock the caller
    holds waits on a model. The task comes back ``received``; ``TASK_PLANNED`` is announced
    when the job has planned it."""
    from assistant.planning.jobs import plan_task_job

    task = task_create(
        team=team, text=request_clean(text), source=source, actor_kind=actor_kind,
        requested_by=user,
    )  # fmt: skip
    plan_task_job.delay_on_commit(task.pk)
    return task


def task_plan_queued(*, task_id: int) -> str:
    """The body of ``plan_task_job``: plan a task that waits in ``received``, once.

    The claim (received → planning) is one conditional update, so a job delivered twice
    plans once; a task a dead worker left in ``planning`` for longer than a job may run is
    claimed again (planning proposes in one transaction with its status, so nothing was
    proposed). Announces ``TASK_PLANNED``; returns the task's status, or ``skipped``.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    claimed = (
        Task.objects.filter(pk=task_id)
        .filter(
            Q(status=Task.Status.RECEIVED) | Q(status=Task.Status.PLANNING, updated_at__lt=stale)
        )
        .update(status=Task.Status.PLANNING, updated_at=now)
    )
    if not claimed:
        return "skipped"
    task = task_plan(task=Task.objects.select_related("team", "requested_by").get(pk=task_id))
    hooks.announce(hooks.TASK_PLANNED, task=task)  # (after planning committed: replies go now)
    return task.status


def task_plan(*, task: Task) -> Task:
    """Plan ``task`` and propose what the planner returned.

    1. received (or needs_clarification) → planning.
    2. Ask the planner (``plan_run``), with the answers given so far; record its trace.
    3. A clarification → needs_clarification with the question and choices. No calls →
       closed, with the planner's message. Calls → each proposed (the policy decides it),
       planned, then the status rolls up from the actions.
    """
    Task.objects.filter(pk=task.pk).update(status=Task.Status.PLANNING)
    try:
        plan = plan_run(_context(task))
    except Exception as error:  # a bug in a planner: the task says so instead of vanishing
        logger.exception("Planning task %s failed", task.pk)
        task.status, task.summary = Task.Status.FAILED, f"Planning failed: {error}"
        task.save(update_fields=["status", "summary", "updated_at"])
        return task
    with transaction.atomic():
        _record(task, plan)
        task.planner = plan.planner
        answers = task.clarification.get("answers", {})
        if plan.clarification is not None:
            question = plan.clarification
            task.status, task.summary = Task.Status.NEEDS_CLARIFICATION, question.question
            task.clarification = {
                "mention": question.mention, "question": question.question,
                "choices": [{"value": c.value, "label": c.label} for c in question.choices],
                "answers": answers,
            }  # fmt: skip
        elif not plan.calls:
            task.status, task.summary = Task.Status.CLOSED, plan.message
            task.clarification = {"answers": answers} if answers else {}
        else:
            task.status = Task.Status.PLANNED
            task.clarification = {"answers": answers} if answers else {}
        task.save(update_fields=["status", "summary", "clarification", "planner", "updated_at"])
        if task.status == Task.Status.PLANNED:
            actions = [
                action_propose(
                    task=task,
                    tool=call.tool,
                    args=call.args,
                    confidence=call.confidence,
                    rationale=call.rationale,
                )
                for call in plan.calls
            ]
            summary = "; ".join(action_summaries(actions=actions).values())
            task.summary = f"{summary}. {plan.message}".strip() if plan.message else summary
            task.save(update_fields=["summary", "updated_at"])
            task_roll_up(task=task)
    return task


def _answer_value(task: Task, answer: object) -> int | str:
    """The contact id or new address a clarification answer names, or PlanningError."""
    choices = {c["value"] for c in task.clarification.get("choices", [])}
    if isinstance(answer, bool) or answer is None or answer == "":
        raise PlanningError("INVALID_ANSWER", "Choose one of the contacts offered.")
    if text_problem(answer):
        raise PlanningError("INVALID_ANSWER", text_problem(answer))
    value = answer if isinstance(answer, int) else whole_number(answer)
    if value is not None:
        if value in choices or contacts_for_team(team=task.team).filter(pk=value).exists():
            return value
        raise PlanningError("INVALID_ANSWER", f"There is no contact #{value} in this team.")
    if not isinstance(answer, str):
        raise PlanningError("INVALID_ANSWER", "Give a contact id, a phone number or an email.")
    resolution = contact_resolve(team=task.team, text=answer)
    if resolution.error:
        raise PlanningError("INVALID_ANSWER", resolution.error)
    if resolution.contact is not None:
        return resolution.contact.pk
    if resolution.is_new_recipient:
        return resolution.phone or resolution.email
    raise PlanningError(
        "INVALID_ANSWER",
        f"{answer!r} is not one contact. Choose one of those offered, or give a phone number "
        "or an email address.",
    )


def task_clarify(*, task: Task, user: User, answer: object) -> Task:
    """Answer a task's clarification question and plan it again with that answer."""
    if task.status != Task.Status.NEEDS_CLARIFICATION:
        raise PlanningError("NOT_WAITING", "This request is not waiting for an answer.")
    value = _answer_value(task, answer)
    mention = task.clarification.get("mention", "").casefold()
    answers = {**task.clarification.get("answers", {}), mention: value}
    updated = Task.objects.filter(pk=task.pk, status=Task.Status.NEEDS_CLARIFICATION).update(
        clarification={**task.clarification, "answers": answers}
    )
    if not updated:
        raise PlanningError("NOT_WAITING", "This request was answered meanwhile.")
    task.refresh_from_db()
    return task_plan(task=task)


def action_revise(*, action: Action, user: User, via: str, feedback: object) -> Action:
    """Ask the planner to change a waiting action as ``feedback`` says; decide it again.

    The revision keeps the tool: it becomes an edit of the action (the original arguments
    are kept, the approval digest changes). A revision that names another tool rejects this
    action ("replaced by a revision") and proposes the new one on the same task.
    """
    words = request_clean(feedback, field="feedback", limit=MAX_FEEDBACK_CHARS)
    if action.status != Action.Status.PENDING_APPROVAL:
        raise ActionError(
            "ALREADY_DECIDED", f"This action is already {action.get_status_display().lower()}."
        )
    task = action.task
    plan = plan_run(_context(task, revision=Revision(action.tool, action.args, words)))
    _record(task, plan, action)
    if plan.clarification is not None:
        raise PlanningError("REVISION_NOT_UNDERSTOOD", plan.clarification.question)
    if not plan.calls:
        raise PlanningError(
            "REVISION_NOT_UNDERSTOOD", plan.message or "The planner proposed no change."
        )
    call = plan.calls[0]
    errors = action_args_errors(team=action.team, tool_name=call.tool, args=call.args)
    if errors:
        raise PlanningError(
            "INVALID_ARGS", "The revision is not a valid call of the tool; nothing changed.",
            errors,
        )  # fmt: skip
    if call.tool == action.tool:
        return action_edit(action=action, user=user, via=via, args=call.args, feedback=words)
    with transaction.atomic():
        action_reject(action=action, user=user, via=via, reason=f"Replaced by a revision: {words}")
        return action_propose(
            task=task,
            tool=call.tool,
            args=call.args,
            confidence=call.confidence,
            rationale=call.rationale,
        )
