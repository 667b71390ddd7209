"""Django admin for messaging."""

from __future__ import annotations

from django.contrib import admin

from assistant.admin import ReadOnlyAdmin
from messaging.models import Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "direction", "status", "provider", "team"]
    list_filter = ["channel", "direction", "status", "provider", "team"]
    search_fields = ["body", "provider_id"]
