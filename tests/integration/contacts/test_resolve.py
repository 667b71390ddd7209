"""Turning "Alice", "Dr. Patel", "mom", a number or an address into a contact, never a guess."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Contact, ContactPhone
from contacts.selectors import contact_resolve
from contacts.services import contact_create, contact_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(team):
    made = {
        "alice": contact_create(team=team, name="Alice Smith", phones=["+14155550101"]),
        "alex_r": contact_create(team=team, name="Alex Rivera", emails=["alex@example.com"]),
        "alex_c": contact_create(team=team, name="Alex Chen"),
        "patel": contact_create(team=team, name="Priya Patel"),
        "mom": contact_create(team=team, name="Carmela Corleone", nickname="mom"),
    }
    return made


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Alice", "alice"),
        ("alice smith", "alice"),
        ("Dr. Patel", "patel"),
        ("mom", "mom"),
        ("Mom", "mom"),
        ("Alex Chen", "alex_c"),
        ("+1 (415) 555-0101", "alice"),
        ("ALEX@example.com", "alex_r"),
    ],
)
def test_a_name_nickname_number_or_address_finds_the_one_contact(team, people, text, who):
    assert contact_resolve(team=team, text=text).contact == people[who]


def test_two_people_with_the_same_first_name_are_reported_as_a_choice(team, people):
    resolution = contact_resolve(team=team, text="Alex")
    assert resolution.is_ambiguous
    assert set(resolution.contacts) == {people["alex_r"], people["alex_c"]}
    assert resolution.contact is None


def test_an_unknown_number_is_a_new_recipient_in_e164(team, people):
    resolution = contact_resolve(team=team, text="415 555 0199")
    assert resolution.is_new_recipient
    assert resolution.phone == "+14155550199"


def test_an_unknown_name_matches_nobody_and_is_not_a_recipient(team, people):
    resolution = contact_resolve(team=team, text="Luca Brasi")
    assert resolution.contacts == [] and not resolution.is_new_recipient


def test_an_invalid_number_says_why(team, people):
    assert "not a valid phone number" in contact_resolve(team=team, text="+1 555 0000 000").error


def test_another_teams_contacts_are_never_found(team, other_team, people):
    contact_create(team=other_team, name="Alice Barzini")
    assert contact_resolve(team=team, text="Alice").contact == people["alice"]
    assert contact_resolve(team=other_team, text="Alice Smith").contacts == []


def test_a_contact_with_a_bad_number_is_refused_with_every_problem_and_nothing_stored(team):
    with pytest.raises(ValidationError) as caught:
        contact_create(team=team, name=" ", phones=["12"], emails=["not-an-address"])
    assert set(caught.value.message_dict) == {"name", "phones", "emails"}
    assert not Contact.objects.exists()


def test_updating_replaces_the_numbers_and_keeps_them_in_e164(team, people):
    contact_update(contact=people["alice"], phones=["(415) 555-0110", "+44 20 7946 0958"])
    assert list(
        ContactPhone.objects.filter(contact=people["alice"]).values_list("number", flat=True)
    ) == [
        "+14155550110",
        "+442079460958",
    ]


def test_the_database_itself_refuses_a_number_that_is_not_e164(team, people):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPhone.objects.create(contact=people["alice"], number="415-555-0101")
