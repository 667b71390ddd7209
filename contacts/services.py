"""Writes for contacts: create, update, delete and CSV import, phones normalised to E.164."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from assistant.engine import hooks
from assistant.inputs import field_problems, text_strip
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
            errors.append(f"{text_strip(address)} is not an email address.")
            continue
        too_long = field_problems(ContactEmail, address=address)
        if too_long:
            errors.append(f"{address[:40]}…: {too_long['address'][0]}")
            continue
        if address not in cleaned:
            cleaned.append(address)
    if errors:
        raise ValidationError({"emails": errors})
    return cleaned


def _clean_fields(fields: dict[str, object]) -> None:
    errors = field_problems(Contact, **fields)  # what no column can hold, or too long for it
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
        _honour_opt_outs(contact.team, phones)
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


def contact_validate(
    *, name: str, phones: Iterable[str] = (), emails: Iterable[str] = (), **fields: object
) -> tuple[list[str], list[str]]:
    """Check a would-be contact exactly as ``contact_create`` would, storing nothing.

    Return its phones (E.164) and emails as they would be stored; raise ``ValidationError``
    keyed by field (name, phones, emails, time_zone, preferred_channel), every problem at once.
    """
    fields = {**fields, "name": (name or "").strip()}
    clean_phones, clean_emails = _validated(fields, phones, emails)
    return clean_phones or [], clean_emails or []


# --- CSV import -----------------------------------------------------------------------------

IMPORT_MAX_BYTES = 1024 * 1024
IMPORT_MAX_ROWS = 5000
# A column's header, lower-cased with spaces as underscores -> the contact_create argument.
IMPORT_COLUMNS = {
    "name": "name",
    "phone": "phones",
    "phones": "phones",
    "email": "emails",
    "emails": "emails",
    "nickname": "nickname",
    "company": "company",
    "time_zone": "time_zone",
    "preferred_channel": "preferred_channel",
    "notes": "notes",
}
IMPORT_LIST_SEPARATOR = ";"  # several phones or emails in one cell


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong in one row; ``row`` is numbered as a spreadsheet shows it (header = 1)."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportSkip:
    """A row left out because the team already has that person (not an error)."""

    row: int
    name: str
    reason: str


@dataclass
class ImportReport:
    """What ``contacts_import_csv`` did: nothing when ``problems`` is not empty."""

    rows: int = 0
    imported: int = 0
    skipped: list[ImportSkip] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _ImportRow:
    row: int
    name: str
    fields: dict[str, object]
    phones: list[str]
    emails: list[str]


def _import_decode(file: IO[bytes]) -> str:
    if hasattr(file, "seek"):
        file.seek(0)  # from the start, even if something looked at it before
    data = file.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise ValidationError(
            "That file is larger than 1 MB. Split it into smaller files and import them one "
            "by one.",
            code="too_large",
        )
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        raise ValidationError(
            "That file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and "
            "import that.",
            code="not_utf8",
        ) from None
    if "\x00" in text:  # PostgreSQL cannot store NUL; a text file never has one
        raise ValidationError(
            "That file does not look like a CSV file. Save your spreadsheet as “CSV UTF-8” and "
            "import that.",
            code="not_csv",
        )
    if not text.strip():
        raise ValidationError("That file is empty.", code="empty")
    return text


@dataclass
class _ImportColumns:
    by_position: dict[int, str]  # column position -> contact_create argument
    headings: dict[str, str]  # contact_create argument -> its heading as the file writes it
    ignored: list[str]


def _import_columns(header: list[str]) -> _ImportColumns:
    """Map the file's columns to contact_create arguments; refuse a file without names."""
    columns = _ImportColumns(by_position={}, headings={}, ignored=[])
    for position, heading in enumerate(header):
        key = "_".join(heading.strip().lower().split())
        if key in IMPORT_COLUMNS:
            columns.by_position[position] = IMPORT_COLUMNS[key]
            columns.headings.setdefault(IMPORT_COLUMNS[key], heading.strip())
        elif heading.strip():
            columns.ignored.append(heading.strip())
    if "name" not in columns.headings:
        found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
        hint = ""
        if len(header) == 1 and any(sep in header[0] for sep in ";\t"):
            hint = " It looks like its columns are separated by semicolons or tabs; use commas."
        raise ValidationError(
            "The file has no name column. Its first row must name the columns, one of them "
            f"“name” (found: {found}).{hint}",
            code="no_name_column",
        )
    return columns


