"""Middleware: the request's current team (``request.team``), and toasts carried on HTMX answers."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from assistant.approvals.selectors import membership_current, memberships_for_user

SESSION_TEAM_KEY = "current_team_id"


class CurrentTeamMiddleware:
    """Set ``request.team`` and ``request.membership`` for the signed-in user's current team.

    The current team is the one chosen with the switcher (kept in the session), else the
    user's first team; both are None for anonymous users and users in no team.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []
        request.membership = None
        request.team = None
        if request.user.is_authenticated:
            request.memberships = memberships_for_user(user=request.user)
            request.membership = membership_current(
                memberships=request.memberships, team_id=request.session.get(SESSION_TEAM_KEY)
            )
            request.team = request.membership.team if request.membership else None
        return self.get_response(request)


class HtmxMessagesMiddleware:
    """Deliver Django messages on HTMX responses as an out-of-band swap of the toast region.

    A full page renders its toasts itself; an HTMX fragment does not, so without this a
    message added during an HTMX request would wait for the next full page load.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or request.htmx.boosted:
            return response
        navigates = any(h in response for h in ("HX-Redirect", "HX-Refresh", "HX-Location"))
        if 300 <= response.status_code < 400 or navigates:
            return response  # the next page shows the messages
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if getattr(response, "streaming", False):
            return response
        messages = list(get_messages(request))
        if messages:
            response.write(
                render_to_string("_toasts.html", {"messages": messages, "oob": True}, request)
            )
        return response
