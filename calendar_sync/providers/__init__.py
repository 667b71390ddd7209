"""Providers calendars talks to: base.py holds the interface; one module per provider."""
