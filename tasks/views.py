"""Pages of tasks: short functions that check ownership, call a service, render.

The Ask box posts here. Without JavaScript each form leads to the task's page; with HTMX the
same views answer with the task's fragment, which the dashboard swaps in under the box.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from assistant.approvals.views import dashboard_context
from assistant.engine.actions import action_summaries
from assistant.errors import CodedError
from assistant.models import Approval, TraceEvent
from assistant.planning.services import PlanningError, task_clarify, task_submit
from assistant.policy.rules import REASON_TEXT
from assistant.teams.scoping import get_for_member
from tasks.forms import AskForm
from tasks.models import Task


def _get_task_for_member(request: HttpRequest, pk: int) -> Task:
    return get_for_member(request, Task.objects.select_related("requested_by"), pk=pk)


def _task_context(task: Task) -> dict[str, object]:
    rows = list(task.actions.select_related("team").order_by("pk"))
    summaries = action_summaries(actions=rows)
    actions = [
        {
            "action": action,
            "summary": summaries[action.pk],
            "reasons": [REASON_TEXT.get(code, code) for code in action.reasons],
        }
        for action in rows
    ]
    return {"task": task, "actions": actions}


def _task_answer(
    request: HttpRequest, task: Task, *, error: CodedError | str = "", status: int = 200
) -> HttpResponse:
    """The task's page, or its fragment for HTMX (always 200: htmx swaps no error answers)."""
    context = {**_task_context(task), "error": error}
    if request.htmx:
        return render(request, "tasks/task_detail.html#result", context)
    return render(request, "tasks/task_detail.html", context, status=status)


@require_POST
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    """Plan a request from the Ask box; answer with the plan (or the form with its error)."""
    form = AskForm(request.POST)
    if request.team is None:
        return redirect("dashboard")
    if form.is_valid():
        try:
            task = task_submit(team=request.team, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.message_dict.get("text", error.messages))
        else:
            if request.htmx:  # the plan goes on top of the answers, and the box empties
                context = {**_task_context(task), "ask_form": AskForm(), "oob": True}
                return render(request, "tasks/_ask_answer.html", context)
            return redirect("tasks:detail", pk=task.pk)
    if request.htmx:
        response = render(request, "assistant/dashboard.html#ask", {"ask_form": form})
        return reswap(retarget(response, "#ask-form"), "outerHTML")
    context = dashboard_context(request, form)
    return render(request, "assistant/dashboard.html", context, status=422)


@require_GET
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request, its plan, each action's decision, approvals and result, and the trace."""
    task = _get_task_for_member(request, pk)
    if request.htmx:
        return _task_answer(request, task)
    context = _task_context(task)
    actions = [item["action"] for item in context["actions"]]  # type: ignore[index]
    approvals = Approval.objects.filter(action__in=actions).select_related("user")
    decided: dict[int, list[Approval]] = {}
    for approval in approvals:
        decided.setdefault(approval.action_id, []).append(approval)
    for item in context["actions"]:  # type: ignore[attr-defined]
        action = item["action"]
        item["approvals"] = [
            (approval, approval.created_at - action.created_at)
            for approval in decided.get(action.pk, [])
        ]
    context["trace"] = list(TraceEvent.objects.filter(task=task).order_by("created_at", "pk"))
    context["full"] = True
    return render(request, "tasks/task_detail.html", context)


@require_POST
@login_required
def task_clarify_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's answer to "Which Alex do you mean?": a choice, or a number or email."""
    task = _get_task_for_member(request, pk)
    answer = request.POST.get("answer") or request.POST.get("other", "").strip()
    try:
        task = task_clarify(task=task, user=request.user, answer=answer)
    except PlanningError as error:
        return _task_answer(request, task, error=error, status=422)
    if request.htmx:
        return _task_answer(request, task)
    return redirect("tasks:detail", pk=task.pk)
