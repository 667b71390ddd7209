"""Reading times out of what people say, in their own time zone, with no network.

``when_find(text, now)`` finds the time expressions in a clause ("tomorrow at 3",
"every weekday at 7:30", "in 2 hours", "by Friday", "December 3rd") and returns them with
the text they occupied, so the caller can take them out of a reminder's or a to-do's words.
Absolute dates go through python-dateutil; the rest is a small grammar of the phrasings
people use, which keeps a request's parse well under a millisecond.

Conventions (the planner corpus checks them): a date without a time is 09:00; morning 09:00,
noon 12:00, afternoon 14:00, evening 18:00, tonight 20:00; an hour without am/pm is pm from 1
to 6 and am from 7 to 11; a weekday name means the first such day after today; a clock time
without a date is today when still ahead, else tomorrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil import parser as dateutil_parser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?"
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
           "ninety": 90}  # fmt: skip
PARTS = {"morning": time(9), "noon": time(12), "afternoon": time(14), "evening": time(18),
         "tonight": time(20), "night": time(20), "midnight": time(0)}  # fmt: skip
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
)  # fmt: skip
# At most four ASCII digits: "in 99999999999999999999 minutes" is no time (timedelta overflows).
_NUM = r"(?:[0-9]{1,4}|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty-five|ninety)"


def _weekday(word: str) -> int:
    word = word.casefold()
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word[:3]))


def _number(word: str) -> int:
    word = word.casefold()
    return int(word) if word.isdigit() else NUMBERS[word]


@dataclass
class When:
    """What a clause says about time; ``spans`` are the (start, end) of the words used."""

    day: date | None = None
    clock: time | None = None
    part: str = ""  # morning, afternoon... (no clock given)
    delta: timedelta | None = None
    rrule: str = ""
    week: str = ""  # "this" or "next" (a whole week, for free-slot windows)
    duration_minutes: int | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.day or self.clock or self.part or self.delta or self.rrule or self.week)

    @property
    def assumed_time(self) -> bool:
        """True when a time of day was filled in by convention (a bare date)."""
        return not (self.clock or self.part or self.delta)


_PREP = r"(?:(?:on|by|at|for|from|until|before|starting|this|next|coming)\s+)*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "monthday_rule",
        re.compile(
            r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(?:every|each)\s+month\b", re.I
        ),
    ),
    (
        "every_days",
        re.compile(
            rf"\b(?:every|each|on)\s+({_DAY}s?(?:\s*(?:,|and|&)\s*(?:{_DAY})s?)*)"
            r"(?:\s+(morning|afternoon|evening|night))?\b",
            re.I,
        ),
    ),
    (
        "every",
        re.compile(
            r"\b(?:every|each)\s+(day|weekday|weekend|week|month|morning|evening|night)s?\b"
            r"|\b(daily|weekly|monthly|nightly|weekdays|on\s+weekdays|weekends|on\s+weekends)\b"
            r"(?=\s*(?:$|[,.!?]|at\b|on\b|from\b|starting\b|in\b|to\b|until\b|before\b|remind))",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            rf"\bin\s+(?:(half)\s+an\s+hour|({_NUM})\s+(minutes?|mins?|hours?|hrs?|days?|weeks?))\b",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"\bfor\s+(?:(half)\s+an\s+hour|({_NUM})\s+(minutes?|mins?|hours?|hrs?))\b"
            r"|\b([0-9]{1,4}|an?|one|two|half)[- ](minute|min|hour|hr)s?\b",
            re.I,
        ),
    ),
    ("week", re.compile(r"\b(this|next)\s+week\b", re.I)),
    (
        "today",
        re.compile(
            r"\b(?:(?:by|on|for|until|before)\s+)?(today|tonight|tomorrow|tmrw|tmr)"
            r"(?:\s+(morning|afternoon|evening|night))?\b",
            re.I,
        ),
    ),
    ("this_part", re.compile(r"\b(?:this|in\s+the)\s+(morning|afternoon|evening)\b", re.I)),
    ("weekday", re.compile(rf"\b{_PREP}({_DAY})(?:\s+(morning|afternoon|evening|night))?\b", re.I)),
    (
        "month_date",
        re.compile(
            rf"\b{_PREP}(?:the\s+)?(?:({_MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})"
            rf"(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS}))(?:,?\s+(\d{{4}}))?\b",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(
            r"\b(?:on\s+|by\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\s+(?:every|each))", re.I
        ),
    ),
    ("numeric_date", re.compile(rf"\b{_PREP}(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{2,4}}))?\b", re.I)),
    (
        "clock",
        re.compile(
            r"\b(?:at\s+|@\s*|by\s+|from\s+)?(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)(?![a-z])"
            r"|\b(?:at|@|by|from)\s+(\d{1,2})(?::(\d{2}))?\b(?!\s*(?:minutes?|hours?|%|/))"
            r"|\b(\d{1,2}):(\d{2})\b",
            re.I,
        ),
    ),
    ("noon", re.compile(r"\b(?:at\s+)?(noon|midday|midnight)\b", re.I)),
]


def _hour(hour: int, minute: int, meridiem: str, part: str) -> time:
    meridiem = meridiem.replace(".", "").casefold()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    elif not meridiem and (1 <= hour <= 6 or (part in {"afternoon", "evening", "tonight",
                                                       "night"} and hour < 12)):  # fmt: skip
        hour += 12
    return time(hour % 24, minute)


def _rrule_days(words: str) -> str:
    days = re.findall(_DAY, words, re.I)
    ordered = sorted({_weekday(d) for d in days})
    return "FREQ=WEEKLY;BYDAY=" + ",".join(RRULE_DAYS[i] for i in ordered)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def when_find(text: str, now: datetime) -> When:
    """Every time expression in ``text`` (``now`` aware, in the person's zone)."""
    when = When()
    today = now.date()
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not _free(when.spans, match.start(), match.end()):
                continue
            if _apply(when, kind, match, today):
                when.spans.append((match.start(), match.end()))
    return when


def _apply(when: When, kind: str, m: re.Match[str], today: date) -> bool:
    g = m.groups()
    if kind == "monthday_rule":
        when.rrule = f"FREQ=MONTHLY;BYMONTHDAY={int(g[0])}"
    elif kind == "every_days":
        if not m.group(0).casefold().startswith(("every", "each")) and not g[0].endswith("s"):
            return False  # "on Friday" is a date, not a rule
        when.rrule = _rrule_days(g[0])
        when.part = (g[1] or "").casefold() or when.part
    elif kind == "every":
        if when.rrule:
            return False
        word = (g[0] or g[1]).casefold().replace("on ", "")
        when.rrule = {
            "day": "FREQ=DAILY", "daily": "FREQ=DAILY", "night": "FREQ=DAILY",
            "nightly": "FREQ=DAILY", "morning": "FREQ=DAILY", "evening": "FREQ=DAILY",
            "weekday": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "weekend": "FREQ=WEEKLY;BYDAY=SA,SU", "weekends": "FREQ=WEEKLY;BYDAY=SA,SU",
            "week": "FREQ=WEEKLY", "weekly": "FREQ=WEEKLY",
            "month": "FREQ=MONTHLY", "monthly": "FREQ=MONTHLY",
        }[word]  # fmt: skip
        if word in {"morning", "evening", "night"}:
            when.part = when.part or word
    elif kind == "duration":
        if g[0]:
            when.duration_minutes = 30
        elif g[1]:
            amount = _number(g[1])
            when.duration_minutes = amount * (60 if g[2].casefold().startswith("h") else 1)
        else:
            amount = 0.5 if g[3].casefold() == "half" else _number(g[3])
            when.duration_minutes = int(amount * (60 if g[4].casefold().startswith("h") else 1))
    elif kind == "relative":
        if g[0]:
            when.delta = timedelta(minutes=30)
        else:
            amount, unit = _number(g[1]), g[2].casefold()
            unit_names = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
            when.delta = timedelta(**{unit_names[unit[0]]: amount})
    elif kind == "week":
        when.week = g[0].casefold()
    elif kind == "today":
        word = g[0].casefold()
        when.day = today if word in {"today", "tonight"} else today + timedelta(days=1)
        when.part = (g[1] or "").casefold() or ("tonight" if word == "tonight" else when.part)
    elif kind == "this_part":
        when.part = g[0].casefold()
        when.day = when.day or today
    elif kind == "weekday":
        if when.day:
            return False
        ahead = (_weekday(g[0]) - today.weekday()) % 7 or 7
        when.day = today + timedelta(days=ahead)
        when.part = (g[1] or "").casefold() or when.part
    elif kind == "month_day":
        if when.day:
            return False
        found_day = _next_month_day(today, int(g[0]))
        if found_day is None:
            return False
        when.day = found_day
    elif kind in {"month_date", "numeric_date"}:
        if when.day:
            return False
        try:
            if kind == "month_date":
                month, day_text = (g[0], g[1]) if g[0] else (g[3], g[2])
                parsed = dateutil_parser.parse(f"{month} {day_text}", default=datetime(2000, 1, 1))
                month_number, day_number, year = parsed.month, parsed.day, g[4]
            else:
                month_number, day_number, year = int(g[0]), int(g[1]), g[2]
            year_number = int(year) + (2000 if year and len(year) == 2 else 0) if year else None
            found = date(year_number or today.year, month_number, day_number)
        except (ValueError, OverflowError):
            return False
        if year_number is None and found < today:
            found = found.replace(year=today.year + 1)
        when.day = found
    elif kind == "clock":
        if when.clock:
            return False
        hour, minute, meridiem = (
            (g[0], g[1], g[2]) if g[0] else (g[3], g[4], "") if g[3] else (g[5], g[6], "")
        )
        if int(hour) > 23 or int(minute or 0) > 59:
            return False
        when.clock = _hour(int(hour), int(minute or 0), meridiem or "", when.part)
    elif kind == "noon":
        when.clock = time(0) if g[0].casefold() == "midnight" else time(12)
    return True


def _next_month_day(today: date, day: int) -> date | None:
    """The next date falling on day ``day`` of a month ("on the 3rd"), today excluded."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate and candidate > today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def when_instant(when: When, now: datetime) -> datetime | None:
    """The one moment ``when`` names (the first occurrence of a rule), or None."""
    zone = now.tzinfo
    if when.delta is not None:
        return now + when.delta
    clock = when.clock
    if (
        clock is not None
        and when.part in {"afternoon", "evening", "tonight", "night"}
        and (clock.hour < 12)
    ):
        clock = time(clock.hour + 12, clock.minute)
    clock = clock or PARTS.get(when.part) or (time(9) if (when.day or when.rrule) else None)
    if clock is None:
        return None
    if when.day:
        return datetime.combine(when.day, clock, tzinfo=zone)
    first = datetime.combine(now.date(), clock, tzinfo=zone)
    if first <= now:
        first += timedelta(days=1)
    if when.rrule:
        first = _first_occurrence(when.rrule, first)
    return first


def _first_occurrence(rule: str, start: datetime) -> datetime:
    if "BYDAY=" in rule:
        days = {RRULE_DAYS.index(d) for d in rule.split("BYDAY=")[1].split(",")}
        while start.weekday() not in days:
            start += timedelta(days=1)
    elif "BYMONTHDAY=" in rule:
        wanted = int(rule.split("BYMONTHDAY=")[1])
        while start.day != wanted:
            start += timedelta(days=1)
    return start


def when_range(when: When, now: datetime, *, kind: str) -> tuple[datetime, datetime] | None:
    """The span ``when`` names, for availability (``kind="free"``), an agenda (``"day"``) or
    a free-slot search (``"window"``)."""
    zone = now.tzinfo
    if when.week:
        monday = now.date() - timedelta(days=now.weekday())
        if when.week == "next":
            monday += timedelta(days=7)
        start = max(now, datetime.combine(monday, time(9), tzinfo=zone))
        return start, datetime.combine(monday + timedelta(days=4), time(17), tzinfo=zone)
    if kind == "free" and (when.clock or when.delta):
        start = when_instant(when, now)
        return (start, start + timedelta(hours=1)) if start else None
    day = when.day or (now.date() if when.part else None)
    if day is None:
        return None
    if kind == "day":
        begin = datetime.combine(day, time(0), tzinfo=zone)
        return begin, begin + timedelta(days=1)
    hours = {"morning": (9, 12), "afternoon": (12, 17), "evening": (17, 21), "tonight": (17, 21),
             "night": (17, 21)}.get(when.part, (9, 17))  # fmt: skip
    return (
        datetime.combine(day, time(hours[0]), tzinfo=zone),
        datetime.combine(day, time(hours[1]), tzinfo=zone),
    )


def text_without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the ``spans`` cut out and the spaces tidied."""
    kept, last = [], 0
    for start, end in sorted(spans):
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return re.sub(r"\s{2,}", " ", "".join(kept)).strip()
