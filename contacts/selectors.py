"""Reads for contacts, chiefly turning what a person wrote into the contact they meant."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from assistant.models import Team
from contacts.models import Contact, ContactEmail, ContactPhone, Interaction
from contacts.phones import looks_like_phone, phone_normalize

HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame"}


@dataclass(frozen=True)
class Resolution:
    """What ``contact_resolve`` found for one piece of text.

    Exactly one of these holds: one contact (``contact``); several (``is_ambiguous``, the
    choices in ``contacts``); none but a usable new address (``is_new_recipient``, with
    ``phone`` or ``email``); or nothing usable (``error`` says why, or no match at all).
    """

    query: str
    contacts: list[Contact] = field(default_factory=list)
    phone: str = ""
    email: str = ""
    error: str = ""

    @property
    def contact(self) -> Contact | None:
        return self.contacts[0] if len(self.contacts) == 1 else None

    @property
    def is_ambiguous(self) -> bool:
        return len(self.contacts) > 1

    @property
    def is_new_recipient(self) -> bool:
        return not self.contacts and bool(self.phone or self.email)


def contacts_for_team(*, team: Team) -> QuerySet[Contact]:
    return Contact.objects.for_team(team).prefetch_related(
        Prefetch("phones", queryset=ContactPhone.objects.order_by("id")),
        Prefetch("emails", queryset=ContactEmail.objects.order_by("id")),
    )


def _words(text: str) -> list[str]:
    words = re.findall(r"[^\W_]+(?:['-][^\W_]+)*", text.casefold())
    return [w for w in words if w not in HONORIFICS]


def contact_resolve(*, team: Team, text: str) -> Resolution:
    """Find the contact ``text`` names: a name, nickname, phone number or email address.

    Never guesses: several equally good matches come back as an ambiguous resolution.
    1. An email address or phone number matches contacts holding it, or is a new recipient.
    2. A name or nickname: exact matches (whole name, nickname) win over partial ones (every
       word of the text starts a word of the name: "Alice", "Dr. Patel", "al smith").
    """
    query = (text or "").strip()
    contacts = contacts_for_team(team=team)
    if "@" in query:
        address = query.lower()
        try:
            validate_email(address)
        except ValidationError:
            return Resolution(query=query, error=f"{query} is not an email address.")
        found = list(contacts.filter(emails__address=address).distinct())
        return Resolution(query=query, contacts=found, email=address)
    if looks_like_phone(query):
        try:
            number = phone_normalize(query)
        except ValidationError as error:
            return Resolution(query=query, error=error.messages[0])
        found = list(contacts.filter(phones__number=number).distinct())
        return Resolution(query=query, contacts=found, phone=number)

    words = _words(query)
    if not words:
        return Resolution(query=query)
    candidates = contacts.filter(
        Q(nickname__iexact=query)
        | Q(*(Q(name__icontains=w) | Q(nickname__icontains=w) for w in words), _connector=Q.AND)
    )
    exact, partial = [], []
    for contact in candidates:
        name_words = _words(contact.name)
        if words == name_words or (contact.nickname and words == _words(contact.nickname)):
            exact.append(contact)
        elif all(any(n.startswith(w) for n in name_words) for w in words):
            partial.append(contact)
    return Resolution(query=query, contacts=exact or partial)


MENTION_MIN_LENGTH = 3  # shorter words ("to", "me") would match half the address book


def contacts_mentioned(
    *, team: Team, text: str, ids: list[int], limit: int, notes: int
) -> list[Contact]:
    """The team's contacts ``text`` may mean, for an LLM's context: a cheap net, not a
    resolution. Contacts whose name or nickname contains a word of the text (three letters or
    more) or whose id is in ``ids``, at most ``limit``, each with its latest ``notes`` notes
    in ``memory``."""
    words = {w for w in re.findall(r"[^\W_]+", text.casefold()) if len(w) >= MENTION_MIN_LENGTH}
    if not words and not ids:
        return []
    match = Q(pk__in=ids)
    for word in words:
        match |= Q(name__icontains=word) | Q(nickname__icontains=word)
    latest = Interaction.objects.filter(channel=Interaction.Channel.NOTE).order_by("-occurred_at")
    return list(
        contacts_for_team(team=team)
        .filter(match)
        .prefetch_related(Prefetch("interactions", queryset=latest[:notes], to_attr="memory"))
        .order_by("name", "pk")[:limit]
    )


PHONE_SEARCH = re.compile(r"^[\d\s+().-]+$")


def contacts_search(*, team: Team, text: str = "") -> QuerySet[Contact]:
    """The team's contacts that match ``text``, in name order; all of them when it is blank.

    Text made of digits and phone punctuation matches numbers holding those digits ("415 555"
    finds +14155550101) or, written another way, the same number. Other text matches contacts
    where every word appears in the name, nickname, company or an email address.
    """
    contacts = contacts_for_team(team=team).order_by("name", "pk")  # stable across pages
    query = (text or "").strip()
    if not query:
        return contacts
    digits = re.sub(r"\D", "", query)
    if PHONE_SEARCH.match(query) and len(digits) >= 3:
        numbers = [digits]
        # Not a whole number ("415 555") is fine: the digits alone are still worth matching.
        with contextlib.suppress(ValidationError):
            numbers.append(phone_normalize(query).lstrip("+"))
        phones = ContactPhone.objects.filter(contact=OuterRef("pk")).filter(
            Q(*(Q(number__contains=n) for n in numbers), _connector=Q.OR)
        )
        return contacts.filter(Exists(phones))
    for word in query.split():
        emails = ContactEmail.objects.filter(contact=OuterRef("pk"), address__icontains=word)
        contacts = contacts.filter(
            Q(name__icontains=word)
            | Q(nickname__icontains=word)
            | Q(company__icontains=word)
            | Exists(emails)
        )
    return contacts


def contact_with_phone(*, team: Team, number: str) -> Contact | None:
    """The team's contact who has the E.164 ``number`` (the first filed, if several)."""
    phone = (
        ContactPhone.objects.filter(contact__team=team, number=number)
        .select_related("contact")
        .order_by("id")
        .first()
    )
    return phone.contact if phone else None
