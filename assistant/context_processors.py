from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def signup(request: HttpRequest) -> dict[str, object]:
    return {"signup_open": get_adapter(request).is_open_for_signup(request)}


def current_team(request: HttpRequest) -> dict[str, object]:
    return {
        "current_team": getattr(request, "team", None),
        "current_membership": getattr(request, "membership", None),
        "user_memberships": getattr(request, "memberships", []),
    }
