"""Machine values in plain words for the summaries people approve."""

from __future__ import annotations

import pytest

from assistant.templatetags.plain_words import repeat, when


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-11-25T15:00:00-05:00", "Wed 25 Nov 2026 15:00 (UTC-05:00)"),
        ("2026-11-25T15:00+00:00", "Wed 25 Nov 2026 15:00 (UTC)"),
        ("2026-12-01T09:30:00+05:30", "Tue 1 Dec 2026 09:30 (UTC+05:30)"),
        ("not a time", "not a time"),
        (None, ""),
    ],
)
def test_a_time_reads_as_a_day_an_hour_and_its_offset(value, words):
    assert when(value) == words


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        ("FREQ=WEEKLY;BYDAY=SA,SU", "every weekend day"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday"),
        ("FREQ=WEEKLY", "every week"),
        ("RRULE:FREQ=MONTHLY;BYMONTHDAY=1", "on day 1 of every month"),
        ("FREQ=MONTHLY", "every month"),
        ("FREQ=WEEKLY;INTERVAL=2", "by the rule FREQ=WEEKLY;INTERVAL=2"),
        ("", ""),
    ],
)
def test_a_repeat_rule_reads_as_words_or_says_it_is_a_rule(rule, words):
    assert repeat(rule) == words
