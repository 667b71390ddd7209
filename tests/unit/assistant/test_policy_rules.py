"""The policy's rules (``assistant.policy.rules.policy_evaluate``), one case per reason code.

Every case hands the pure function its facts: ``Effective`` settings built by the module's own
layer merge (``_effective``) from unsaved ``TeamPolicy`` and ``UserAgentSettings`` rows,
``Recipient`` values around unsaved contacts, and a fixed ``now``. No database: every call goes
through ``evaluate``, which fails the test on any attempt to reach one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from assistant.models import TeamPolicy, UserAgentSettings
from assistant.policy.rules import (
    REASON_TEXT,
    Decision,
    Effective,
    Facts,
    _effective,
    _missing_requirement,
    policy_evaluate,
)
from assistant.tools.recipients import Recipient
from assistant.tools.registry import (
    CHANNELS,
    PERSON,
    RISK_ORDER,
    TOOLS,
    Channel,
    Requirement,
    Tool,
    object_schema,
)
from calendar_sync.tools import CALENDAR
from contacts.models import Contact

DAY = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # mid-afternoon: no quiet hours anywhere used
NIGHT = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)
ACTORS = ("user", "external", "unverified")
OUTCOME_ORDER = ("auto", "approval", "deny")


# --- Facts by hand ---------------------------------------------------------------------------


@contextmanager
def no_queries() -> Iterator[None]:
    """Fail on any attempt to connect to the database or run a query, even one the code
    under test catches: the attempt is recorded and checked on the way out."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(repr(args[1:]))
        raise AssertionError("policy_evaluate touched the database")

    with (
        patch.object(BaseDatabaseWrapper, "ensure_connection", refuse),
        patch.object(CursorWrapper, "execute", refuse),
        patch.object(CursorWrapper, "executemany", refuse),
    ):
        yield
    assert not attempts, f"policy_evaluate touched the database: {attempts}"


def effective(
    policy: TeamPolicy | None = None, mine: UserAgentSettings | None = None, **changes: Any
) -> Effective:
    """The settings the layers give (the models' defaults unless given), then ``changes``."""
    return replace(_effective(policy or TeamPolicy(), mine or UserAgentSettings()), **changes)


def facts(settings: Effective | None = None, **more: Any) -> Facts:
    return Facts(**{"settings": settings or effective(), "is_member": True, "team_zone": "UTC",
                    **more})  # fmt: skip


def contact(pk: int = 7, name: str = "Luca Brasi", zone: str = "UTC", **flags: bool) -> Contact:
    """A contact as the facts loader would have read it (with a pk and a team), unsaved, so any
    lazy relation the policy followed would try a query and fail the test."""
    return Contact(pk=pk, team_id=1, name=name, time_zone=zone, **flags)


def known(address: str = "+14155550101", **kwargs: Any) -> Recipient:
    return Recipient(contact=contact(**kwargs), address=address)


def stranger(address: str = "+14155550199") -> Recipient:
    return Recipient(contact=None, address=address)


def evaluate(
    tool: Tool | str,
    args: Any,
    *,
    facts: Facts,
    confidence: float = 0.9,
    actor: str = "user",
    now: datetime = DAY,
) -> Decision:
    """``policy_evaluate`` on the registered tool called ``tool`` (or the name of none)."""
    called = TOOLS.get(tool, tool) if isinstance(tool, str) else tool
    with no_queries():
        return policy_evaluate(called, args, confidence, actor, facts, now)


def outcome(decision: Decision) -> tuple[str, str, list[str]]:
    return decision.outcome, decision.risk, decision.reasons


SMS = {"to": 7, "body": "Meet me at the restaurant at noon."}
TASK = {"title": "Buy a cannoli tray"}


# --- Denials ---------------------------------------------------------------------------------


def test_a_team_that_turned_the_assistant_off_denies_every_tool():
    decision = evaluate("create_task", TASK, facts=facts(effective(agent_enabled=False)))

    assert outcome(decision) == ("deny", "low", ["AGENT_DISABLED"])
    assert decision.message == REASON_TEXT["AGENT_DISABLED"]


