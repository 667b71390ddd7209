"""Django admin for messaging."""

from __future__ import annotations

from django.contrib import admin

from assistant.admin import ReadOnlyAdmin
from messaging.models import ChannelSettings, Message, OptOut, TeamNumber


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "direction", "status", "provider", "team"]
    list_filter = ["channel", "direction", "status", "provider", "team"]
    search_fields = ["body", "provider_id"]


@admin.register(TeamNumber)
class TeamNumberAdmin(admin.ModelAdmin):
    list_display = ["number", "label", "team", "created_at"]
    list_filter = ["team"]
    search_fields = ["number", "label"]
    autocomplete_fields = ["team"]


@admin.register(ChannelSettings)
class ChannelSettingsAdmin(admin.ModelAdmin):
    list_display = ["team", "email_from_name", "email_from_address", "email_reply_to"]
    autocomplete_fields = ["team"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["number", "source", "keyword", "team", "created_at"]
    list_filter = ["source", "team"]
    search_fields = ["number"]
    autocomplete_fields = ["team"]
