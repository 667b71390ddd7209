"""Reads for the core: the teams a user belongs to and the system's health."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError
from django.utils import timezone

from assistant.brokers import broker_ping
from assistant.models import Heartbeat, Membership, User


def memberships_for_user(*, user: User) -> list[Membership]:
    """The user's memberships with their teams, in team-name order (one query)."""
    return list(Membership.objects.filter(user=user).select_related("team"))


def membership_current(*, memberships: list[Membership], team_id: int | None) -> Membership | None:
    """The membership for the team the user last chose, else their first team, else None."""
    for membership in memberships:
        if membership.team_id == team_id:
            return membership
    return memberships[0] if memberships else None


@dataclass(frozen=True)
class Health:
    database: str | None  # None when fine, else the reason it is not
    broker: str | None
    heartbeat_age_seconds: int | None

    @property
    def ok(self) -> bool:
        return self.database is None and self.broker is None

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {
            "status": "ok" if self.ok else "error",
            "database": "ok" if self.database is None else "down",
            "broker": "ok" if self.broker is None else "down",
            "heartbeat_age_seconds": self.heartbeat_age_seconds,
        }
        errors = {k: v for k, v in (("database", self.database), ("broker", self.broker)) if v}
        if errors:
            body["errors"] = errors
        return body


def system_health() -> Health:
    """Ask the database and the broker whether they answer; read the last beat heartbeat."""
    database_error = None
    heartbeat_age = None
    try:  # reading the heartbeat is the database check
        heartbeat = Heartbeat.objects.filter(name="beat").first()
        if heartbeat:
            heartbeat_age = int((timezone.now() - heartbeat.seen_at).total_seconds())
    except DatabaseError as error:
        database_error = f"{type(error).__name__}: {error}".strip()
    return Health(
        database=database_error, broker=broker_ping(), heartbeat_age_seconds=heartbeat_age
    )
