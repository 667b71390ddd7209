"""Bench-only URLconf with one view that returns a tiny response and touches nothing else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

BARE_PATH = "/bare/"


def bare(request: HttpRequest) -> HttpResponse:
    """Return two bytes of text/plain: no database, no template, no session, no headers."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare")]
