"""What every page knows: the current team, the count of what waits, whether sign-up is open."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def signup(request: HttpRequest) -> dict[str, object]:
    return {"signup_open": get_adapter(request).is_open_for_signup(request)}


def current_team(request: HttpRequest) -> dict[str, object]:
    return {
        "current_team": getattr(request, "team", None),
        "current_membership": getattr(request, "membership", None),
        "user_memberships": getattr(request, "memberships", []),
    }


def pending_approvals(request: HttpRequest) -> dict[str, object]:
    """How many actions of the current team wait for approval, and how many are stuck (needs
    review or overdue for sending): the navigation's badges."""
    from assistant.approvals.selectors import pending_count, stuck_count

    team = getattr(request, "team", None)
    if team is None:
        return {"pending_total": 0, "stuck_total": 0}
    return {
        "pending_total": SimpleLazyObject(lambda: pending_count(team=team)),
        "stuck_total": SimpleLazyObject(lambda: stuck_count(team=team)),
    }