def test_a_tool_outside_the_teams_allowed_list_is_denied():
    settings = effective(TeamPolicy(allowed_tools=["create_task", "lookup_contact"]))

    decision = evaluate("send_sms", SMS, facts=facts(settings, recipients=(known(),)))

    assert outcome(decision) == ("deny", "high", ["TOOL_NOT_ALLOWED"])
    assert decision.details == {"tool": "send_sms"}


def test_a_tool_on_the_teams_allowed_list_is_not_denied():
    settings = effective(TeamPolicy(allowed_tools=["create_task"]))

    assert outcome(evaluate("create_task", TASK, facts=facts(settings))) == ("auto", "low", [])


@pytest.mark.parametrize("actor", ["user", "unverified"])
def test_someone_who_is_not_a_member_of_the_team_is_denied(actor):
    decision = evaluate("create_task", TASK, facts=facts(is_member=False), actor=actor)

    assert outcome(decision) == ("deny", "low", ["PERMISSION_DENIED"])
    assert decision.message == REASON_TEXT["PERMISSION_DENIED"]


def test_arguments_that_break_the_schema_are_denied_with_a_sentence_per_field():
    decision = evaluate("send_sms", {"to": 7}, facts=facts())

    assert outcome(decision) == ("deny", "high", ["INVALID_ARGS"])
    assert decision.details == {"body": ["This field is required."]}


def test_an_unknown_tool_is_denied_as_invalid_and_high_risk():
    decision = evaluate("launch_the_boat", {"to": "Havana"}, facts=facts())

    assert outcome(decision) == ("deny", "high", ["INVALID_ARGS"])
    assert decision.details == {"tool": ["There is no tool called 'launch_the_boat'."]}


def test_arguments_that_are_not_an_object_are_denied_as_high_risk():
    decision = evaluate("create_task", ["Buy a cannoli tray"], facts=facts())

    assert outcome(decision) == ("deny", "high", ["INVALID_ARGS"])
    assert decision.details == {"__all__": ["This must be a set of fields."]}


def test_a_blocked_topic_in_any_text_argument_is_denied_whatever_its_case():
    settings = effective(TeamPolicy(blocked_topics=["Olive Oil", "  "]))

    decision = evaluate(
        "send_sms", {"to": 7, "body": "The OLIVE OIL shipment is late."},
        facts=facts(settings, recipients=(known(),)),
    )  # fmt: skip

    assert outcome(decision) == ("deny", "high", ["BLOCKED_TOPIC"])
    assert decision.details == {"topics": ["olive oil"]}


def test_an_unmet_requirement_is_denied_with_its_own_code_and_message():
    args = {"title": "Dinner", "start": "2026-03-11T19:00:00+00:00", "duration_minutes": 90}

    decision = evaluate("create_calendar_event", args, facts=facts(unmet=(CALENDAR,)))

    assert outcome(decision) == ("deny", "medium", ["NO_CALENDAR_CONNECTED"])
    assert decision.message == CALENDAR.message
    assert decision.details == {"requires": "calendar"}


def test_only_the_first_unmet_requirement_is_reported():
    missing = _missing_requirement("fax line")
    args = {"start": "2026-03-11T09:00:00+00:00", "end": "2026-03-11T17:00:00+00:00"}

    decision = evaluate("list_events", args, facts=facts(unmet=(missing, CALENDAR)))

    assert outcome(decision) == ("deny", "low", ["REQUIREMENT_MISSING"])
    assert decision.message == "This tool needs a fax line, which nothing here provides."
    assert decision.details == {"requires": "fax line"}


def test_a_requirement_declared_without_a_message_is_still_denied_in_words():
    silent = Requirement(name="vault", code="NO_VAULT", message="", met="")

    decision = evaluate("create_task", TASK, facts=facts(unmet=(silent,)))

    assert outcome(decision) == ("deny", "low", ["NO_VAULT"])
    assert decision.message


def test_a_recipient_that_cannot_be_resolved_is_denied_with_the_resolvers_sentence():
    problem = "There is no contact #99 in this team."

    decision = evaluate("send_sms", {**SMS, "to": 99}, facts=facts(recipient_error=problem))

    assert outcome(decision) == ("deny", "high", ["INVALID_RECIPIENT"])
    assert decision.message == problem


