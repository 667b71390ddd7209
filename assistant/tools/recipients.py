"""Turning a tool's "person" arguments (contact id, E.164 number, email) into recipients, and
into the team's contacts they name.

The policy and the handlers both read recipients here, so what was decided on is what is sent.
``team_args_errors`` is the one check, at proposal and at edit, that every contact an action
names (and every other row of the team, through the tool's ``args_check``) is the team's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q

from assistant.models import Team
from assistant.tools.registry import Tool, ToolError, channel_get, channel_reaches_phones
from contacts.models import Contact, ContactEmail, ContactPhone
from contacts.phones import phone_display, phone_normalize
from contacts.selectors import contact_resolve

NOT_IN_TEAM = "CONTACT_NOT_IN_TEAM"


@dataclass(frozen=True)
class Recipient:
    contact: Contact | None
    address: str  # E.164 on a channel that reaches phones, else an email address

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
        described = channel_get(channel)
        return bool(self.contact and described and getattr(self.contact, described.contact_opt_out))


def _invalid(message: str) -> ToolError:
    return ToolError("INVALID_RECIPIENT", message)


def _point(team: Team, channel: str, **lookup: Any) -> ContactPhone | ContactEmail | None:
    """The contact's first phone (sms, call) or email matching ``lookup``, with its contact:
    one query."""
    model = ContactPhone if channel_reaches_phones(channel) else ContactEmail
    return (
        model.objects.filter(contact__team=team, **lookup)
        .select_related("contact")
        .order_by("id")
        .first()
    )


def _one(team: Team, value: Any, channel: str) -> Recipient:
    wants_phone = channel_reaches_phones(channel)
    if isinstance(value, int) and not isinstance(value, bool):
        point = _point(team, channel, contact_id=value)
        if point is None:
            contact = Contact.objects.for_team(team).filter(pk=value).first()
            if contact is None:
                raise _invalid(not_in_team(value))
            kind = "phone number" if wants_phone else "email address"
            raise _invalid(f"{contact.name} has no {kind}.")
        return Recipient(contact=point.contact, address=_address(point))
    text = str(value or "").strip()
    if wants_phone:
        try:
            address = phone_normalize(text)
        except ValidationError as error:
            raise _invalid(error.messages[0]) from None
        point = _point(team, channel, number=address)
    else:
        try:
            validate_email(text)
        except ValidationError:
            raise _invalid(f"{text} is not an email address.") from None
        address = text.lower()
        point = _point(team, channel, address=address)
    return Recipient(contact=point.contact if point else None, address=address)


def not_in_team(contact_id: int) -> str:
    """The words for a contact id that is not the team's: the same for another team's id and
    a missing one, so that no one learns another team's contact exists."""
    return f"No contact with id {contact_id} in this team."


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def contact_named(*, team: Team, value: Any) -> Contact:
    """The existing contact of ``team`` that a person argument names: a contact id, or text
    (a name, an E.164 number, an email address) that finds exactly one contact.

    Raise ToolError ``CONTACT_NOT_IN_TEAM`` for an id that is not the team's (another team's
    or a missing one: the same words), no match, or an address that is not a contact yet;
    ``AMBIGUOUS_CONTACT`` for text that finds several, naming them.
    """
    if _is_id(value):
        contact = Contact.objects.for_team(team).filter(pk=value).first()
        if contact is None:
            raise ToolError(NOT_IN_TEAM, not_in_team(value))
        return contact
    text = str(value or "").strip()
    resolution = contact_resolve(team=team, text=text)
    if resolution.contact is not None:
        return resolution.contact
    if resolution.is_ambiguous:
        names = ", ".join(f"{c.name} (#{c.pk})" for c in resolution.contacts[:5])
        raise ToolError(
            "AMBIGUOUS_CONTACT", f"{text!r} could be several contacts: {names}. Give the id."
        )
    if resolution.is_new_recipient:
        raise ToolError(NOT_IN_TEAM, f"{text} is not a contact of this team yet; add them first.")
    raise ToolError(NOT_IN_TEAM, resolution.error or f"No contact of this team matches {text!r}.")


