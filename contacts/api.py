"""The contacts endpoints of the JSON API (``/api/v1/contacts``), a router the API adds.

Every route acts as the token's user in the token's team; another team's contact answers 404
exactly as one that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from assistant.api.common import (
    ERRORS,
    PAGE_DEFAULT,
    PAGE_MAX,
    ApiCaller,
    InputSchema,
    SafeText,
    caller_of,
    not_found,
    page_of,
)
from contacts.models import Contact
from contacts.selectors import contacts_for_team, contacts_search
from contacts.services import contact_create, contact_delete, contact_update

router = Router(tags=["contacts"])


class ContactOut(Schema):
    id: int
    name: str
    nickname: str
    company: str
    time_zone: str
    preferred_channel: str
    phones: list[str] = Field(description="E.164, like +14155550101")
    emails: list[str]
    sms_opted_out: bool
    email_opted_out: bool
    calls_opted_out: bool
    notes: str
    created_at: datetime
    updated_at: datetime


class ContactPage(Schema):
    items: list[ContactOut]
    count: int
    limit: int
    offset: int
    next_offset: int | None


Channel = Literal["sms", "email", "call"]


class ContactIn(InputSchema):
    """A new contact. Phones in any common format are stored as E.164. Opt-out flags are
    read-only here: only the person (by STOP/START) or a team member in the web app sets them."""

    name: str = Field(max_length=200)
    nickname: str = Field("", max_length=100)
    company: str = Field("", max_length=200)
    time_zone: str | None = Field(None, description="IANA name; defaults to the team's")
    preferred_channel: Channel = "sms"
    phones: list[str] = Field(default_factory=list, max_length=20)
    emails: list[str] = Field(default_factory=list, max_length=20)
    notes: str = Field("", max_length=10000)


class ContactPatch(InputSchema):
    """Fields to change; a missing or null field is left as it is, a list replaces the old."""

    name: str | None = Field(None, max_length=200)
    nickname: str | None = Field(None, max_length=100)
    company: str | None = Field(None, max_length=200)
    time_zone: str | None = None
    preferred_channel: Channel | None = None
    phones: list[str] | None = Field(None, max_length=20)
    emails: list[str] | None = Field(None, max_length=20)
    notes: str | None = Field(None, max_length=10000)


CONTACT_FIELDS = [name for name in ContactOut.model_fields if name not in {"phones", "emails"}]


def _contact_out(contact: Contact) -> dict[str, Any]:
    return {
        **{name: getattr(contact, name) for name in CONTACT_FIELDS},
        "phones": [phone.number for phone in contact.phones.all()],
        "emails": [email.address for email in contact.emails.all()],
    }


def _contact_for(caller: ApiCaller, contact_id: int) -> Contact:
    contact = contacts_for_team(team=caller.team).filter(pk=contact_id).first()
    if contact is None:
        raise not_found("contact", contact_id)
    return contact


@router.get("", response={200: ContactPage, **ERRORS})
def contacts_list(
    request: HttpRequest,
    q: SafeText = "",
    limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """The team's contacts in name order; ``q`` matches name, nickname, company or email (every
    word), or phone digits (the same search as the Contacts page)."""
    contacts = contacts_search(team=caller_of(request).team, text=q)
    return page_of(contacts, limit, offset, _contact_out)


@router.post("", response={201: ContactOut, **ERRORS})
def contacts_create(request: HttpRequest, payload: ContactIn) -> Status[dict[str, Any]]:
    """Create a contact; 422 with every problem by field, and nothing stored, if any is bad."""
    caller = caller_of(request)
    fields = payload.dict()
    fields["time_zone"] = fields["time_zone"] or caller.team.time_zone
    contact = contact_create(team=caller.team, **fields)
    return Status(201, _contact_out(_contact_for(caller, contact.pk)))


@router.get("/{contact_id}", response={200: ContactOut, **ERRORS})
def contacts_read(request: HttpRequest, contact_id: int) -> dict[str, Any]:
    return _contact_out(_contact_for(caller_of(request), contact_id))


@router.patch("/{contact_id}", response={200: ContactOut, **ERRORS})
def contacts_update(request: HttpRequest, contact_id: int, payload: ContactPatch) -> dict[str, Any]:
    """Change some fields of a contact; a list of phones or emails replaces the old one."""
    caller = caller_of(request)
    contact = _contact_for(caller, contact_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    contact_update(contact=contact, **changes)
    return _contact_out(_contact_for(caller, contact_id))


@router.delete("/{contact_id}", response={204: None, **ERRORS})
def contacts_delete(request: HttpRequest, contact_id: int) -> Status[None]:
    contact_delete(contact=_contact_for(caller_of(request), contact_id))
    return Status(204, None)
