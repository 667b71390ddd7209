"""The OpenAPI document: valid JSON, every route, bearer auth, no CDN docs page."""

from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_openapi_document_is_json_listing_every_route():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    routes = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert routes == {
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/contacts"),
        ("POST", "/api/v1/contacts"),
        ("GET", "/api/v1/contacts/{contact_id}"),
        ("PATCH", "/api/v1/contacts/{contact_id}"),
        ("DELETE", "/api/v1/contacts/{contact_id}"),
        ("GET", "/api/v1/actions"),
        ("POST", "/api/v1/actions"),
        ("GET", "/api/v1/actions/{action_id}"),
        ("POST", "/api/v1/actions/{action_id}/approve"),
        ("POST", "/api/v1/actions/{action_id}/reject"),
        ("POST", "/api/v1/actions/{action_id}/edit"),
        ("POST", "/api/v1/actions/{action_id}/revise"),
        ("POST", "/api/v1/tasks"),
        ("GET", "/api/v1/tasks/{task_id}"),
        ("POST", "/api/v1/tasks/{task_id}/clarify"),
    }
    schemes = document["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    assert "409 `STALE`" in document["info"]["description"]


@pytest.mark.django_db
def test_there_is_no_docs_page_loading_assets_from_a_cdn():
    response = Client().get("/api/v1/docs")

    assert response.status_code == 404
    assert b"cdn" not in response.content.lower()
