"""The cleaning helpers every boundary uses (``assistant/inputs.py``), without a database."""

from __future__ import annotations

import pytest

from assistant.inputs import (
    BIGINT_MAX,
    InputError,
    field_problems,
    fields_check,
    text_problem,
    text_strip,
    whole_number,
)
from messaging.models import Message, OptOut


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MAX + 1), None),  # past any bigint column
        ("9" * 5000, None),  # never handed to int(), which refuses over 4300 digits
        ("²", None),  # "²".isdigit() is true; int("²") raises
        ("٣", None),  # an Arabic-Indic three: a digit to int(), not to people's forms here
        ("-1", None),
        ("+1", None),
        ("1e3", None),
        ("1_000", None),
        ("", None),
        (None, None),
        (12, None),  # only text is parsed; callers keep ints they already have
    ],
)
def test_a_whole_number_is_ascii_digits_within_a_bigint(text, number):
    assert whole_number(text) == number


def test_a_whole_number_can_be_bounded_lower():
    assert whole_number("999999", maximum=999_999) == 999_999
    assert whole_number("1000000", maximum=999_999) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("fine text, even émoji 😀", ""),
        ("a\x00b", "This holds a NUL character (\\x00), which text cannot hold; remove it."),
        ("a\ud800", "This holds an unpaired surrogate (such as \\ud800), which is not a character; "
         "remove it."),
        ({"to": 3, "body": "ok"}, ""),
        ({"to": 3, "media": ["ok", "\x00"]},
         "At media.1: this holds a NUL character (\\x00), which text cannot hold; remove it."),
        ({"bo\x00dy": "ok"}, "This holds a NUL character (\\x00), which text cannot hold; remove it."),
        (17, ""),
    ],
)  # fmt: skip
def test_text_no_column_can_hold_is_found_anywhere_and_said_in_words(value, problem):
    assert text_problem(value) == problem


def test_stripping_keeps_everything_but_nul_and_lone_surrogates():
    assert text_strip("Meet\x00 at 8 \ud800😀") == "Meet at 8 😀"


def test_lengths_are_held_against_the_models_own_columns():
    assert field_problems(Message, provider_id="SM" + "a" * 98, sender="+14155550101") == {}
    assert field_problems(Message, provider_id="SM" + "a" * 198) == {
        "provider_id": ["This is 200 characters long; it may be at most 100."]
    }
    assert field_problems(Message, body="x" * 100_000) == {}  # a TextField has no limit


def test_a_value_that_does_not_fit_is_a_coded_error_by_field():
    with pytest.raises(InputError) as too_long:
        fields_check(OptOut, number="+1" + "5" * 28)
    assert (too_long.value.code, too_long.value.status) == ("TOO_LONG", 400)
    assert list(too_long.value.details) == ["number"]

    with pytest.raises(InputError) as unsafe:
        fields_check(OptOut, number="+1\x00", keyword="S" * 30)
    assert unsafe.value.code == "UNSAFE_TEXT"
    assert set(unsafe.value.details) == {"number", "keyword"}
