"""Core pages: the dashboard, a team's page, the team switcher and the health endpoint."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from assistant.actions import (
    ActionError,
    action_approve,
    action_args_errors,
    action_edit,
    action_reject,
    action_summary,
)
from assistant.forms import (
    ActionEditForm,
    AgentSettingsForm,
    ApiTokenForm,
    RejectForm,
    TeamSwitchForm,
)
from assistant.middleware import SESSION_TEAM_KEY
from assistant.models import Action, ApiToken, Team, UserAgentSettings
from assistant.planning import PlanningError, action_revise
from assistant.policy import REASON_TEXT
from assistant.registry import tool_get
from assistant.scoping import get_for_member
from assistant.selectors import system_health
from assistant.tokens import api_token_create, api_token_revoke
from tasks.forms import AskForm


def _get_team_for_member(request: HttpRequest, pk: int) -> Team:
    return get_for_member(request, Team.objects.all(), pk=pk)


def dashboard_context(request: HttpRequest, ask_form: AskForm | None = None) -> dict[str, object]:
    """What the dashboard shows: the Ask box (with its errors, after a refused request) and
    the people of the current team."""
    members = []
    if request.team is not None:
        members = request.team.memberships.select_related("user").order_by("role", "user__email")
    return {"members": members, "ask_form": ask_form or AskForm()}


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "assistant/dashboard.html", dashboard_context(request))


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _get_team_for_member(request, pk)
    members = team.memberships.select_related("user").order_by("role", "user__email")
    return render(request, "assistant/team_detail.html", {"team": team, "members": members})


@require_POST
@login_required
def team_switch(request: HttpRequest) -> HttpResponse:
    form = TeamSwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of your teams to switch to.")
        return redirect("dashboard")
    team = _get_team_for_member(request, form.cleaned_data["team"])
    request.session[SESSION_TEAM_KEY] = team.pk
    messages.success(request, f"You are now working in {team.name}.")
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(form.cleaned_data.get("next") or "dashboard")


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and people: 200 when the database and broker answer."""
    state = system_health()
    return JsonResponse(state.as_json(), status=200 if state.ok else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form or HTMX request without a valid CSRF token: 403, nothing changed, say so."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


# --- Approvals (a plain list; the live queue comes with the queue issue) -------------------


def _get_action_for_member(request: HttpRequest, pk: int) -> Action:
    return get_for_member(request, Action.objects.select_related("task", "requested_by"), pk=pk)


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    pending = []
    if request.team is not None:
        waiting = (
            Action.objects.for_team(request.team)
            .filter(status=Action.Status.PENDING_APPROVAL)
            .select_related("requested_by", "task")
            .order_by("-created_at")[:100]
        )
        pending = [
            {
                "action": action,
                "summary": action_summary(action=action),
                "reasons": [REASON_TEXT.get(code, code) for code in action.reasons],
            }
            for action in waiting
        ]
    return render(request, "assistant/approvals.html", {"pending": pending, "form": RejectForm()})


def _decided(request: HttpRequest, done: str, call: Callable[[], object]) -> HttpResponse:
    try:
        call()
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("approvals")


@require_POST
@login_required
def action_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    digest = request.POST.get("digest", "")
    return _decided(
        request,
        "Approved: it will run in a moment.",
        lambda: action_approve(action=action, user=request.user, via="web", digest=digest),
    )


@require_POST
@login_required
def action_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _decided(
        request,
        "Rejected: nothing was sent.",
        lambda: action_reject(action=action, user=request.user, via="web", reason=reason),
    )


@require_POST
@login_required
def action_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for changes in words; the planner's revision replaces the action."""
    action = _get_action_for_member(request, pk)
    feedback = request.POST.get("feedback", "")
    try:
        revised = action_revise(action=action, user=request.user, via="web", feedback=feedback)
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict.get("feedback", error.messages)))
    except (PlanningError, ActionError) as error:
        messages.error(request, f"Nothing changed: {error.message}")
    else:
        messages.success(request, f"Revised: {action_summary(action=revised)}")
    return redirect("approvals")


@require_http_methods(["GET", "POST"])
@login_required
def action_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_member(request, pk)
    tool = tool_get(action.tool)
    if tool is None or action.status != Action.Status.PENDING_APPROVAL:
        messages.error(request, "Only an action waiting for approval can be edited.")
        return redirect("approvals")
    form = ActionEditForm(request.POST or None, tool=tool, initial_args=action.args)
    if request.method == "POST" and form.is_valid():
        args = form.args()
        errors = action_args_errors(team=request.team, tool_name=action.tool, args=args)
        if errors:
            form.apply_errors(errors)
        else:
            try:
                edited = action_edit(action=action, user=request.user, via="web", args=args)
            except ActionError as error:
                messages.error(request, error.message)
                return redirect("approvals")
            messages.success(request, f"Saved your changes: {action_summary(action=edited)}")
            return redirect("approvals")
    context = {"action": action, "form": form, "summary": action_summary(action=action)}
    return render(request, "assistant/action_edit.html", context)


def _settings_page(
    request: HttpRequest, form: AgentSettingsForm, *, new_token: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(team=request.team, user=request.user).order_by("-created_at")
    context = {"form": form, "tokens": tokens, "token_form": ApiTokenForm(), "new_token": new_token}
    return render(request, "assistant/agent_settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def agent_settings(request: HttpRequest) -> HttpResponse:
    if request.team is None:
        return redirect("dashboard")
    mine, _ = UserAgentSettings.objects.get_or_create(membership=request.membership)
    form = AgentSettingsForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your settings.")
        return redirect("agent_settings")
    return _settings_page(request, form)


@require_POST
@login_required
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    """Create a token and show it once, in this response only (never in a message or log)."""
    if request.team is None:
        return redirect("dashboard")
    mine, _ = UserAgentSettings.objects.get_or_create(membership=request.membership)
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        messages.error(request, "Give the token a name, such as the script that will use it.")
        return redirect("agent_settings")
    _, plaintext = api_token_create(
        team=request.team, user=request.user, name=token_form.cleaned_data["name"]
    )
    return _settings_page(request, AgentSettingsForm(instance=mine), new_token=plaintext)


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, team=request.team, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Revoked the token {token.name}.")
    return redirect("agent_settings")