def test_a_contact_who_opted_out_of_the_channel_is_denied():
    recipients = (known(sms_opted_out=True),)

    decision = evaluate("send_sms", SMS, facts=facts(recipients=recipients))

    assert outcome(decision) == ("deny", "high", ["OPTED_OUT"])
    assert decision.details == {"recipients": ["Luca Brasi"]}


def test_an_address_a_fact_provider_reports_as_opted_out_is_denied():
    recipients = (stranger("+14155550199"),)

    decision = evaluate(
        "send_sms", {**SMS, "to": "+14155550199"},
        facts=facts(recipients=recipients, opted_out=frozenset({"+14155550199"})),
    )  # fmt: skip

    assert outcome(decision) == ("deny", "high", ["OPTED_OUT"])  # denied before risk is raised
    assert decision.details == {"recipients": ["+14155550199"]}


def test_a_contact_opted_out_of_texts_may_still_be_emailed():
    recipients = (known("luca@example.com", sms_opted_out=True, calls_opted_out=True),)
    args = {"to": [7], "subject": "Dinner", "body": "Sunday at eight."}

    decision = evaluate("send_email", args, facts=facts(recipients=recipients))

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])


def test_the_teams_daily_limit_reached_is_denied():
    decision = evaluate("send_sms", SMS, facts=facts(recipients=(known(),), sent_today=(100, 3)))

    assert outcome(decision) == ("deny", "high", ["RATE_LIMITED"])
    assert decision.message == REASON_TEXT["RATE_LIMITED"]
    assert decision.details == {"limits": {"channel": "sms", "team": [100, 100], "user": [3, 50]}}


def test_a_members_own_daily_limit_reached_is_denied_in_their_words():
    decision = evaluate("send_sms", SMS, facts=facts(recipients=(known(),), sent_today=(60, 50)))

    assert outcome(decision) == ("deny", "high", ["RATE_LIMITED"])
    assert decision.message == (
        "Your daily limit for this channel (50 a day for each member) is reached; "
        "it starts again at midnight."
    )
    assert decision.details == {"limits": {"channel": "sms", "team": [60, 100], "user": [50, 50]}}


def test_one_below_both_daily_limits_is_not_denied():
    decision = evaluate("send_sms", SMS, facts=facts(recipients=(known(),), sent_today=(99, 49)))

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])


def test_an_outsider_is_held_to_the_teams_limit_but_to_no_members_limit():
    within = facts(is_member=False, recipients=(known(),), sent_today=(10, 50))
    over = facts(is_member=False, recipients=(known(),), sent_today=(100, 0))

    decision = evaluate("send_sms", SMS, facts=within, actor="external")

    assert outcome(decision) == ("approval", "critical", ["CRITICAL_RISK", "EXTERNAL_ACTOR"])
    assert decision.details["limits"] == {"channel": "sms", "team": [10, 100], "user": None}
    assert outcome(evaluate("send_sms", SMS, facts=over, actor="external")) == (
        "deny", "high", ["RATE_LIMITED"],
    )  # fmt: skip


def test_a_channel_whose_settings_give_no_daily_limit_has_no_limit():
    settings = effective(daily_limits={}, user_daily_limits={})
    lots = (10**6, 10**6)

    decision = evaluate("send_sms", SMS, facts=facts(settings, recipients=(known(),),
                                                     sent_today=lots))  # fmt: skip

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])
    assert decision.details["limits"] == {"channel": "sms", "team": [10**6, None],
                                          "user": [10**6, None]}  # fmt: skip


