"""How many SMS segments a text takes: what carriers bill, and what the card shows.

GSM-7 carries 160 characters in one segment and 153 per segment when split (the rest of
each segment holds the joining header); its extension characters take two places. Any
character outside GSM-7 makes the whole text UCS-2: 70 UTF-16 code units, 67 when split.
"""

from __future__ import annotations

import math

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def sms_encoding(text: str) -> str:
    """``gsm7`` when every character fits GSM-7, else ``ucs2``."""
    return "gsm7" if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text) else "ucs2"


def sms_segments(text: str) -> int:
    """The number of segments ``text`` is sent in (at least 1)."""
    if sms_encoding(text) == "gsm7":
        units, single, part = sum(2 if c in GSM7_EXTENSION else 1 for c in text), 160, 153
    else:
        units, single, part = len(text.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else math.ceil(units / part)
