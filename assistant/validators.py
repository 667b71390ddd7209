from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        raise ValidationError(
            "%(value)s is not a time zone; use a name such as Europe/London or America/New_York.",
            code="invalid_time_zone",
            params={"value": value},
        ) from None
