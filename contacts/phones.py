"""Phone numbers: everything stored is E.164 (PROMISES.md #16), parsed with libphonenumber."""

from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError


def phone_normalize(value: str, *, region: str | None = None) -> str:
    """Return ``value`` as E.164 (``+14155550101``) or raise ``ValidationError``.

    A number without a ``+`` country code is read in ``region`` (default
    ``settings.PHONE_DEFAULT_REGION``). Numbers that cannot exist are refused.
    """
    text = (value or "").strip()
    if not text:
        raise ValidationError("Enter a phone number.", code="phone_empty")
    try:
        number = phonenumbers.parse(text, region or settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "%(value)s is not a phone number; write it with its country code, "
            "like +1 415 555 0101.",
            code="phone_invalid",
            params={"value": text},
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "%(value)s is not a valid phone number; check the digits and the country code.",
            code="phone_invalid",
            params={"value": text},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """E.164 as people read it: ``+1 415-555-0101``."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def looks_like_phone(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 7 and all(ch.isdigit() or ch in "+-(). " for ch in text.strip())
