"""Core pages: the dashboard, a team's page, the team switcher and the health endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from assistant.forms import TeamSwitchForm
from assistant.middleware import SESSION_TEAM_KEY
from assistant.models import Team
from assistant.scoping import get_for_member
from assistant.selectors import system_health


def _get_team_for_member(request: HttpRequest, pk: int) -> Team:
    return get_for_member(request, Team.objects.all(), pk=pk)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    members = []
    if request.team is not None:
        members = request.team.memberships.select_related("user").order_by("role", "user__email")
    return render(request, "assistant/dashboard.html", {"members": members})


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
