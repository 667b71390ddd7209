"""The tool registry: schemas give field-level errors a person can act on."""

from __future__ import annotations

import pytest
from django.template.loader import get_template

from assistant.models import ACTION_STATUSES, Action
from assistant.tools.registry import TOOLS, tool_get


def test_every_tool_has_a_plain_words_summary_template():
    for name in TOOLS:
        get_template(f"assistant/tools/{name}.txt", using="text")


def test_the_database_check_lists_exactly_the_action_statuses():
    assert Action.Status.values == ACTION_STATUSES


@pytest.mark.parametrize(
    ("tool", "args", "errors"),
    [
        ("send_sms", {"to": "+14155550101"}, {"body": ["This field is required."]}),
        ("send_sms", {"to": 3, "body": ""}, {"body": ["This field may not be empty."]}),
        (
            "send_sms",
            {"to": "+14155550101", "body": "hi", "cc": "x"},
            {"cc": ["This tool takes no such field."]},
        ),
        (
            "send_email",
            {"to": ["a@example.com"], "subject": "Hi", "body": "x" * 50001},
            {"body": ["This is too long: at most 50000 characters."]},
        ),
        (
            "make_call",
            {"to": 1, "message": "hi", "collect_reply": "yes"},
            {"collect_reply": ["This must be true or false."]},
        ),
        (
            "create_task",
            {"title": "x", "due_at": "2026-11-22T10:00:00"},
            {"due_at": ["'2026-11-22T10:00:00' is not a time with an offset, like 2026-11-22T16:00:00+01:00."]},
        ),
        (
            "create_calendar_event",
            {"title": "x", "start": "2026-11-22T10:00:00+00:00", "end": "2026-11-22T11:00:00+00:00", "duration_minutes": 30},
            {"__all__": ["Give either end or duration_minutes, not both."]},
        ),
        ("send_sms", {"to": [1], "body": "hi"}, {"to": ["Give a contact id, an E.164 phone number or an email address."]}),
    ],
)  # fmt: skip
def test_bad_arguments_get_a_sentence_per_field(tool, args, errors):
    assert TOOLS[tool].errors(args) == errors


def test_good_arguments_have_no_errors():
    assert (
        TOOLS["send_email"].errors({"to": [7, "bob@example.com"], "subject": "Hi", "body": "Hello"})
        == {}
    )
    assert (
        TOOLS["create_task"].errors({"title": "Buy milk", "due_at": "2026-11-22T10:00:00+01:00"})
        == {}
    )


def test_a_calendar_event_is_high_risk_only_with_attendees():
    event = TOOLS["create_calendar_event"]
    assert event.base_risk({"title": "Focus"}) == "medium"
    assert event.base_risk({"title": "Lunch", "attendees": [4]}) == "high"


def test_an_unknown_tool_is_not_in_the_registry():
    assert tool_get("transfer_money") is None


def test_recipients_are_read_from_every_person_field():
    assert TOOLS["send_email"].recipients({"to": [1, "a@example.com"], "cc": [2]}) == [
        1,
        "a@example.com",
        2,
    ]
