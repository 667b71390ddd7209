"""Bench-only URLconf: a view that returns a tiny response and touches nothing else, and one
that stores a row and publishes a job (``tests.bench.views_bare``).

It imports a model, so import it only once Django is set up (inside a benchmark).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tests.bench.views_bare import store_and_enqueue

BARE_PATH = "/bare/"
STORE_PATH = "/store-and-enqueue/"


def bare(request: HttpRequest) -> HttpResponse:
    """Return two bytes of text/plain: no database, no template, no session, no headers."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"),
    path(STORE_PATH.strip("/") + "/", store_and_enqueue, name="bench_store_and_enqueue"),
]
