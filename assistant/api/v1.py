"""The JSON API under ``/api/v1/`` (SPEC §10): actions proposed, read and decided, tasks, and
the routers apps add (contacts: ``contacts/api.py``).

Every route acts as the token's user in the token's team (``request.auth``, an ``ApiCaller``);
rows of other teams answer 404, exactly as rows that do not exist. Every error has the same
shape, ``{"code", "message", "details"}``. Endpoints stay thin: they fetch through the team,
call a service, and shape the answer.

django-ninja and pydantic resolve the (postponed) annotations of schemas and endpoints at
import time, against this module's globals: every type they name must be importable here, not
only under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from assistant.api.auth import ApiTokenAuth
from assistant.api.common import (
    ERRORS,
    PAGE_DEFAULT,
    PAGE_MAX,
    ApiError,
    ErrorOut,
    InputSchema,
    caller_of,
    not_found,
    page_of,
)
from assistant.engine.actions import (
    action_approve,
    action_args_errors,
    action_edit,
    action_reject,
    action_submit,
    action_summaries,
    action_summary,
)
from assistant.errors import CodedError
from assistant.models import ACTION_STATUSES, Action
from assistant.outages import outage_of, outage_response
from assistant.planning.services import action_revise, task_clarify, task_submit
from assistant.policy.rules import REASON_TEXT
from assistant.teams.tokens import ApiCaller
from contacts.api import router as contacts_router
from tasks.models import Task

logger = logging.getLogger(__name__)

DESCRIPTION = """
Consigliere's JSON API: propose actions for approval, decide them, and manage contacts.

**Authentication.** Send `Authorization: Bearer <token>` on every request. A token belongs to
one person in one team (create one with `python manage.py create_api_token <email>`); every
route acts as that person in that team. Cookies are ignored, so no CSRF token is needed.

