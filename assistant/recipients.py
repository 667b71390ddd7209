"""Turning a tool's "person" arguments (contact id, E.164 number, email) into recipients.

The policy and the handlers both read recipients here, so what was decided on is what is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from assistant.models import Team
from assistant.registry import ToolError
from contacts.models import Contact
from contacts.phones import phone_display, phone_normalize
from contacts.selectors import contacts_for_team

OPTED_OUT_FIELD = {"sms": "sms_opted_out", "call": "calls_opted_out", "email": "email_opted_out"}


@dataclass(frozen=True)
class Recipient:
    contact: Contact | None
    address: str  # E.164 for sms and call, an email address for email

    @property
    def name(self) -> str:
        return self.contact.name if self.contact else self.address

    @property
    def shown_address(self) -> str:
        return phone_display(self.address) if self.address.startswith("+") else self.address

    @property
    def is_new(self) -> bool:
        return self.contact is None

    def opted_out(self, channel: str) -> bool:
        return bool(self.contact and getattr(self.contact, OPTED_OUT_FIELD[channel]))


def _invalid(message: str) -> ToolError:
    return ToolError("INVALID_RECIPIENT", message)


def _one(team: Team, value: Any, channel: str) -> Recipient:
    contacts = contacts_for_team(team=team)
    wants_phone = channel in {"sms", "call"}
    if isinstance(value, int) and not isinstance(value, bool):
        contact = contacts.filter(pk=value).first()
        if contact is None:
            raise _invalid(f"There is no contact #{value} in this team.")
        address = contact.primary_phone if wants_phone else contact.primary_email
        if not address:
            kind = "phone number" if wants_phone else "email address"
            raise _invalid(f"{contact.name} has no {kind}.")
        return Recipient(contact=contact, address=address)
    text = str(value or "").strip()
    if wants_phone:
        try:
            number = phone_normalize(text)
        except ValidationError as error:
            raise _invalid(error.messages[0]) from None
        return Recipient(contact=contacts.filter(phones__number=number).first(), address=number)
    try:
        validate_email(text)
    except ValidationError:
        raise _invalid(f"{text} is not an email address.") from None
    address = text.lower()
    return Recipient(contact=contacts.filter(emails__address=address).first(), address=address)


def recipients_resolve(*, team: Team, values: Any, channel: str) -> list[Recipient]:
    """Every recipient in ``values`` (one value or a list); raise ToolError INVALID_RECIPIENT."""
    return [
        _one(team, value, channel) for value in (values if isinstance(values, list) else [values])
    ]
