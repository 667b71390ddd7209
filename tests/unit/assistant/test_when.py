"""Reading times out of words (``assistant/planning/llm/when.py``), in the person's zone, offline."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.planning.llm.when import text_without, when_find, when_instant, when_range

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 9, 15, tzinfo=ZONE)  # a Tuesday


def at(text: str) -> datetime | None:
    return when_instant(when_find(text, NOW), NOW)


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow at 3", local(2026, 11, 25, 15, 0)),
        ("at 8", local(2026, 11, 25, 8, 0)),  # 08:00 today has passed
        ("at 10:30", local(2026, 11, 24, 10, 30)),  # still ahead today
        ("at 12am", local(2026, 11, 25, 0, 0)),
        ("tonight", local(2026, 11, 24, 20, 0)),
        ("tomorrow evening at 7", local(2026, 11, 25, 19, 0)),
        ("on Tuesday", local(2026, 12, 1, 9, 0)),  # today is Tuesday: the next one
        ("next Friday at 2:15pm", local(2026, 11, 27, 14, 15)),
        ("in 3 days", local(2026, 11, 27, 9, 15)),
        ("in half an hour", local(2026, 11, 24, 9, 45)),
        ("on March 3rd", local(2027, 3, 3, 9, 0)),  # already past this year: next year
        ("on 12/3/2027 at noon", local(2027, 12, 3, 12, 0)),
        ("3 December", local(2026, 12, 3, 9, 0)),
    ],
)
def test_a_time_expression_names_one_moment_in_the_persons_zone(text, expected):
    assert at(text) == expected


@pytest.mark.parametrize(
    ("text", "rule", "first"),
    [
        ("every weekday at 7:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", local(2026, 11, 25, 7, 30)),
        ("every weekend at 10am", "FREQ=WEEKLY;BYDAY=SA,SU", local(2026, 11, 28, 10, 0)),
        ("every Monday and Thursday", "FREQ=WEEKLY;BYDAY=MO,TH", local(2026, 11, 26, 9, 0)),
        ("on the 1st of every month", "FREQ=MONTHLY;BYMONTHDAY=1", local(2026, 12, 1, 9, 0)),
        ("daily at 6pm", "FREQ=DAILY", local(2026, 11, 24, 18, 0)),
    ],
)
def test_a_repeat_becomes_an_rrule_and_its_first_time(text, rule, first):
    when = when_find(text, NOW)
    assert when.rrule == rule
    assert when_instant(when, NOW) == first


def test_a_word_like_weekly_inside_a_title_is_not_a_repeat():
    assert when_find("send the weekly report", NOW).rrule == ""


def test_an_impossible_date_is_not_read_as_a_time():
    assert not when_find("on February 30", NOW).day


def test_the_words_of_a_time_come_out_of_the_text():
    when = when_find("remind me every weekday at 7:30 to review the inbox", NOW)
    assert text_without("remind me every weekday at 7:30 to review the inbox", when.spans) == (
        "remind me to review the inbox"
    )


def test_ranges_for_a_calendar_question():
    afternoon = when_find("tomorrow afternoon", NOW)
    assert when_range(afternoon, NOW, kind="free") == (
        local(2026, 11, 25, 12, 0),
        local(2026, 11, 25, 17, 0),
    )
    assert when_range(when_find("next week", NOW), NOW, kind="window") == (
        local(2026, 11, 30, 9, 0),
        local(2026, 12, 4, 17, 0),
    )
    assert when_range(when_find("Friday", NOW), NOW, kind="day") == (
        local(2026, 11, 27, 0, 0),
        local(2026, 11, 28, 0, 0),
    )


def test_a_duration_is_read_in_minutes():
    assert when_find("a 45-minute meeting", NOW).duration_minutes == 45
    assert when_find("for an hour", NOW).duration_minutes == 60
    assert when_find("block 2 hours", NOW).duration_minutes == 120