**Asking in words.** `POST /tasks {"text": "Text Alice that I'm running late"}` plans the
request and answers with the task and its proposed actions. When a person is unclear ("two
Alexes") the task is `needs_clarification` with choices; answer with
`POST /tasks/{id}/clarify {"answer": <contact id>}`. `POST /actions/{id}/revise
{"feedback": "..."}` asks the planner to change a waiting action.

**Errors** always look like `{"code": "STALE", "message": "...", "details": {...}}`:
401 `UNAUTHENTICATED`; 404 `NOT_FOUND` (also for other teams' objects); 400 `MALFORMED_JSON`
or `BAD_REQUEST`; 413 `REQUEST_TOO_LARGE`; 422 `VALIDATION_ERROR` or `INVALID_ARGS` with
`details` by field (text holding a NUL character or an unpaired surrogate is refused so, in
any field); 403 `PERMISSION_DENIED` or `SECOND_PERSON_REQUIRED`; 409 `ALREADY_DECIDED`,
`STALE`, `EXPIRED` or `TOO_LATE`; 502 when a provider failed (`PROVIDER_TIMEOUT`...); 500
`INTERNAL_ERROR`. An `offset` past the end is an empty page.

**Approving exactly what you saw.** Every action carries a `digest` of its tool and
arguments. `POST /actions/{id}/approve` takes an optional `digest`: when given, it must be the
action's current digest, else the answer is 409 `STALE` (someone edited the action after you
read it) and nothing is approved. When omitted, you approve the action as it stands at that
moment; send the digest whenever a person or a program decided on a copy it read earlier.
"""

api = NinjaAPI(
    title="Consigliere API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # the docs page loads Swagger UI from a CDN; the document is enough
    auth=ApiTokenAuth(),
)
api.add_router("/contacts", contacts_router)


# --- Errors ---------------------------------------------------------------------------------

HTTP_ERROR_CODES = {400: "MALFORMED_JSON", 401: "UNAUTHENTICATED", 429: "RATE_LIMITED"}


def _error(
    request: HttpRequest, status: int, code: str, message: str, details: dict[str, Any] | None
) -> HttpResponse:
    response = api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(CodedError)
def _on_coded_error(request: HttpRequest, exc: CodedError) -> HttpResponse:
    """Every refusal the code names (actions, planning, tools, providers, the API's own)."""
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(DjangoValidationError)
def _on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "VALIDATION_ERROR", "Some fields have problems.", details)


@api.exception_handler(NinjaValidationError)
def _on_request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Pydantic's errors by field: ``{"confidence": ["Input should be ..."]}``.

    A field is named by its path inside the body or query (``args.to``), without the
    location and the parameter's own name, so it reads like the JSON the caller sent.
    """
    details: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        path = loc[2:] if len(loc) > 2 and loc[0] == "body" else loc[1:]
        details.setdefault(".".join(path) or "__all__", []).append(error.get("msg", "Invalid."))
    return _error(request, 422, "VALIDATION_ERROR", "Some fields have problems.", details)


@api.exception_handler(AuthenticationError)
def _on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = "Send a valid API token: Authorization: Bearer <token>."
    return _error(request, 401, "UNAUTHENTICATED", message, None)


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = HTTP_ERROR_CODES.get(exc.status_code, f"HTTP_{exc.status_code}")
    message = "The request body is not valid JSON." if exc.status_code == 400 else exc.message
    return _error(request, exc.status_code, code, message, None)


@api.exception_handler(SuspiciousOperation)
def _on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """A request Django will not read: too large a body, too many fields (400 for a page)."""
    if isinstance(exc, RequestDataTooBig):
        return _error(request, 413, "REQUEST_TOO_LARGE", "The request body is too large.", None)
    logger.warning("API %s %s refused: %s", request.method, request.path, exc)
    return _error(request, 400, "BAD_REQUEST", f"The request cannot be read: {exc}", None)


@api.exception_handler(Http404)
def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "NOT_FOUND", "There is no such object.", None)


@api.exception_handler(Exception)
def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    outage = outage_of(exc)
    if outage is not None:  # the database or the job queue is down: 503, try again
        logger.error("API %s %s: %s (%s)", request.method, request.path, outage.code, exc)
        return outage_response(request, outage)
    logger.exception("API %s %s failed", request.method, request.path)
    message = "Something went wrong on our side; it has been logged."
    return _error(request, 500, "INTERNAL_ERROR", message, None)


# --- Schemas --------------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    email: str
    name: str


class TeamOut(Schema):
    id: int
    name: str
    slug: str


class MeOut(Schema):
    user: UserOut
    team: TeamOut
    time_zone: str


class ActionErrorOut(Schema):
    code: str
    message: str


class ActionOut(Schema):
    id: int
    task: int
    tool: str
    args: dict[str, Any]
    original_args: dict[str, Any] | None = Field(description="The arguments before any edit")
    summary: str = Field(description="The action in plain words")
    risk: str
    confidence: float
    decision: str = Field(description="auto, approval or deny")
    reasons: list[str] = Field(description="Machine codes: HIGH_RISK, NEW_RECIPIENT...")
    reason_texts: list[str] = Field(description="The reasons in plain words, in the same order")
    status: str
    expires_at: datetime | None
    run_after: datetime | None = Field(description="Held until then (quiet hours)")
    result: Any
    error: ActionErrorOut | None
    digest: str = Field(description="What an approval is bound to; see approve")
    created_at: datetime


class ActionPage(Schema):
    items: list[ActionOut]
    count: int
    limit: int
    offset: int
    next_offset: int | None


class ActionIn(InputSchema):
    tool: str = Field(description="A tool of the registry, like send_sms or create_task")
    args: dict[str, Any] = Field(description="The tool's arguments (SPEC §5)")
    confidence: float = Field(1.0, ge=0, le=1)
    rationale: str = Field("", max_length=5000)


class ApproveIn(InputSchema):
    digest: str | None = Field(None, description="The digest you saw; 409 STALE if it changed")


class RejectIn(InputSchema):
    reason: str = Field("", max_length=500)


class EditIn(InputSchema):
    args: dict[str, Any]


class ReviseIn(InputSchema):
    feedback: str = Field(description="What to change, in words: 'make it friendlier, say 4pm'")


class TaskIn(InputSchema):
    text: str = Field(description="The request in words, like 'Text Alice that I'm late'")


class ClarifyIn(InputSchema):
    answer: int | str = Field(
        description="A contact id from the choices, or a phone number or email address"
    )


class ChoiceOut(Schema):
    value: int | str
    label: str


class ClarificationOut(Schema):
    mention: str = Field(description="The words the request used: 'Alex'")
    question: str
    choices: list[ChoiceOut]


class TaskOut(Schema):
    id: int
    text: str
    source: str
    status: str = Field(
        description="planning, planned, needs_clarification, waiting, executing, done, closed "
        "(nothing to do) or failed"
    )
    summary: str = Field(description="What was understood, or why nothing was proposed")
    planner: str = Field(description="offline or openai")
    clarification: ClarificationOut | None = Field(description="The question, when one waits")
    actions: list[ActionOut]
    created_at: datetime


ActionStatus = Literal[tuple(ACTION_STATUSES)]  # type: ignore[valid-type]
# --- Shaping answers ------------------------------------------------------------------------


def _actions_out(actions: list[Action]) -> list[dict[str, Any]]:
    """Many actions of one team, their summaries built together: the same number of queries
    for a page of 5 as for a page of 100."""
    summaries = action_summaries(actions=actions)
    return [_action_out(action, summary=summaries[action.pk]) for action in actions]


def _action_out(action: Action, *, summary: str | None = None) -> dict[str, Any]:
    return {
        "id": action.pk,
        "task": action.task_id,
        "tool": action.tool,
        "args": action.args,
        "original_args": action.original_args,
        "summary": action_summary(action=action) if summary is None else summary,
        "risk": action.risk,
        "confidence": action.confidence,
        "decision": action.decision,
        "reasons": action.reasons,
        "reason_texts": [REASON_TEXT.get(code, code) for code in action.reasons],
        "status": action.status,
        "expires_at": action.expires_at,
        "run_after": action.run_after,
        "result": action.result,
        "error": (
            {"code": action.error_code, "message": action.error_message}
            if action.error_code
            else None
        ),
        "digest": action.decided_digest,
        "created_at": action.created_at,
    }


def _task_out(task: Task) -> dict[str, Any]:
    waiting = task.status == Task.Status.NEEDS_CLARIFICATION and task.clarification.get("question")
    return {
        "id": task.pk, "text": task.text, "source": task.source, "status": task.status,
        "summary": task.summary, "planner": task.planner,
        "clarification": (
            {key: task.clarification.get(key) for key in ("mention", "question", "choices")}
            if waiting else None
        ),
        "actions": _actions_out(list(task.actions.select_related("team", "task").order_by("pk"))),
        "created_at": task.created_at,
    }  # fmt: skip


def _task_for(caller: ApiCaller, task_id: int) -> Task:
    task = Task.objects.for_team(caller.team).filter(pk=task_id).select_related("team").first()
    if task is None:
        raise not_found("task", task_id)
    return task


def _actions_for(caller: ApiCaller) -> QuerySet[Action]:
    return Action.objects.for_team(caller.team).select_related("team", "task")


def _action_for(caller: ApiCaller, action_id: int) -> Action:
    action = _actions_for(caller).filter(pk=action_id).first()
    if action is None:
        raise not_found("action", action_id)
    return action


# --- Routes ---------------------------------------------------------------------------------


@api.get("/me", response={200: MeOut, 401: ErrorOut}, tags=["me"])
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the token acts as, in which team, and that person's time zone."""
    caller = caller_of(request)
    user = caller.user
    return {
        "user": {"id": user.pk, "email": user.email, "name": user.display_name},
        "team": {"id": caller.team.pk, "name": caller.team.name, "slug": caller.team.slug},
        "time_zone": caller.user.time_zone,
    }


@api.post("/actions", response={201: ActionOut, **ERRORS}, tags=["actions"])
def actions_propose(request: HttpRequest, payload: ActionIn) -> Status[dict[str, Any]]:
    """Propose one tool call; the policy decides it at once.

    The answer is 201 with the action: `pending_approval` waits for a person (see `reasons`),
    `approved` runs in the background (poll `GET /actions/{id}`), `denied` says why in
    `error`. Arguments that do not fit the tool, or recipients that cannot be reached, are
    refused with 422 `INVALID_ARGS` and details by field, and nothing is recorded.
    """
    caller = caller_of(request)
    errors = action_args_errors(team=caller.team, tool_name=payload.tool, args=payload.args)
    if errors:
        raise ApiError(422, "INVALID_ARGS", "The tool cannot take these arguments.", errors)
    action = action_submit(
        team=caller.team,
        user=caller.user,
        tool=payload.tool,
        args=payload.args,
        confidence=payload.confidence,
        rationale=payload.rationale,
    )
    return Status(201, _action_out(_action_for(caller, action.pk)))


@api.get("/actions", response={200: ActionPage, **ERRORS}, tags=["actions"])
def actions_list(
    request: HttpRequest,
    status: ActionStatus | None = None,
    limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """The team's actions, newest first, optionally of one status."""
    actions = _actions_for(caller_of(request)).order_by("-created_at", "-pk")
    if status:
        actions = actions.filter(status=status)
    return page_of(actions, limit, offset, _action_out, many=_actions_out)


@api.get("/actions/{action_id}", response={200: ActionOut, **ERRORS}, tags=["actions"])
def actions_read(request: HttpRequest, action_id: int) -> dict[str, Any]:
    return _action_out(_action_for(caller_of(request), action_id))


@api.post("/actions/{action_id}/approve", response={200: ActionOut, **ERRORS}, tags=["actions"])
def actions_approve(
    request: HttpRequest, action_id: int, payload: ApproveIn | None = None
) -> dict[str, Any]:
    """Approve a waiting action; it runs once, in the background.

    With `digest`, only if the action still has exactly that digest (409 `STALE` if it was
    edited since); without it, the action as it stands now. 409 `ALREADY_DECIDED` or
    `EXPIRED` when it no longer waits.
    """
    caller = caller_of(request)
    action = _action_for(caller, action_id)
    digest = payload.digest if payload and payload.digest else action.decided_digest
    action_approve(action=action, user=caller.user, via="api", digest=digest)
    return _action_out(_action_for(caller, action_id))


@api.post("/actions/{action_id}/reject", response={200: ActionOut, **ERRORS}, tags=["actions"])
def actions_reject(
    request: HttpRequest, action_id: int, payload: RejectIn | None = None
) -> dict[str, Any]:
    """Reject a waiting action, with an optional reason; nothing runs."""
    caller = caller_of(request)
    action = _action_for(caller, action_id)
    reason = payload.reason if payload else ""
    action_reject(action=action, user=caller.user, via="api", reason=reason)
    return _action_out(_action_for(caller, action_id))


@api.post("/actions/{action_id}/edit", response={200: ActionOut, **ERRORS}, tags=["actions"])
def actions_edit(request: HttpRequest, action_id: int, payload: EditIn) -> dict[str, Any]:
    """Replace a waiting action's arguments and decide it again.

    The first arguments stay in `original_args`; the new ones get a new `digest`, so an
    approval of the old ones cannot apply. Arguments the tool cannot take: 422 `INVALID_ARGS`
    with details by field, and the action is unchanged.
    """
    caller = caller_of(request)
    action = _action_for(caller, action_id)
    if action.status == Action.Status.PENDING_APPROVAL:
        errors = action_args_errors(team=caller.team, tool_name=action.tool, args=payload.args)
        if errors:
            raise ApiError(422, "INVALID_ARGS", "The tool cannot take these arguments.", errors)
    action_edit(action=action, user=caller.user, via="api", args=payload.args)
    return _action_out(_action_for(caller, action_id))


@api.post("/actions/{action_id}/revise", response={200: ActionOut, **ERRORS}, tags=["actions"])
def actions_revise(request: HttpRequest, action_id: int, payload: ReviseIn) -> dict[str, Any]:
    """Ask for changes in words; the planner's revision replaces the action and is decided
    again (a new digest). A revision with another tool answers with the new action."""
    caller = caller_of(request)
    action = action_revise(
        action=_action_for(caller, action_id), user=caller.user, via="api",
        feedback=payload.feedback,
    )  # fmt: skip
    return _action_out(_action_for(caller, action.pk))


@api.post("/tasks", response={201: TaskOut, **ERRORS}, tags=["tasks"])
def tasks_submit(request: HttpRequest, payload: TaskIn) -> Status[dict[str, Any]]:
    """Ask in words. The answer holds the plan: the proposed actions with their decisions,
    reasons and summaries, a clarification question, or a message saying nothing was done."""
    caller = caller_of(request)
    task = task_submit(team=caller.team, user=caller.user, text=payload.text, source="api")
    return Status(201, _task_out(_task_for(caller, task.pk)))


@api.get("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, tags=["tasks"])
def tasks_read(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _task_out(_task_for(caller_of(request), task_id))


@api.post("/tasks/{task_id}/clarify", response={200: TaskOut, **ERRORS}, tags=["tasks"])
def tasks_clarify(request: HttpRequest, task_id: int, payload: ClarifyIn) -> dict[str, Any]:
    """Answer the task's question (which contact is meant); the plan resumes with it."""
    caller = caller_of(request)
    task = task_clarify(task=_task_for(caller, task_id), user=caller.user, answer=payload.answer)
    return _task_out(_task_for(caller, task.pk))


unknown = Router()


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def unknown_route(request: HttpRequest, rest: str) -> None:
    """Any other path under /api/v1/: the same JSON 404 as everywhere else (added last, after
    every app's router)."""
    raise ApiError(404, "NOT_FOUND", f"There is no API route /api/v1/{rest}.")


api.add_router("", unknown)
