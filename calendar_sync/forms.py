"""Forms of calendars."""

from __future__ import annotations
