"""Template helpers for contacts: phone numbers as people read them, time zone names."""

from __future__ import annotations

import functools
import zoneinfo

from django import template

from contacts.phones import phone_display as _phone_display

register = template.Library()


@register.filter
def phone_display(e164: str) -> str:
    """``{{ number|phone_display }}``: ``+14155550101`` as ``+1 415-555-0101``."""
    return _phone_display(e164)


@register.simple_tag
@functools.cache
def time_zone_names() -> list[str]:
    """Every time zone name this system knows, sorted, for a text field's suggestions."""
    return sorted(zoneinfo.available_timezones())
