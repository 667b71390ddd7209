"""Fixtures for the engine: contacts to talk to and a task to hang actions on."""

from __future__ import annotations

import pytest

from contacts.services import contact_create
from tasks.services import task_create


@pytest.fixture
def alice(team):
    return contact_create(
        team=team, name="Alice Smith", phones=["+14155550101"], emails=["alice@example.com"],
        time_zone="UTC",
    )  # fmt: skip


@pytest.fixture
def task(team, principal):
    return task_create(team=team, text="Tell Alice I'm late", requested_by=principal)


@pytest.fixture
def daytime(monkeypatch):
    """Pin 'now' to noon UTC so quiet hours (21:00 to 08:00) never hold a message by chance."""
    from datetime import UTC, datetime

    from django.utils import timezone

    noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    return noon
