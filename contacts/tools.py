"""The contacts tools (lookup, memory, commitments): their declarations (``TOOLS``, collected
by ``assistant.tools.registry.tools_collect``) and handlers. Every handler with a side effect is
idempotent by action id (its rows are keyed by the action), so a rerun after a crash is safe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assistant.models import Action, Team
from assistant.tools.recipients import contact_named
from assistant.tools.registry import PERSON, WHEN, Tool, ToolError, object_schema
from contacts.models import Commitment
from contacts.selectors import contact_resolve
from contacts.services import (
    CommitmentOutcome,
    commitment_complete,
    commitment_record,
    contact_note_add,
)


def lookup_contact(*, action: Action) -> dict[str, Any]:
    resolution = contact_resolve(team=action.team, text=action.args["query"])
    return {
        "matches": [
            {"id": c.pk, "name": c.name, "phone": c.primary_phone, "email": c.primary_email}
            for c in resolution.contacts
        ],
        "ambiguous": resolution.is_ambiguous,
    }


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def remember(*, action: Action) -> dict[str, Any]:
    """Keep ``fact`` in the memory of the team's contact ``contact``; once per action."""
    contact = contact_named(team=action.team, value=action.args["contact"])
    note, _ = contact_note_add(contact=contact, fact=action.args["fact"], action=action)
    return {"interaction": note.pk, "contact": contact.pk, "name": contact.name,
            "fact": note.content}  # fmt: skip


def record_commitment(*, action: Action) -> dict[str, Any]:
    """Record a promise to or by the team's contact ``contact``; once per action."""
    args = action.args
    contact = contact_named(team=action.team, value=args["contact"])
    if args["direction"] not in Commitment.Direction.values:
        raise ToolError(
            "INVALID_ARGS",
            f"direction must be one of {', '.join(Commitment.Direction.values)}, "
            f"not {args['direction']!r}.",
        )
    commitment, _ = commitment_record(
        contact=contact, direction=args["direction"], what=args["what"],
        due_at=_when(args.get("due_at")), action=action,
    )  # fmt: skip
    return {
        "commitment": commitment.pk, "contact": contact.pk, "name": contact.name,
        "direction": commitment.direction, "what": commitment.what,
        "due_at": commitment.due_at.isoformat() if commitment.due_at else None,
    }  # fmt: skip


def _not_in_team(number: int) -> ToolError:
    """Another team's commitment and a missing one get the same words."""
    return ToolError("COMMITMENT_NOT_IN_TEAM", f"No commitment with id {number} in this team.")


def commitment_check(*, team: Team, args: dict[str, Any]) -> dict[str, ToolError]:
    """``args_check`` of complete_commitment: the commitment must be one of ``team``'s."""
    number = args["commitment"]
    if Commitment.objects.for_team(team).filter(pk=number).exists():
        return {}
    return {"commitment": _not_in_team(number)}


def complete_commitment(*, action: Action) -> dict[str, Any]:
    """Mark the team's commitment ``commitment`` done; already done is reported, not an error.

    Raise ToolError COMMITMENT_NOT_IN_TEAM for an unknown id or another team's commitment (the
    two cannot be told apart; checked at proposal too, so this is one removed since), and
    COMMITMENT_CANCELLED for a cancelled one.
    """
    number = action.args["commitment"]
    commitment = Commitment.objects.for_team(action.team).filter(pk=number).first()
    if commitment is None:
        raise _not_in_team(number)
    outcome = commitment_complete(commitment=commitment, action=action)
    if outcome == CommitmentOutcome.CANCELLED:
        raise ToolError(
            "COMMITMENT_CANCELLED", f"Commitment #{number} was cancelled, so it cannot be done."
        )
    return {
        "commitment": commitment.pk, "status": commitment.status,
        "completed_at": commitment.completed_at.isoformat(),
        "already_done": outcome == CommitmentOutcome.ALREADY_DONE,
    }  # fmt: skip


TOOLS = [
    Tool(
        name="lookup_contact",
        description="Find contacts by name, phone or email.",
        schema=object_schema(["query"], query={"type": "string", "minLength": 1, "maxLength": 200}),
        risk="low",
        handler="contacts.tools.lookup_contact",
        side_effects=False,
    ),
    Tool(
        name="remember",
        description="Add a note or fact to a contact's memory.",
        schema=object_schema(
            ["contact", "fact"],
            contact=PERSON,
            fact={"type": "string", "minLength": 1, "maxLength": 2000},
        ),
        risk="low",
        handler="contacts.tools.remember",
        contact_fields=("contact",),
        recover="assistant.tools.registry.rerun_is_safe",
    ),
    Tool(
        name="record_commitment",
        description="Track a promise made to or by a contact.",
        schema=object_schema(
            ["contact", "direction", "what"],
            contact=PERSON,
            direction={"enum": ["we_owe", "they_owe"]},
            what={"type": "string", "minLength": 1, "maxLength": 2000},
            due_at=WHEN,
        ),
        risk="medium",
        handler="contacts.tools.record_commitment",
        contact_fields=("contact",),
        recover="assistant.tools.registry.rerun_is_safe",
    ),
    Tool(
        name="complete_commitment",
        description="Mark a tracked promise as kept.",
        schema=object_schema(["commitment"], commitment={"type": "integer", "minimum": 1}),
        risk="medium",
        handler="contacts.tools.complete_commitment",
        args_check="contacts.tools.commitment_check",
        recover="assistant.tools.registry.rerun_is_safe",
    ),
]
