"""Phone numbers are stored in E.164; invalid ones are refused with a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from contacts.phones import looks_like_phone, phone_display, phone_normalize


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+1 415 555 0101", "+14155550101"),
        ("(415) 555-0101", "+14155550101"),
        ("415.555.0101", "+14155550101"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+39 06 6982 0000", "+390669820000"),
    ],
)
def test_numbers_written_many_ways_are_stored_in_e164(written, e164):
    assert phone_normalize(written) == e164


def test_a_national_number_is_read_in_the_given_region():
    assert phone_normalize("020 7946 0958", region="GB") == "+442079460958"


@pytest.mark.parametrize("written", ["12345", "+1 415 555", "not a number", "+999 1234 5678"])
def test_a_number_that_cannot_exist_is_refused_with_a_message_saying_what_to_do(written):
    with pytest.raises(ValidationError) as caught:
        phone_normalize(written)
    assert caught.value.code == "phone_invalid"
    assert "phone number" in caught.value.messages[0]


def test_an_empty_number_asks_for_one():
    with pytest.raises(ValidationError, match="Enter a phone number"):
        phone_normalize("  ")


def test_numbers_are_shown_grouped_for_people():
    assert phone_display("+14155550101") == "+1 415-555-0101"


@pytest.mark.parametrize(
    ("text", "phone"), [("+1 415 555 0101", True), ("Alice", False), ("555-01", False)]
)
def test_only_text_made_of_digits_and_separators_looks_like_a_phone(text, phone):
    assert looks_like_phone(text) is phone
