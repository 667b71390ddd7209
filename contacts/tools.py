"""Handlers of the tools whose side effects (or reads) live in contacts."""

from __future__ import annotations

from typing import Any

from assistant.models import Action
from contacts.selectors import contact_resolve


def lookup_contact(*, action: Action) -> dict[str, Any]:
    resolution = contact_resolve(team=action.team, text=action.args["query"])
    return {
        "matches": [
            {"id": c.pk, "name": c.name, "phone": c.primary_phone, "email": c.primary_email}
            for c in resolution.contacts
        ],
        "ambiguous": resolution.is_ambiguous,
    }
