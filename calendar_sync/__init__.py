"""Calendars: OAuth connections (Google, Microsoft), the calendar mirror, availability, events."""
