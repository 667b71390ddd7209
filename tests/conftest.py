"""Fixtures every tier shares: named personas, and the per-tier test counts.

Personas (integration and browser tiers; they need the database):
- ``principal``: owner of the Corleone Family team, the person Consigliere works for;
- ``teammate``: a member of the same team;
- ``team_admin``: an admin of the same team;
- ``outsider``: owner of another team, who must never see the first team's data.
Every persona's password is ``PASSWORD``.
"""

from __future__ import annotations

from collections import Counter

import pytest

PASSWORD = "correct horse battery staple"
TIERS = ("unit", "integration", "browser")


def _tier(nodeid: str) -> str:
    parts = nodeid.split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "tests" and parts[1] in TIERS else "other"


class TierCounter:
    """Counts outcomes per tier (works under pytest-xdist: reports reach the controller)."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {tier: Counter() for tier in TIERS}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tier = _tier(report.nodeid)
        counts = self.counts.setdefault(tier, Counter())
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            counts[report.outcome] += 1
        elif report.when == "teardown" and report.outcome == "failed":
            counts["error"] += 1

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        terminalreporter.section("tests run per tier")
        terminalreporter.write_line(f"{'tier':<12}{'passed':>8}{'failed':>8}{'skipped':>9}")
        for tier, counts in self.counts.items():
            if tier == "other" and not counts:
                continue
            terminalreporter.write_line(
                f"{tier:<12}{counts['passed']:>8}{counts['failed'] + counts['error']:>8}"
                f"{counts['skipped']:>9}"
            )


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist)
        config.pluginmanager.register(TierCounter(), "tier-counter")


@pytest.fixture
def team(db):
    from assistant.models import Membership, User
    from assistant.services import membership_set, team_create

    principal = User.objects.create_user(
        email="vito@example.com", password=PASSWORD, first_name="Vito", last_name="Corleone"
    )
    team = team_create(name="Corleone Family", owner=principal, slug="corleone-family")
    teammate = User.objects.create_user(
        email="michael@example.com", password=PASSWORD, first_name="Michael"
    )
    membership_set(team=team, user=teammate, role=Membership.Role.MEMBER)
    admin = User.objects.create_user(email="tom@example.com", password=PASSWORD, first_name="Tom")
    membership_set(team=team, user=admin, role=Membership.Role.ADMIN)
    _no_undo_window(team)
    return team


def _no_undo_window(team) -> None:
    """Approved messages go at once in tests; the tests of Undo set a window themselves."""
    from assistant.models import UserAgentSettings

    for membership in team.memberships.all():
        UserAgentSettings.objects.update_or_create(
            membership=membership, defaults={"undo_seconds": 0}
        )


@pytest.fixture
def principal(team):
    return team.memberships.get(role="owner").user


@pytest.fixture
def teammate(team):
    return team.memberships.get(role="member").user


@pytest.fixture
def team_admin(team):
    return team.memberships.get(role="admin").user


@pytest.fixture
def other_team(db):
    from assistant.models import User
    from assistant.services import team_create

    owner = User.objects.create_user(
        email="emilio@example.com", password=PASSWORD, first_name="Emilio", last_name="Barzini"
    )
    other = team_create(name="Barzini Family", owner=owner, slug="barzini-family")
    _no_undo_window(other)
    return other


@pytest.fixture
def outsider(other_team):
    return other_team.memberships.get(role="owner").user


@pytest.fixture
def no_quiet_hours(team):
    """Tests run at any hour: an empty quiet window (00:00 to 00:00) never holds a message."""
    from datetime import time

    from assistant.models import TeamPolicy

    TeamPolicy.objects.update_or_create(
        team=team, defaults={"quiet_hours_start": time(0), "quiet_hours_end": time(0)}
    )