def test_a_registered_channel_without_a_limit_field_on_the_team_policy_has_no_limit(monkeypatch):
    fax = Channel(name="fax", address="phone", quiet_hours=False, contact_opt_out="fax_opted_out",
                  noun="fax", plural="Faxes")  # fmt: skip
    monkeypatch.setitem(CHANNELS, "fax", fax)
    send_fax = Tool(
        name="send_fax", description="Fax someone.", handler="messaging.tools.send_sms",
        schema=object_schema(["to", "body"], to=PERSON, body={"type": "string"}),
        risk="high", channel="fax", notifies=("to",),
    )  # fmt: skip
    settings = effective()

    decision = evaluate(
        send_fax, {"to": "+14155550199", "body": "The papers."},
        facts=facts(settings, recipients=(stranger(),), sent_today=(10**6, 10**6)),
    )  # fmt: skip

    assert "fax" not in settings.daily_limits
    assert "fax" not in settings.user_daily_limits
    assert outcome(decision) == ("approval", "critical", ["CRITICAL_RISK", "NEW_RECIPIENT"])
    assert decision.details["limits"] == {"channel": "fax", "team": [10**6, None],
                                          "user": [10**6, None]}  # fmt: skip


def test_denials_come_in_the_documented_order():
    """Each row breaks its own rule and every rule after it; the first one broken is named."""
    rules: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
        ("AGENT_DISABLED", {"agent_enabled": False}, {}, {}),
        ("TOOL_NOT_ALLOWED", {"allowed_tools": ["create_task"]}, {}, {}),
        ("PERMISSION_DENIED", {}, {"is_member": False}, {}),
        ("INVALID_ARGS", {}, {}, {"cc": "sonny@example.com"}),
        ("BLOCKED_TOPIC", {"blocked_topics": ["olive oil"]}, {}, {}),
        ("NO_CALENDAR_CONNECTED", {}, {"unmet": (CALENDAR,)}, {}),
        ("INVALID_RECIPIENT", {}, {"recipient_error": "Not a number."}, {}),
        ("OPTED_OUT", {}, {"opted_out": frozenset({"+14155550101"})}, {}),
        ("RATE_LIMITED", {}, {"sent_today": (100, 0)}, {}),
    ]
    for first in range(len(rules)):
        settings, more, args = {}, {}, {"to": 7, "body": "The olive oil is here."}
        for _, broken_settings, broken_facts, broken_args in rules[first:]:
            settings |= broken_settings
            more |= broken_facts
            args |= broken_args
        world = facts(effective(**settings), **{"recipients": (known(),), **more})

        assert evaluate("send_sms", args, facts=world).reasons == [rules[first][0]]


# --- Approvals -------------------------------------------------------------------------------


def test_a_low_risk_tool_asked_for_by_a_confident_member_runs_by_itself():
    decision = evaluate("create_task", TASK, facts=facts())

    assert outcome(decision) == ("auto", "low", [])
    assert decision.run_after is None


def test_an_outsiders_read_only_lookup_runs_by_itself():
    decision = evaluate(
        "lookup_contact", {"query": "Luca"}, facts=facts(is_member=False), actor="external"
    )

    assert outcome(decision) == ("auto", "low", [])


def test_a_high_risk_tool_needs_approval():
    decision = evaluate("send_sms", SMS, facts=facts(recipients=(known(),)))

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])


def test_a_recipient_who_is_not_a_contact_makes_the_call_critical():
    decision = evaluate("send_sms", {**SMS, "to": "+14155550199"},
                        facts=facts(recipients=(stranger(),)))  # fmt: skip

    assert outcome(decision) == ("approval", "critical", ["CRITICAL_RISK", "NEW_RECIPIENT"])
    assert decision.details["recipients"] == [
        {"name": "+14155550199", "address": "+14155550199", "new": True, "contact": None}
    ]


@pytest.mark.parametrize(("count", "risk"), [(10, "high"), (11, "critical")])
def test_more_recipients_than_the_team_allows_makes_the_call_critical(count, risk):
    recipients = tuple(
        known(f"p{pk}@example.com", pk=pk, name=f"Caporegime {pk}") for pk in range(1, count + 1)
    )
    args = {"to": list(range(1, count + 1)), "subject": "Sit-down", "body": "Sunday at eight."}

    decision = evaluate("send_email", args, facts=facts(recipients=recipients))

    assert outcome(decision) == ("approval", risk, [f"{risk.upper()}_RISK"])


