from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assistant.schedules import periodic_tasks_sync


class Command(BaseCommand):
    help = "Write the periodic jobs declared in assistant/schedules.py into beat's tables."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in periodic_tasks_sync():
            self.stdout.write(f"scheduled {name}")
