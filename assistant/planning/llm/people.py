"""Turning the words a request uses for a person into a tool's person argument.

Both planners end here, so "Alex" means the same to each: one contact gives its id, an
E.164 number or an email address is kept as a (possibly new) recipient, and anything else
(two Alexes, no such contact) becomes a ``Clarification`` instead of a guess. An answer the
person already gave (``PlanContext.answers``) wins.
"""

from __future__ import annotations

from contacts.models import Contact
from contacts.phones import phone_display
from contacts.selectors import contact_resolve

from .base import Choice, Clarification, PlanContext

Person = int | str


def person_label(contact: Contact) -> str:
    """How a choice reads: "Alex Rivera (+1 415-555-0103)"."""
    reach = contact.primary_phone and phone_display(contact.primary_phone)
    reach = reach or contact.primary_email
    return f"{contact.name} ({reach})" if reach else contact.name


def person_question(mention: str, contacts: list[Contact]) -> Clarification:
    if contacts:
        question = f"Which {mention} do you mean?"
    else:
        question = (
            f"Who is {mention}? No contact matches: choose one, or give a phone number or an "
            "email address."
        )
    return Clarification(
        mention=mention,
        question=question,
        choices=[Choice(value=c.pk, label=person_label(c)) for c in contacts],
    )


def person_resolve(context: PlanContext, mention: str) -> Person | Clarification:
    """The person argument for ``mention`` (a name, nickname, phone number or email)."""
    answer = context.answers.get(mention.strip().casefold())
    if answer is not None:
        return answer
    resolution = contact_resolve(team=context.team, text=mention)
    if resolution.contact is not None:
        return resolution.contact.pk
    if resolution.is_new_recipient:
        return resolution.phone or resolution.email
    return person_question(mention.strip(), resolution.contacts)
