"""Handlers of the calendar tools. Calendars connect in a later issue; until then every
calendar tool fails plainly instead of pretending."""

from __future__ import annotations

from typing import Any

from assistant.models import Action
from assistant.registry import ToolError


def not_connected(*, action: Action) -> dict[str, Any]:
    raise ToolError(
        "NO_CALENDAR_CONNECTED",
        "No calendar is connected to this team yet, so nothing was booked, moved or read.",
    )