def test_an_invitation_to_25_people_who_are_not_contacts_is_critical():
    guests = [f"guest{n}@example.com" for n in range(25)]
    args = {"title": "The wedding", "start": "2026-06-20T16:00:00+00:00", "duration_minutes": 300,
            "attendees": guests}  # fmt: skip

    decision = evaluate(
        "create_calendar_event", args, facts=facts(recipients=tuple(map(stranger, guests)))
    )

    assert outcome(decision) == ("approval", "critical", ["CRITICAL_RISK", "NEW_RECIPIENT"])
    assert [r["new"] for r in decision.details["recipients"]] == [True] * 25


def test_a_channel_the_member_always_wants_to_approve_needs_approval():
    settings = effective(mine=UserAgentSettings(always_ask_channels=["sms"]))

    decision = evaluate("send_sms", SMS, facts=facts(settings, recipients=(known(),)))

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK", "USER_ALWAYS_ASK"])


def test_a_medium_risk_tool_needs_approval_unless_the_member_auto_approves_medium():
    args = {"contact": 7, "direction": "we_owe", "what": "A favour on the day of the wedding"}
    auto = effective(mine=UserAgentSettings(auto_approve_medium=True))

    assert outcome(evaluate("record_commitment", args, facts=facts())) == (
        "approval", "medium", ["USER_ALWAYS_ASK"],
    )  # fmt: skip
    assert outcome(evaluate("record_commitment", args, facts=facts(auto))) == ("auto", "medium", [])


def test_a_low_risk_tool_needs_approval_when_the_member_does_not_auto_approve_low():
    settings = effective(mine=UserAgentSettings(auto_approve_low=False))

    decision = evaluate("create_task", TASK, facts=facts(settings))

    assert outcome(decision) == ("approval", "low", ["USER_ALWAYS_ASK"])


def test_a_team_that_forbids_auto_approval_overrides_a_member_who_wants_it():
    settings = effective(
        TeamPolicy(users_may_auto_approve_low=False),
        UserAgentSettings(auto_approve_low=True),
    )

    decision = evaluate("create_task", TASK, facts=facts(settings))

    assert outcome(decision) == ("approval", "low", ["USER_ALWAYS_ASK"])


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [(0.59, ("approval", "low", ["LOW_CONFIDENCE"])), (0.6, ("auto", "low", []))],
)
def test_confidence_below_the_teams_threshold_needs_approval(confidence, expected):
    decision = evaluate("create_task", TASK, facts=facts(), confidence=confidence)

    assert outcome(decision) == expected


def test_a_members_higher_confidence_threshold_wins_over_the_teams():
    settings = effective(
        TeamPolicy(min_confidence=0.6), UserAgentSettings(confidence_threshold=0.8)
    )

    decision = evaluate("create_task", TASK, facts=facts(settings), confidence=0.7)

    assert outcome(decision) == ("approval", "low", ["LOW_CONFIDENCE"])


def test_an_outsiders_request_with_a_side_effect_is_critical():
    decision = evaluate("create_task", TASK, facts=facts(is_member=False), actor="external")

    assert outcome(decision) == ("approval", "critical", ["CRITICAL_RISK", "EXTERNAL_ACTOR"])


def test_a_request_by_text_whose_caller_id_could_be_forged_needs_approval():
    decision = evaluate("create_task", TASK, facts=facts(), actor="unverified")

    assert outcome(decision) == ("approval", "low", ["UNVERIFIED_SENDER"])


def test_a_read_only_request_by_unverified_text_runs_by_itself():
    decision = evaluate("lookup_contact", {"query": "Luca"}, facts=facts(), actor="unverified")

    assert outcome(decision) == ("auto", "low", [])


def test_every_reason_for_approval_is_listed_risk_first_and_confidence_last():
    settings = effective(mine=UserAgentSettings(always_ask_channels=["sms"]))

    decision = evaluate(
        "send_sms", {**SMS, "to": "+14155550199"}, facts=facts(settings, recipients=(stranger(),)),
        confidence=0.1, actor="unverified",
    )  # fmt: skip

    assert outcome(decision) == ("approval", "critical", [
        "CRITICAL_RISK", "NEW_RECIPIENT", "USER_ALWAYS_ASK", "UNVERIFIED_SENDER", "LOW_CONFIDENCE",
    ])  # fmt: skip


