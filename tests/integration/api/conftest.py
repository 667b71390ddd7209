"""Fixtures for the JSON API: a client that speaks as one token, and people to talk to."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from assistant.teams.tokens import api_token_create


class ApiClient:
    """The Django test client with a bearer token; it enforces CSRF, as a real browser would
    meet it, so the tests also prove the API needs none."""

    def __init__(self, token: str | None) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        kwargs: dict[str, Any] = {"headers": {**self.headers, **extra.pop("headers", {})}}
        if method in {"POST", "PATCH"}:  # no body: an empty one, as curl -X POST sends
            kwargs["content_type"] = "application/json"
            kwargs["data"] = "" if body is None else body
            if not isinstance(body, str | bytes | type(None)):
                kwargs["data"] = json.dumps(body)
        return getattr(self.client, method.lower())(url, **kwargs, **extra)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("POST", path, body, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("PATCH", path, body, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.call("DELETE", path, **extra)


@pytest.fixture
def principal_token(team, principal) -> str:
    return api_token_create(team=team, user=principal, name="tests")[1]


@pytest.fixture
def api(principal_token) -> ApiClient:
    """The principal of the Corleone Family, through the API."""
    return ApiClient(principal_token)


@pytest.fixture
def outsider_api(other_team, outsider) -> ApiClient:
    """The owner of the Barzini Family, through the API."""
    return ApiClient(api_token_create(team=other_team, user=outsider, name="tests")[1])
