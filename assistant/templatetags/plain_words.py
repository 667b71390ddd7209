"""Filters that turn machine values into plain words, for summaries people approve."""

from __future__ import annotations

from datetime import datetime

from django import template

register = template.Library()

DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
             "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip


@register.filter
def when(value: object) -> str:
    """``2026-11-25T15:00:00-05:00`` as ``Wed 25 Nov 2026 15:00 (UTC-05:00)``; other values as
    they are. The offset stays: an approver may live in another zone than the requester."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return moment.strftime("%a %-d %b %Y %H:%M")
    offset = moment.strftime("%z")
    zone = "UTC" if offset == "+0000" else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment.strftime('%a %-d %b %Y %H:%M')} ({zone})"


@register.filter
def repeat(rule: object) -> str:
    """An RRULE in words: ``FREQ=WEEKLY;BYDAY=MO,TH`` as ``every Monday and Thursday``."""
    if not isinstance(rule, str) or not rule:
        return ""
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    frequency, days = parts.get("FREQ", ""), parts.get("BYDAY", "")
    if parts.keys() - {"FREQ", "BYDAY", "BYMONTHDAY"}:
        return f"by the rule {rule}"
    if frequency == "DAILY" and not days:
        return "every day"
    if frequency == "WEEKLY" and days:
        chosen = days.split(",")
        if set(chosen) == {"MO", "TU", "WE", "TH", "FR"}:
            return "every weekday"
        if set(chosen) == {"SA", "SU"}:
            return "every weekend day"
        if all(day in DAY_NAMES for day in chosen):
            names = [DAY_NAMES[day] for day in chosen]
            return "every " + (" and ".join(names) if len(names) < 3 else
                               ", ".join(names[:-1]) + " and " + names[-1])  # fmt: skip
    if frequency == "WEEKLY" and not days:
        return "every week"
    if frequency == "MONTHLY" and parts.get("BYMONTHDAY", "").isdigit() and not days:
        return f"on day {parts['BYMONTHDAY']} of every month"
    if frequency == "MONTHLY" and not days:
        return "every month"
    if frequency == "YEARLY" and not days:
        return "every year"
    return f"by the rule {rule}"
