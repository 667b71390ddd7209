"""Writes for contacts: create, update and delete, with phones normalised to E.164."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from assistant.models import Action, Team
from assistant.validators import validate_time_zone
from contacts.models import Commitment, Contact, ContactEmail, ContactPhone, Interaction
from contacts.phones import phone_normalize


def _clean_phones(phones: Iterable[str]) -> list[str]:
    cleaned, errors = [], []
    for raw in phones:
        if not raw or not raw.strip():
            continue
        try:
            number = phone_normalize(raw)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if number not in cleaned:
            cleaned.append(number)
    if errors:
        raise ValidationError({"phones": errors})
    return cleaned


def _clean_emails(emails: Iterable[str]) -> list[str]:
    cleaned, errors = [], []
    for raw in emails:
        address = (raw or "").strip().lower()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(f"{address} is not an email address.")
            continue
        if address not in cleaned:
            cleaned.append(address)
    if errors:
        raise ValidationError({"emails": errors})
    return cleaned


def _clean_fields(fields: dict[str, object]) -> None:
    errors: dict[str, list[str]] = {}
    if "name" in fields and not str(fields["name"] or "").strip():
        errors["name"] = ["Give the contact a name."]
    if "time_zone" in fields:
        try:
            validate_time_zone(str(fields["time_zone"]))
        except ValidationError as error:
            errors["time_zone"] = error.messages
    if "preferred_channel" in fields and fields["preferred_channel"] not in Contact.Channel.values:
        errors["preferred_channel"] = [f"Choose one of {', '.join(Contact.Channel.values)}."]
    if errors:
        raise ValidationError(errors)


def _validated(
    fields: dict[str, object], phones: Iterable[str] | None, emails: Iterable[str] | None
) -> tuple[list[str] | None, list[str] | None]:
    """Check everything at once, so a form shows every problem; return the cleaned lists."""
    errors: dict[str, list[str]] = {}
    cleaned: list[list[str] | None] = [None, None]
    try:
        _clean_fields(fields)
    except ValidationError as error:
        errors.update(error.message_dict)
    for index, (values, clean) in enumerate(((phones, _clean_phones), (emails, _clean_emails))):
        if values is None:
            continue
        try:
            cleaned[index] = clean(values)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned[0], cleaned[1]


def _replace_points(contact: Contact, phones: list[str] | None, emails: list[str] | None) -> None:
    if phones is not None:
        contact.phones.all().delete()
        ContactPhone.objects.bulk_create(ContactPhone(contact=contact, number=n) for n in phones)
    if emails is not None:
        contact.emails.all().delete()
        ContactEmail.objects.bulk_create(ContactEmail(contact=contact, address=a) for a in emails)


def contact_create(
    *,
    team: Team,
    name: str,
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
    **fields: object,
) -> Contact:
    """Create a contact; raise ``ValidationError`` (by field) and store nothing if any is bad.

    ``fields`` are Contact's other fields: nickname, company, time_zone, preferred_channel,
    notes and the opted-out flags.
    """
    fields = {**fields, "name": (name or "").strip()}
    clean_phones, clean_emails = _validated(fields, phones, emails)
    with transaction.atomic():
        contact = Contact.objects.create(team=team, **fields)
        _replace_points(contact, clean_phones, clean_emails)
    return contact


def contact_update(
    *,
    contact: Contact,
    phones: Iterable[str] | None = None,
    emails: Iterable[str] | None = None,
    **fields: object,
) -> Contact:
    """Change a contact; ``None`` leaves phones or emails as they are, a list replaces them."""
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    clean_phones, clean_emails = _validated(fields, phones, emails)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.save()
        _replace_points(contact, clean_phones, clean_emails)
    return contact


def contact_delete(*, contact: Contact) -> None:
    contact.delete()


# --- Memory and commitments -----------------------------------------------------------------


def contact_note_add(
    *, contact: Contact, fact: str, action: Action | None = None
) -> tuple[Interaction, bool]:
    """Add ``fact`` to the contact's memory as a note (an interaction of channel ``note``);
    return it and whether it is new.

    With an ``action``, the action's note is stored once: calling again for the same action
    returns the first note unchanged.
    """
    fields = {
        "team_id": contact.team_id, "contact": contact, "channel": Interaction.Channel.NOTE,
        "direction": Interaction.Direction.INTERNAL, "content": fact.strip(),
        "occurred_at": timezone.now(),
    }  # fmt: skip
    if action is None:
        return Interaction.objects.create(**fields), True
    return Interaction.objects.get_or_create(created_by_action=action, defaults=fields)


def commitment_record(
    *,
    contact: Contact,
    direction: str,
    what: str,
    due_at: datetime | None = None,
    action: Action | None = None,
) -> tuple[Commitment, bool]:
    """Record an open promise between the team and ``contact`` (``direction`` we_owe or
    they_owe, enforced by the database); return it and whether it is new.

    With an ``action``, the action's commitment is recorded once.
    """
    fields = {
        "team_id": contact.team_id, "contact": contact, "direction": direction,
        "what": what.strip(), "due_at": due_at,
    }  # fmt: skip
    if action is None:
        return Commitment.objects.create(**fields), True
    return Commitment.objects.get_or_create(source_action=action, defaults=fields)


class CommitmentOutcome(StrEnum):
    COMPLETED = "completed"  # by this call, or earlier by the same action
    ALREADY_DONE = "already_done"  # by someone or something else, earlier
    CANCELLED = "cancelled"  # cancelled promises are not completed


def commitment_complete(
    *, commitment: Commitment, action: Action | None = None
) -> CommitmentOutcome:
    """Mark an open commitment done, now, in one conditional update (two completions cannot
    both win), and refresh ``commitment``.

    Completing a done commitment changes nothing and is not an error (ALREADY_DONE, or
    COMPLETED when ``action`` is the one that completed it, so an action run twice reports the
    same); a cancelled one stays cancelled (CANCELLED).
    """
    changed = Commitment.objects.filter(pk=commitment.pk, status=Commitment.Status.OPEN).update(
        status=Commitment.Status.DONE, completed_at=timezone.now(), completed_by_action=action
    )
    commitment.refresh_from_db()
    if changed or (action is not None and commitment.completed_by_action_id == action.pk):
        return CommitmentOutcome.COMPLETED
    if commitment.status == Commitment.Status.CANCELLED:
        return CommitmentOutcome.CANCELLED
    return CommitmentOutcome.ALREADY_DONE
