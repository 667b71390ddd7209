"""Test-only views that add a message during an HTMX request (see test_htmx_messages.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django_htmx.http import HttpResponseClientRefresh


def fragment(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Saved the note.")
    return HttpResponse("<p id='fragment'>updated</p>")


def refresh(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Switched.")
    return HttpResponseClientRefresh()


urlpatterns = [path("fragment/", fragment), path("refresh/", refresh)]