def _import_rows(*, team: Team, text: str) -> tuple[list[_ImportRow], _ImportColumns]:
    """Parse the CSV into rows of contact_create arguments; refuse files it cannot use."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        columns = _import_columns(next(reader))
        rows = []
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, often at the end of an exported file
            if len(rows) == IMPORT_MAX_ROWS:
                raise ValidationError(
                    f"That file has more than {IMPORT_MAX_ROWS:,} rows. Split it into files of "
                    f"at most {IMPORT_MAX_ROWS:,} contacts and import them one by one.",
                    code="too_many_rows",
                )
            values: dict[str, list[str]] = {}
            for position, cell in enumerate(cells):
                if position in columns.by_position:
                    values.setdefault(columns.by_position[position], []).append(cell.strip())
            rows.append(_import_row(team=team, row=index, values=values))
    except csv.Error as error:
        raise ValidationError(
            f"That file could not be read as CSV ({error}).", code="not_csv"
        ) from None
    if not rows:
        raise ValidationError("That file has a header but no contacts under it.", code="empty")
    return rows, columns


def _split(cells: list[str]) -> list[str]:
    return [part.strip() for cell in cells for part in cell.split(IMPORT_LIST_SEPARATOR)]


def _import_row(*, team: Team, row: int, values: dict[str, list[str]]) -> _ImportRow:
    def single(name: str) -> str:
        return " ".join(v for v in values.get(name, []) if v)

    fields: dict[str, object] = {
        name: single(name) for name in ("nickname", "company", "notes") if name in values
    }
    fields["time_zone"] = single("time_zone") or team.time_zone
    if single("preferred_channel"):
        fields["preferred_channel"] = single("preferred_channel").lower()
    return _ImportRow(
        row=row,
        name=single("name"),
        fields=fields,
        phones=_split(values.get("phones", [])),
        emails=_split(values.get("emails", [])),
    )


def _import_too_long(row: _ImportRow) -> dict[str, list[str]]:
    """Lengths the database would refuse; forms check these with max_length, a file cannot."""
    errors = {}
    for name, value in (("name", row.name), *row.fields.items()):
        limit = Contact._meta.get_field(name).max_length
        if limit and len(str(value)) > limit:
            errors[name] = [f"Keep it to {limit} characters; this one has {len(str(value))}."]
    return errors


def _import_validate(row: _ImportRow) -> list[tuple[str, str]]:
    """Return (field, message) for everything wrong with ``row``; clean its phones and emails."""
    errors = _import_too_long(row)
    try:
        row.phones, row.emails = contact_validate(
            name=row.name, phones=row.phones, emails=row.emails, **row.fields
        )
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    return [(name, message) for name, messages in errors.items() for message in messages]


def contacts_import_csv(*, team: Team, file: IO[bytes]) -> ImportReport:
    """Import a CSV of contacts into ``team``: all of its rows or, if any row is bad, none.

    Raise ``ValidationError`` (with a code) for a file that cannot be used at all: over
    ``IMPORT_MAX_BYTES`` or ``IMPORT_MAX_ROWS``, not UTF-8 text, empty, or without a ``name``
    column.
    1. Read the header (case-insensitive names from ``IMPORT_COLUMNS``) and every row.
    2. Validate every row as ``contact_create`` would; any problem -> return them all, each
       with its row and its column's heading, storing nothing.
    3. In one transaction, holding the team's row so two imports cannot interleave, skip rows
       whose phone or email the team already has (rows with neither: whose name it has),
       including earlier rows of this file, and create the rest.
    """
    rows, columns = _import_rows(team=team, text=_import_decode(file))
    report = ImportReport(rows=len(rows), ignored_columns=columns.ignored)
    for row in rows:
        for name, message in _import_validate(row):
            column = columns.headings.get(name, name)
            report.problems.append(ImportProblem(row=row.row, column=column, message=message))
    if report.problems:
        return report

    with transaction.atomic():
        Team.objects.select_for_update().get(pk=team.pk)
        known = _known_contact_points(team)
        fresh = []
        for row in rows:
            keys = [f"phone:{p}" for p in row.phones] + [f"email:{e}" for e in row.emails]
            keys = keys or [f"name:{row.name.casefold()}"]
            holder = next((known[key] for key in keys if key in known), None)
            if holder is not None:
                report.skipped.append(
                    ImportSkip(row=row.row, name=row.name, reason=f"already a contact: {holder}")
                )
                continue
            fresh.append(row)
            known.update(dict.fromkeys(keys, row.name))
        _contacts_create_validated(team=team, rows=fresh)
        report.imported = len(fresh)
    return report


def _contacts_create_validated(*, team: Team, rows: list[_ImportRow]) -> None:
    """What ``contact_create`` stores, for many rows ``contact_validate`` has passed.

    In bulk, because a row at a time costs several round trips: 5,000 rows took seconds.
    """
    made = [(Contact(team=team, name=row.name, **row.fields), row) for row in rows]
    Contact.objects.bulk_create([contact for contact, _ in made], batch_size=1000)
    ContactPhone.objects.bulk_create(
        (ContactPhone(contact=c, number=n) for c, row in made for n in row.phones), batch_size=1000
    )
    ContactEmail.objects.bulk_create(
        (ContactEmail(contact=c, address=a) for c, row in made for a in row.emails), batch_size=1000
    )
    _honour_opt_outs(team, [n for _, row in made for n in row.phones])


def _honour_opt_outs(team: Team, numbers: list[str]) -> None:
    """Tell the apps that remember opt-outs by number (messaging: STOP) that ``numbers`` were
    filed under contacts, so those contacts keep the opt-out whoever they are filed under."""
    if numbers:
        hooks.announce(hooks.CONTACT_POINTS_ADDED, team=team, numbers=numbers)


def _known_contact_points(team: Team) -> dict[str, str]:
    """The team's phones and emails, and names of contacts with neither -> the contact's name."""
    known: dict[str, str] = {}
    for number, name in ContactPhone.objects.for_team(team).values_list("number", "contact__name"):
        known[f"phone:{number}"] = name
    for address, name in ContactEmail.objects.for_team(team).values_list(
        "address", "contact__name"
    ):
        known[f"email:{address.lower()}"] = name
    bare = Contact.objects.for_team(team).filter(phones__isnull=True, emails__isnull=True)
    for name in bare.values_list("name", flat=True):
        known[f"name:{name.strip().casefold()}"] = name
    return known


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
