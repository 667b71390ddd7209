"""Fixtures for the tools: a contact in the team, one in another team, a task to act for,
and ``run``, which approves an action when it waits and executes it in this process (no
worker: the executor is called directly, as the Celery job would)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.engine.actions import action_approve, action_execute
from assistant.models import Action, User
from contacts.models import Contact
from contacts.services import contact_create


@pytest.fixture
def barzini_contact(other_team) -> Contact:
    """A contact of the other team, which the first team's tools must never touch."""
    return contact_create(team=other_team, name="Alice Smith", phones=["+14155550177"])


@pytest.fixture
def run(principal) -> Callable[[Action], Action]:
    def run(action: Action, user: User | None = None) -> Action:
        if action.status == Action.Status.PENDING_APPROVAL:
            action_approve(
                action=action, user=user or principal, via="web", digest=action.decided_digest
            )
        action_execute(action_id=action.pk)
        action.refresh_from_db()
        return action

    return run
