"""The calendar tools: their declarations (``TOOLS``), the calendar requirement and their
handler. Calendars connect in a later issue; until then the requirement is never met, so
the policy denies every calendar call up front (``NO_CALENDAR_CONNECTED``) instead of a
person approving something that can only fail."""

from __future__ import annotations

from typing import Any

from assistant.models import Action, Team, User
from assistant.tools.registry import PERSON, WHEN, Requirement, Tool, ToolError, object_schema


def not_connected(*, action: Action) -> dict[str, Any]:
    raise ToolError("NO_CALENDAR_CONNECTED", NO_CALENDAR)


NO_CALENDAR = "No calendar is connected to this team yet, so nothing was booked, moved or read."
CALENDAR = Requirement(
    name="calendar",
    code="NO_CALENDAR_CONNECTED",
    message="No calendar is connected to this team yet: connect one before booking or reading.",
    met="calendar_sync.tools.calendar_connected",
)


def calendar_connected(*, team: Team, user: User | None) -> bool:
    """Whether ``user`` in ``team`` has a calendar to use: never yet (connections come with
    the connections issue)."""
    return False


def _calendar_event_risk(args: dict[str, Any]) -> str:
    return "high" if args.get("attendees") else "medium"


def _calendar_tool(*, reads: bool = False, **declared: Any) -> Tool:
    """A calendar tool: handled by ``not_connected`` until calendars connect, and denied up
    front while no calendar is connected (``requires``); ``reads`` for tools without side
    effects."""
    return Tool(handler="calendar_sync.tools.not_connected", requires=("calendar",),
                side_effects=not reads, **declared)  # fmt: skip


TOOLS = [
    _calendar_tool(
        name="check_availability",
        description="Free/busy for a time range.",
        schema=object_schema(["start", "end"], start=WHEN, end=WHEN),
        risk="low",
        reads=True,
    ),
    _calendar_tool(
        name="find_free_slots",
        description="Propose free slots of a given length in a window.",
        schema=object_schema(
            ["duration_minutes", "window_start", "window_end"],
            duration_minutes={"type": "integer", "minimum": 5, "maximum": 24 * 60},
            window_start=WHEN,
            window_end=WHEN,
            attendees={"type": "array", "items": PERSON},
        ),
        risk="low",
        reads=True,
    ),
    _calendar_tool(
        name="list_events",
        description="Read calendar events.",
        schema=object_schema(["start", "end"], start=WHEN, end=WHEN),
        risk="low",
        reads=True,
    ),
    _calendar_tool(
        name="create_calendar_event",
        description="Book time, optionally with attendees.",
        schema={
            **object_schema(
                ["title", "start"],
                title={"type": "string", "minLength": 1, "maxLength": 300},
                start=WHEN,
                end=WHEN,
                duration_minutes={"type": "integer", "minimum": 5, "maximum": 24 * 60},
                attendees={"type": "array", "items": PERSON},
                location={"type": "string", "maxLength": 500},
                description={"type": "string", "maxLength": 5000},
            ),
            "oneOf": [{"required": ["end"]}, {"required": ["duration_minutes"]}],
            "x-message": "Give either end or duration_minutes, not both.",
        },
        risk=_calendar_event_risk,
        channel="email",  # an invitation is an email to every attendee
        notifies=("attendees",),
    ),
    _calendar_tool(
        name="reschedule_calendar_event",
        description="Move a booked event; attendees are told.",
        schema=object_schema(
            ["event", "new_start"],
            event={"type": "string", "minLength": 1},
            new_start=WHEN,
            new_end=WHEN,
            message={"type": "string", "maxLength": 2000},
        ),
        risk="high",
    ),
    _calendar_tool(
        name="cancel_calendar_event",
        description="Cancel a booked event; attendees can be told.",
        schema=object_schema(
            ["event", "notify_attendees"],
            event={"type": "string", "minLength": 1},
            notify_attendees={"type": "boolean"},
            message={"type": "string", "maxLength": 2000},
        ),
        risk="high",
    ),
]
