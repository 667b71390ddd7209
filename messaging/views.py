"""Pages of messaging: the Outbox (what the assistant sent, or with the console provider,
would have sent)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from messaging.models import Message
from messaging.providers import providers_keeping_messages


@require_GET
@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    messages = Message.objects.none()
    if request.team is not None:
        messages = Message.objects.for_team(request.team).filter(direction="outbound")
    page = Paginator(messages.select_related("contact"), 50).get_page(request.GET.get("page"))
    kept_here = providers_keeping_messages()
    return render(request, "messaging/outbox.html", {"page": page, "kept_here": kept_here})
