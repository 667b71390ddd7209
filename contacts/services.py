"""Writes for contacts: create, update and delete, with phones normalised to E.164."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from assistant.models import Team
from assistant.validators import validate_time_zone
from contacts.models import Contact, ContactEmail, ContactPhone
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
