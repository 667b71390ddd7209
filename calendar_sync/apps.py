from __future__ import annotations

from django.apps import AppConfig


class CalendarSyncConfig(AppConfig):
    name = "calendar_sync"
    verbose_name = "Calendars"

    def ready(self) -> None:
        from assistant.tools.registry import requirement_register
        from calendar_sync.tools import CALENDAR

        requirement_register(CALENDAR)
