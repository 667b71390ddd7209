from __future__ import annotations

from django.http import HttpRequest


def current_team(request: HttpRequest) -> dict[str, object]:
    return {
        "current_team": getattr(request, "team", None),
        "current_membership": getattr(request, "membership", None),
        "user_memberships": getattr(request, "memberships", []),
    }
