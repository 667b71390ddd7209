"""Small pieces of the core that need neither database nor network."""

from __future__ import annotations

import pytest

from assistant.approvals.forms import TeamSwitchForm
from assistant.approvals.selectors import Health


def test_health_is_ok_only_when_database_broker_and_beat_all_answer():
    assert Health(database=None, broker=None, heartbeat_age_seconds=3).as_json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "beat": "ok",
        "heartbeat_age_seconds": 3,
        "clock_offset_seconds": 0.0,
        "worker_clock_offset_seconds": None,
    }
    late = Health(database=None, broker=None, heartbeat_age_seconds=121).as_json()
    assert (late["status"], late["beat"]) == ("error", "late")
    assert Health(database=None, broker=None, heartbeat_age_seconds=120).ok
    down = Health(database=None, broker="ConnectionError: refused", heartbeat_age_seconds=None)
    assert down.as_json()["status"] == "error"
    assert down.as_json()["errors"] == {"broker": "ConnectionError: refused"}


@pytest.mark.parametrize(
    ("next_url", "kept"),
    [("/teams/3/", "/teams/3/"), ("https://evil.example/", ""), ("//evil.example", ""), ("", "")],
)
def test_the_team_switcher_only_returns_to_pages_of_this_site(next_url, kept):
    form = TeamSwitchForm({"team": "3", "next": next_url})
    assert form.is_valid()
    assert form.cleaned_data["next"] == kept


def test_the_team_switcher_needs_a_team_id():
    assert not TeamSwitchForm({"team": "not a number"}).is_valid()
