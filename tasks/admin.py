"""Django admin for tasks."""

from __future__ import annotations

from django.contrib import admin

from tasks.models import Reminder, Task, Todo


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["created_at", "text", "source", "actor_kind", "status", "team"]
    list_filter = ["status", "source", "actor_kind", "team"]
    search_fields = ["text"]
    readonly_fields = ["status"]


@admin.register(Todo)
class TodoAdmin(admin.ModelAdmin):
    list_display = ["title", "due_at", "done", "team"]
    list_filter = ["done", "team"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["due_at", "text", "recurrence", "channel", "status", "team"]
    list_filter = ["status", "channel", "team"]
    search_fields = ["text"]
    raw_id_fields = ["target_user", "target_contact", "created_by_action"]