def test_a_reason_given_twice_is_listed_once():
    settings = effective(mine=UserAgentSettings(always_ask_channels=["email"]))
    args = {"title": "Quiet dinner", "start": "2026-03-11T19:00:00+00:00", "duration_minutes": 90}

    decision = evaluate("create_calendar_event", args, facts=facts(settings))

    assert outcome(decision) == ("approval", "medium", ["USER_ALWAYS_ASK"])


# --- Quiet hours ----------------------------------------------------------------------------


def test_a_text_at_night_to_a_stranger_waits_for_the_end_of_the_teams_quiet_hours():
    decision = evaluate(
        "send_sms", {**SMS, "to": "+14155550199"},
        facts=facts(team_zone="Europe/Rome", recipients=(stranger(),)), now=NIGHT,
    )  # fmt: skip

    assert outcome(decision) == ("approval", "critical", ["CRITICAL_RISK", "NEW_RECIPIENT"])
    assert decision.run_after == datetime(2026, 3, 11, 8, 0, tzinfo=ZoneInfo("Europe/Rome"))


def test_a_call_waits_for_the_end_of_quiet_hours_in_the_contacts_own_zone():
    in_los_angeles = known(zone="America/Los_Angeles")
    evening_there = datetime(2026, 7, 1, 6, 0, tzinfo=UTC)  # 23:00 in Los Angeles

    decision = evaluate(
        "make_call", {"to": 7, "message": "The meeting is at noon."},
        facts=facts(recipients=(in_los_angeles,)), now=evening_there,
    )  # fmt: skip

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])
    assert decision.run_after == datetime(2026, 7, 1, 15, 0, tzinfo=UTC)  # 08:00 there


def test_a_text_in_the_day_is_not_held():
    decision = evaluate("send_sms", SMS, facts=facts(recipients=(known(),)), now=DAY)

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])
    assert decision.run_after is None


def test_an_email_at_night_is_not_held_because_email_has_no_quiet_hours():
    args = {"to": [7], "subject": "Dinner", "body": "Sunday at eight."}

    decision = evaluate("send_email", args, facts=facts(recipients=(known("luca@example.com"),)),
                        now=NIGHT)  # fmt: skip

    assert outcome(decision) == ("approval", "high", ["HIGH_RISK"])
    assert decision.run_after is None


# --- A member's layer never loosens the team's -----------------------------------------------

# A member who asks for nothing beyond the team: a member asking for more must get no less.
LOOSEST_MEMBER = {"auto_approve_low": True, "auto_approve_medium": True,
                  "confidence_threshold": 0.0, "always_ask_channels": []}  # fmt: skip
ZONES = ("UTC", "Europe/Rome", "America/New_York", "America/Los_Angeles", "Asia/Tokyo")
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("create_task", TASK),
    ("lookup_contact", {"query": "Luca"}),
    ("record_commitment", {"contact": 7, "direction": "they_owe", "what": "A favour"}),
    ("create_reminder", {"text": "Call Luca", "due_at": "2026-03-11T09:00:00+00:00"}),
    ("send_sms", SMS),
    ("send_sms", {"to": 7, "body": "The olive oil is here."}),
    ("make_call", {"to": 7, "message": "The meeting is at noon."}),
    ("send_email", {"to": [1, 2], "subject": "The wedding", "body": "You are invited."}),
    ("create_calendar_event", {"title": "The wedding", "start": "2026-06-20T16:00:00+00:00",
                               "duration_minutes": 300, "attendees": [1, 2]}),
    ("create_calendar_event", {"title": "Alone", "start": "2026-06-20T16:00:00+00:00",
                               "end": "2026-06-20T17:00:00+00:00"}),
    ("send_sms", {"to": 7}),
    ("launch_the_boat", {"to": "Havana"}),
]  # fmt: skip


