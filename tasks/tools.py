"""The tasks tools (to-dos, reminders): their declarations (``TOOLS``) and handlers. Both
handlers are idempotent by action id (``get_or_create`` on the action), so a rerun after a
crash is safe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError

from assistant.models import Action
from assistant.tools.recipients import contact_named
from assistant.tools.registry import PERSON, WHEN, Tool, ToolError, object_schema
from tasks.models import Reminder, Todo
from tasks.services import recurrence_clean, reminder_create


def create_task(*, action: Action) -> dict[str, Any]:
    args = action.args
    due = datetime.fromisoformat(args["due_at"]) if args.get("due_at") else None
    todo, _ = Todo.objects.get_or_create(
        created_by_action=action,
        defaults={
            "team": action.team,
            "title": args["title"],
            "notes": args.get("notes", ""),
            "due_at": due,
        },
    )
    return {"todo": todo.pk, "title": todo.title}


def create_reminder(*, action: Action) -> dict[str, Any]:
    """Schedule a reminder for the requester ("me" or no target) or a contact of the team;
    once per action.

    Raise ToolError INVALID_ARGS for a repeat rule that is not a valid RRULE, for a reminder to
    a contact on the web channel, or to "me" with no requester; CONTACT_NOT_IN_TEAM (or
    AMBIGUOUS_CONTACT) for a target that is not exactly one contact of the team (checked at
    proposal too, so this is one removed since); INVALID_RECIPIENT for a contact without the
    channel's address.
    """
    args = action.args
    due = datetime.fromisoformat(args["due_at"])
    try:
        recurrence = recurrence_clean(rule=args.get("recurrence", ""), start=due)
    except ValidationError as error:
        raise ToolError("INVALID_ARGS", error.messages[0]) from None
    channel = args.get("channel", Reminder.Channel.WEB)
    target = args.get("target", "me")
    user, contact = None, None
    if target == "me":
        user = action.requested_by
        if user is None:
            raise ToolError("INVALID_ARGS", 'A reminder for "me" needs a person who asked.')
    else:
        contact = contact_named(team=action.team, value=target)
        if channel == Reminder.Channel.WEB:
            raise ToolError(
                "INVALID_ARGS",
                f"{contact.name} cannot see the web app; remind them by sms or email.",
            )
        address = (
            contact.primary_phone if channel == Reminder.Channel.SMS else contact.primary_email
        )
        if not address:
            kind = "phone number" if channel == Reminder.Channel.SMS else "email address"
            raise ToolError("INVALID_RECIPIENT", f"{contact.name} has no {kind}.")
    reminder, _ = reminder_create(
        team=action.team, text=args["text"], due_at=due, recurrence=recurrence, channel=channel,
        target_user=user, target_contact=contact, action=action,
    )  # fmt: skip
    return {
        "reminder": reminder.pk, "text": reminder.text, "due_at": reminder.due_at.isoformat(),
        "recurrence": reminder.recurrence, "channel": reminder.channel,
        "target_user": reminder.target_user_id, "target_contact": reminder.target_contact_id,
    }  # fmt: skip


TOOLS = [
    Tool(
        name="create_task",
        description="Add a to-do for the team.",
        schema=object_schema(
            ["title"],
            title={"type": "string", "minLength": 1, "maxLength": 200},
            due_at=WHEN,
            notes={"type": "string", "maxLength": 5000},
        ),
        risk="low",
        handler="tasks.tools.create_task",
        recover="assistant.tools.registry.rerun_is_safe",
    ),
    Tool(
        name="create_reminder",
        description="Remind the requester or a contact at a time, once or recurring.",
        schema=object_schema(
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
        contact_fields=("target",),
        recover="assistant.tools.registry.rerun_is_safe",
        content=(("text", "Reminder"),),
    ),
]
