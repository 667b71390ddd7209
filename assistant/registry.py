"""The tool registry: every tool's argument schema, risk, summary and handler, in one place.

The planner, the policy, the UI and the API all read this registry. A tool is declared once
with ``Tool(...)``; its handler lives in the app that owns the side effect and receives the
action (``handler(action=...) -> dict`` result, raising ``ToolError`` on failure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from jsonschema import Draft202012Validator, FormatChecker

if TYPE_CHECKING:
    from assistant.models import Action

RISK_ORDER = ["low", "medium", "high", "critical"]

_formats = FormatChecker()


@_formats.checks("date-time", raises=ValueError)
def _is_datetime_with_offset(value: object) -> bool:
    """ISO 8601 with a UTC offset (SPEC §5): a time without a zone is ambiguous, so refused."""
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("needs a UTC offset, like 2026-11-22T16:00:00+01:00")
    return True


class ToolError(Exception):
    """A tool call that failed: a machine code, a sentence for people, and whether retrying
    could help (``permanent=False``)."""

    def __init__(self, code: str, message: str, *, permanent: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    schema: dict[str, Any]
    risk: str | Callable[[dict[str, Any]], str]
    handler: str
    channel: str = ""  # sms, email or call for communications
    side_effects: bool = True  # False for tools that only read
    recipient_fields: tuple[str, ...] = ()
    _validator: Draft202012Validator = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        Draft202012Validator.check_schema(self.schema)
        validator = Draft202012Validator(self.schema, format_checker=_formats)
        object.__setattr__(self, "_validator", validator)

    @property
    def is_communication(self) -> bool:
        return bool(self.channel)

    def base_risk(self, args: dict[str, Any]) -> str:
        return self.risk(args) if callable(self.risk) else self.risk

    def errors(self, args: object) -> dict[str, list[str]]:
        """Field-level validation errors (``{"body": ["..."]}``; ``"__all__"`` for the whole)."""
        problems: dict[str, list[str]] = {}
        for error in sorted(self._validator.iter_errors(args), key=lambda e: list(e.path)):
            name, text = _explain(error, self.schema)
            problems.setdefault(name, []).append(text)
        return problems

    def recipients(self, args: dict[str, Any]) -> list[Any]:
        people: list[Any] = []
        for name in self.recipient_fields:
            value = args.get(name)
            people.extend(value if isinstance(value, list) else [value] if value else [])
        return people

    def summary(self, action: Action, **context: Any) -> str:
        """The action in plain words, from ``assistant/tools/<tool>.txt``."""
        return render_to_string(
            f"assistant/tools/{self.name}.txt",
            {"args": action.args, "action": action, **context},
            using="text",
        ).strip()

    def run(self, action: Action) -> dict[str, Any]:
        return import_string(self.handler)(action=action)


_TYPE_WORDS = {"boolean": "true or false", "integer": "a whole number", "string": "text",
               "array": "a list", "object": "a set of fields"}  # fmt: skip


def _explain(error: Any, schema: dict[str, Any]) -> tuple[str, str]:
    """A jsonschema error as (field, a sentence a person can act on)."""
    name = str(error.path[0]) if error.path else "__all__"
    quoted = error.message.split("'")
    match error.validator:
        case "required":
            return quoted[1], "This field is required."
        case "additionalProperties":
            return quoted[1], "This tool takes no such field."
        case "format":
            return (
                name,
                f"{error.instance!r} is not a time with an offset, like 2026-11-22T16:00:00+01:00.",
            )
        case "minLength" | "minItems":
            return name, "This field may not be empty."
        case "maxLength":
            return name, f"This is too long: at most {error.validator_value} characters."
        case "anyOf" if error.schema is PERSON or error.schema.get("anyOf") == PERSON["anyOf"]:
            return name, "Give a contact id, an E.164 phone number or an email address."
        case "oneOf" | "anyOf" if not error.path:
            return name, schema.get("x-message", error.message)
        case "type":
            kinds = (
                error.validator_value
                if isinstance(error.validator_value, list)
                else [error.validator_value]
            )
            return name, f"This must be {' or '.join(_TYPE_WORDS.get(k, k) for k in kinds)}."
    return name, error.message


# --- Schemas --------------------------------------------------------------------------------

PERSON = {
    "description": "A contact id, or for a new recipient an E.164 number or an email address.",
    "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "minLength": 3}],
}
WHEN = {"type": "string", "format": "date-time"}


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _calendar_event_risk(args: dict[str, Any]) -> str:
    return "high" if args.get("attendees") else "medium"


TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in [
        Tool(
            name="lookup_contact",
            description="Find contacts by name, phone or email.",
            schema=_object(["query"], query={"type": "string", "minLength": 1, "maxLength": 200}),
            risk="low",
            handler="contacts.tools.lookup_contact",
            side_effects=False,
        ),
        Tool(
            name="create_task",
            description="Add a to-do for the team.",
            schema=_object(
                ["title"],
                title={"type": "string", "minLength": 1, "maxLength": 200},
                due_at=WHEN,
                notes={"type": "string", "maxLength": 5000},
            ),
            risk="low",
            handler="tasks.tools.create_task",
        ),
        Tool(
            name="send_sms",
            description="Text a contact.",
            schema=_object(
                ["to", "body"],
                to=PERSON,
                body={"type": "string", "minLength": 1, "maxLength": 1600},
            ),
            risk="high",
            handler="messaging.tools.send_sms",
            channel="sms",
            recipient_fields=("to",),
        ),
        Tool(
            name="send_email",
            description="Email one or more people.",
            schema=_object(
                ["to", "subject", "body"],
                to={"type": "array", "items": PERSON, "minItems": 1},
                subject={"type": "string", "minLength": 1, "maxLength": 300},
                body={"type": "string", "minLength": 1, "maxLength": 50000},
                cc={"type": "array", "items": PERSON},
            ),
            risk="high",
            handler="messaging.tools.send_email",
            channel="email",
            recipient_fields=("to", "cc"),
        ),
        Tool(
            name="make_call",
            description="Call a contact and speak a message, optionally collecting a reply.",
            schema=_object(
                ["to", "message"],
                to=PERSON,
                message={"type": "string", "minLength": 1, "maxLength": 2000},
                collect_reply={"type": "boolean"},
            ),
            risk="high",
            handler="messaging.tools.make_call",
            channel="call",
            recipient_fields=("to",),
        ),
        Tool(
            name="check_availability",
            description="Free/busy for a time range.",
            schema=_object(["start", "end"], start=WHEN, end=WHEN),
            risk="low",
            handler="calendar_sync.tools.not_connected",
            side_effects=False,
        ),
        Tool(
            name="find_free_slots",
            description="Propose free slots of a given length in a window.",
            schema=_object(
                ["duration_minutes", "window_start", "window_end"],
                duration_minutes={"type": "integer", "minimum": 5, "maximum": 24 * 60},
                window_start=WHEN,
                window_end=WHEN,
                attendees={"type": "array", "items": PERSON},
            ),
            risk="low",
            handler="calendar_sync.tools.not_connected",
            side_effects=False,
        ),
        Tool(
            name="list_events",
            description="Read calendar events.",
            schema=_object(["start", "end"], start=WHEN, end=WHEN),
            risk="low",
            handler="calendar_sync.tools.not_connected",
            side_effects=False,
        ),
        Tool(
            name="create_calendar_event",
            description="Book time, optionally with attendees.",
            schema={
                **_object(
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
            handler="calendar_sync.tools.not_connected",
            recipient_fields=("attendees",),
        ),
        Tool(
            name="reschedule_calendar_event",
            description="Move a booked event; attendees are told.",
            schema=_object(
                ["event", "new_start"],
                event={"type": "string", "minLength": 1},
                new_start=WHEN,
                new_end=WHEN,
                message={"type": "string", "maxLength": 2000},
            ),
            risk="high",
            handler="calendar_sync.tools.not_connected",
        ),
        Tool(
            name="cancel_calendar_event",
            description="Cancel a booked event; attendees can be told.",
            schema=_object(
                ["event", "notify_attendees"],
                event={"type": "string", "minLength": 1},
                notify_attendees={"type": "boolean"},
                message={"type": "string", "maxLength": 2000},
            ),
            risk="high",
            handler="calendar_sync.tools.not_connected",
        ),
        Tool(
            name="remember",
            description="Add a note or fact to a contact's memory.",
            schema=_object(
                ["contact", "fact"],
                contact=PERSON,
                fact={"type": "string", "minLength": 1, "maxLength": 2000},
            ),
            risk="low",
            handler="contacts.tools.remember",
        ),
        Tool(
            name="create_reminder",
            description="Remind the requester or a contact at a time, once or recurring.",
            schema=_object(
                ["text", "due_at"],
                text={"type": "string", "minLength": 1, "maxLength": 1000},
                due_at=WHEN,
                recurrence={
                    "type": "string",
                    "maxLength": 500,
                    "description": "An RFC 5545 RRULE, like FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR.",
                },
                target={"anyOf": [{"const": "me"}, PERSON]},
                channel={"enum": ["web", "sms", "email"]},
            ),
            risk="medium",
            handler="tasks.tools.create_reminder",
        ),
        Tool(
            name="record_commitment",
            description="Track a promise made to or by a contact.",
            schema=_object(
                ["contact", "direction", "what"],
                contact=PERSON,
                direction={"enum": ["we_owe", "they_owe"]},
                what={"type": "string", "minLength": 1, "maxLength": 2000},
                due_at=WHEN,
            ),
            risk="medium",
            handler="contacts.tools.record_commitment",
        ),
        Tool(
            name="complete_commitment",
            description="Mark a tracked promise as kept.",
            schema=_object(["commitment"], commitment={"type": "integer", "minimum": 1}),
            risk="medium",
            handler="contacts.tools.complete_commitment",
        ),
    ]
}


def tool_get(name: str) -> Tool | None:
    """The registered tool called ``name``, or None (policy treats unknown tools as high)."""
    return TOOLS.get(name)