def _random_team(rng: random.Random) -> TeamPolicy:
    return TeamPolicy(
        agent_enabled=rng.random() < 0.9,
        allowed_tools=rng.choice([[], rng.sample(sorted(TOOLS), rng.randint(1, len(TOOLS)))]),
        users_may_auto_approve_low=rng.random() < 0.7,
        users_may_auto_approve_medium=rng.random() < 0.5,
        min_confidence=rng.choice([0.0, 0.3, 0.6, 0.9, 1.0, round(rng.random(), 2)]),
        critical_needs_other_admin=rng.random() < 0.5,
        quiet_hours_start=time(rng.randrange(24)),
        quiet_hours_end=time(rng.randrange(24)),
        **{f"{prefix}_{name}": rng.randint(0, 120) for name in ("sms", "email", "call")
           for prefix in ("daily_limit", "user_daily_limit")},
        max_recipients=rng.randint(1, 12),
        approval_expiry_minutes=rng.randint(1, 2880),
        blocked_topics=rng.choice([[], ["olive oil"], ["Wedding", " "]]),
    )  # fmt: skip


def _random_member(rng: random.Random) -> UserAgentSettings:
    return UserAgentSettings(
        auto_approve_low=rng.random() < 0.5,
        auto_approve_medium=rng.random() < 0.5,
        confidence_threshold=rng.choice([0.0, 0.5, 0.8, 1.0, round(rng.random(), 2)]),
        always_ask_channels=rng.sample(sorted(CHANNELS), rng.randint(0, len(CHANNELS))),
        undo_seconds=rng.randint(0, 30),
        notify_by_sms=rng.random() < 0.5,
        approve_by_sms=rng.random() < 0.5,
    )


def _random_world(rng: random.Random) -> dict[str, Any]:
    """Facts other than the settings: recipients (some contacts, some opted out), counts."""
    recipients = tuple(
        known(f"+1415555{n:04d}", pk=n + 1, zone=rng.choice(ZONES),
              sms_opted_out=rng.random() < 0.05, email_opted_out=rng.random() < 0.05,
              calls_opted_out=rng.random() < 0.05)
        if rng.random() < 0.5 else stranger(f"+1415556{n:04d}")
        for n in range(rng.randint(0, 14))
    )  # fmt: skip
    stopped = {r.address for r in recipients if rng.random() < 0.05}
    return {
        "is_member": rng.random() < 0.85,
        "team_zone": rng.choice(ZONES),
        "recipients": recipients,
        "recipient_error": "Not a number." if rng.random() < 0.05 else "",
        "opted_out": frozenset(stopped),
        "sent_today": rng.choice([None, (rng.randint(0, 120), rng.randint(0, 120))]),
        "unmet": (CALENDAR,) if rng.random() < 0.05 else (),
    }


def _team_alone(policy: TeamPolicy) -> Effective:
    """The team's rules read straight off its row, with no member layer: the bar a member's
    settings may raise but never lower. Built here, not by ``_effective``, so a merge that
    dropped a team value would fall below it."""
    limits = {
        prefix: {name: getattr(policy, f"{prefix}_{name}") for name in CHANNELS
                 if hasattr(policy, f"{prefix}_{name}")}
        for prefix in ("daily_limit", "user_daily_limit")
    }  # fmt: skip
    return Effective(
        agent_enabled=policy.agent_enabled,
        allowed_tools=list(policy.allowed_tools),
        auto_approve_low=policy.users_may_auto_approve_low,
        auto_approve_medium=policy.users_may_auto_approve_medium,
        min_confidence=policy.min_confidence,
        always_ask_channels=[],
        quiet_hours=(f"{policy.quiet_hours_start:%H:%M}", f"{policy.quiet_hours_end:%H:%M}"),
        daily_limits=limits["daily_limit"],
        user_daily_limits=limits["user_daily_limit"],
        max_recipients=policy.max_recipients,
        approval_expiry_minutes=policy.approval_expiry_minutes,
        critical_needs_other_admin=policy.critical_needs_other_admin,
        # Topics match whatever their case, and a blank one blocks nothing.
        blocked_topics=[t.casefold() for t in policy.blocked_topics if t.strip()],
    )


