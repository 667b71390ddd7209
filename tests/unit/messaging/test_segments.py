"""SMS segments as carriers count them: GSM-7 160/153, extension characters count twice,
anything else makes the whole text UCS-2 at 70/67 UTF-16 units."""

from __future__ import annotations

import pytest

from messaging.segments import sms_encoding, sms_segments


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("Running late", "gsm7", 1),
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),
        ("a" * 306, "gsm7", 2),
        ("a" * 307, "gsm7", 3),
        ("[" * 80, "gsm7", 1),  # 80 extension characters take 160 places
        ("[" * 81, "gsm7", 2),
        ("Café à 8h ¿Qué tal?", "gsm7", 1),
        ("Running late 🙏", "ucs2", 1),
        ("é" * 10 + "ł" * 60, "ucs2", 1),
        ("ł" * 71, "ucs2", 2),
        ("🙏" * 35, "ucs2", 1),  # each emoji is two UTF-16 units: 70
        ("🙏" * 36, "ucs2", 2),
    ],
)
def test_segments_are_counted_as_carriers_bill_them(text, encoding, segments):
    assert sms_encoding(text) == encoding
    assert sms_segments(text) == segments
