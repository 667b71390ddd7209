from __future__ import annotations

from django.apps import AppConfig


class CalendarSyncConfig(AppConfig):
    name = "calendar_sync"
    verbose_name = "Calendars"