def _assert_settings_no_looser(both: Effective, alone: Effective) -> None:
    assert both.agent_enabled <= alone.agent_enabled
    assert set(both.allowed_tools) <= set(alone.allowed_tools) or not alone.allowed_tools
    assert bool(both.allowed_tools) >= bool(alone.allowed_tools)  # empty means every tool
    assert both.auto_approve_low <= alone.auto_approve_low
    assert both.auto_approve_medium <= alone.auto_approve_medium
    assert both.min_confidence >= alone.min_confidence
    assert set(both.always_ask_channels) >= set(alone.always_ask_channels)
    for limits, team_limits in ((both.daily_limits, alone.daily_limits),
                                (both.user_daily_limits, alone.user_daily_limits)):  # fmt: skip
        assert all(name in limits and limits[name] <= limit for name, limit in team_limits.items())
    assert both.max_recipients <= alone.max_recipients
    assert both.approval_expiry_minutes <= alone.approval_expiry_minutes
    assert both.critical_needs_other_admin >= alone.critical_needs_other_admin
    assert set(both.blocked_topics) >= set(alone.blocked_topics)


def _assert_decision_no_looser(both: Decision, alone: Decision) -> None:
    assert OUTCOME_ORDER.index(both.outcome) >= OUTCOME_ORDER.index(alone.outcome)
    assert RISK_ORDER.index(both.risk) >= RISK_ORDER.index(alone.risk)
    if alone.outcome == "deny":
        assert both.reasons == alone.reasons
    elif both.outcome != "deny":
        assert set(both.reasons) >= set(alone.reasons)
    if alone.run_after is not None:
        assert both.run_after is not None and both.run_after >= alone.run_after


def test_no_member_setting_ever_loosens_the_teams_policy():
    """For random teams, members, calls and facts, the decision with the member's layer is at
    least as strict as with the team's rules alone, and as with a member who asks for nothing
    more: denied stays denied, approval never becomes auto, risk never drops."""
    rng = random.Random(20260310)
    for case in range(400):
        team, mine = _random_team(rng), _random_member(rng)
        tool, args = rng.choice(CALLS)
        world = _random_world(rng)
        call = {"confidence": round(rng.random(), 2), "actor": rng.choice(ACTORS),
                "now": DAY + timedelta(minutes=rng.randrange(24 * 60))}  # fmt: skip
        both = effective(team, mine)
        decided = evaluate(tool, args, facts=facts(both, **world), **call)
        baselines = {
            "the team's rules alone": _team_alone(team),
            "a member asking for nothing more": effective(
                team, UserAgentSettings(**LOOSEST_MEMBER)
            ),
        }
        for label, alone in baselines.items():
            try:
                _assert_settings_no_looser(both, alone)
                _assert_decision_no_looser(
                    decided, evaluate(tool, args, facts=facts(alone, **world), **call)
                )
            except AssertionError as error:
                raise AssertionError(
                    f"case {case}, looser than {label}: {tool} {args} {call}\n"
                    f" {label}: {alone}\n with the member: {both}"
                ) from error


# --- No database ------------------------------------------------------------------------------


def test_the_query_guard_fails_on_a_query_even_one_the_code_swallows():
    luca = contact()

    with pytest.raises(AssertionError, match="touched the database"), no_queries():
        luca.phones.count()
    # The innermost context stands for code under test that hides the failure.
    with (
        pytest.raises(AssertionError, match="touched the database"),
        no_queries(),
        suppress(AssertionError),
    ):
        luca.phones.count()


def test_policy_evaluate_asks_the_database_nothing_for_any_tool_actor_or_recipient():
    recipients = (known(), known("luca@example.com", pk=8, sms_opted_out=True), stranger())
    for name in TOOLS:
        for actor in ACTORS:
            for args in ({}, *(args for tool, args in CALLS if tool == name)):
                for world in (facts(recipients=recipients), facts(recipients=recipients[:1]),
                              facts(is_member=False, sent_today=(1, 1))):  # fmt: skip
                    decision = evaluate(name, args, facts=world, actor=actor, now=NIGHT)

                    assert decision.outcome in OUTCOME_ORDER


def test_the_settings_a_decision_records_are_the_dataclass_fields_and_copies():
    from dataclasses import asdict

    decision = evaluate("create_task", TASK, facts=facts())
    settings = facts().settings
    assert decision.settings == asdict(settings)
    assert decision.settings["daily_limits"] is not settings.daily_limits
