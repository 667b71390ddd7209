from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssistantConfig(AppConfig):
    name = "assistant"
    verbose_name = "Consigliere"

    def ready(self) -> None:
        from django.conf import settings

        from assistant import checks  # noqa: F401  (registers system checks)
        from assistant.schedules import periodic_tasks_sync_after_migrate
        from assistant.tools.registry import tools_collect

        # Every `migrate` (and test database set-up) brings the beat schedule in line with
        # the one declaration in assistant/schedules.py.
        post_migrate.connect(periodic_tasks_sync_after_migrate, sender=self)
        # Every app's tools.py declares its tools; they are collected here, explicitly.
        tools_collect(apps=settings.TOOL_APPS)