def team_args_errors(*, team: Team, tool: Tool, args: dict[str, Any]) -> dict[str, ToolError]:
    """What in ``args`` (valid for ``tool``'s schema) names something that is not ``team``'s,
    by field; empty when everything named is the team's.

    1. Each ``contact_fields`` field must name one existing contact (``contact_named``);
       the words that are not people ("me") are skipped.
    2. Each contact id in every other person field, ``notifies`` aside (recipients are
       resolved, ids included, by ``recipients_resolve``), must be one of the team's: one
       query for all of them.
    3. The tool's own ``args_check`` (other rows of the team, such as a commitment).
    """
    errors: dict[str, ToolError] = {}
    people = tool.people
    for name in tool.contact_fields:
        values = args.get(name)
        for value in values if isinstance(values, list) else [values]:
            if value is None or value in people.get(name, set()):
                continue
            try:
                contact_named(team=team, value=value)
            except ToolError as error:
                errors.setdefault(name, error)
    others = {
        name: [v for v in (args[name] if isinstance(args[name], list) else [args[name]])
               if _is_id(v)]
        for name in people
        if name in args and name not in tool.contact_fields and name not in tool.notifies
    }  # fmt: skip
    wanted = {value for values in others.values() for value in values}
    if wanted:
        found = set(
            Contact.objects.for_team(team).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        for name, values in others.items():
            missing = [value for value in values if value not in found]
            if missing:
                errors.setdefault(name, ToolError(NOT_IN_TEAM, not_in_team(missing[0])))
    for name, error in tool.team_errors(team=team, args=args).items():
        errors.setdefault(name, error)
    return errors


def _address(point: ContactPhone | ContactEmail) -> str:
    return point.number if isinstance(point, ContactPhone) else point.address


def recipients_resolve(*, team: Team, values: Any, channel: str) -> list[Recipient]:
    """Every recipient in ``values`` (one value or a list); raise ToolError INVALID_RECIPIENT."""
    return [
        _one(team, value, channel) for value in (values if isinstance(values, list) else [values])
    ]


def recipients_resolve_many(
    *, team: Team, wanted: list[tuple[Any, str]]
) -> list[list[Recipient] | None]:
    """``recipients_resolve`` for many (values, channel) pairs at once, in two queries at most
    (phones, emails): for a page of actions. A pair that cannot be resolved gives None (its
    summary then shows the raw arguments; deciding and sending still go through
    ``recipients_resolve``)."""
    wanted_points: dict[str, tuple[set[int], set[str]]] = {
        "phone": (set(), set()),
        "email": (set(), set()),
    }
    parsed: list[list[tuple[str, Any]] | None] = []
    for values, channel in wanted:
        kind = "phone" if channel_reaches_phones(channel) else "email"
        ids, addresses = wanted_points[kind]
        items: list[tuple[str, Any]] | None = []
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, int) and not isinstance(value, bool):
                ids.add(value)
                items.append(("id", value))
                continue
            text = str(value or "").strip()
            try:
                if kind == "phone":
                    address = phone_normalize(text)
                else:
                    validate_email(text)
                    address = text.lower()
            except ValidationError:
                items = None
                break
            addresses.add(address)
            items.append(("address", address))
        parsed.append(items)
    by_id: dict[tuple[str, int], ContactPhone | ContactEmail] = {}
    by_address: dict[str, ContactPhone | ContactEmail] = {}
    for kind, model, field in (
        ("phone", ContactPhone, "number"),
        ("email", ContactEmail, "address"),
    ):
        ids, addresses = wanted_points[kind]
        if not ids and not addresses:
            continue
        points = (
            model.objects.filter(contact__team=team)
            .filter(Q(contact_id__in=ids) | Q(**{f"{field}__in": addresses}))
            .select_related("contact")
            .order_by("id")
        )
        for point in points:
            by_id.setdefault((kind, point.contact_id), point)
            by_address.setdefault(getattr(point, field), point)
    resolved: list[list[Recipient] | None] = []
    for (_, channel), items in zip(wanted, parsed, strict=True):
        kind = "phone" if channel_reaches_phones(channel) else "email"
        people: list[Recipient] | None = []
        for how, value in items or []:
            point = by_id.get((kind, value)) if how == "id" else by_address.get(value)
            if how == "id" and point is None:
                people = None
                break
            address = _address(point) if point else value
            people.append(Recipient(contact=point.contact if point else None, address=address))
        resolved.append(people if items is not None else None)
    return resolved
