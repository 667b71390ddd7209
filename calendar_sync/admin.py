"""Django admin for calendars."""

from __future__ import annotations
