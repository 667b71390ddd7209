"""Bearer-token authentication for the JSON API (``Authorization: Bearer csg_...``).

Only the token counts: a session cookie on the same request is ignored, which is why the API
needs no CSRF protection (a browser never attaches the bearer header on its own).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from assistant.teams.tokens import ApiCaller, api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """Sets ``request.auth`` to the ``ApiCaller``; None (a 401) for any token it refuses."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller | None:
        return api_token_authenticate(plaintext=token.strip())
