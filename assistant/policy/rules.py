"""The policy (SPEC §6): should this tool call run by itself, wait for a person, or never run?

Facts, then rules. ``policy_facts_load`` does all the database work: the three layers (the
platform, the team's ``TeamPolicy``, the person's ``UserAgentSettings``, each only tightening
the one above), the recipients, the tool's requirements, and what the apps' registered fact
providers say about the channel (messaging: today's counts and opt-outs; costs, later: the
budget). ``policy_evaluate`` is a pure function of those facts and ``now``: no database, no
clock. ``policy_decide`` is the two together and returns a Decision with machine-readable
reasons and the settings it used, which the action records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from assistant.models import Membership, Team, TeamPolicy, User, UserAgentSettings
from assistant.tools.recipients import Recipient, recipients_resolve, team_args_errors
from assistant.tools.registry import (
    CHANNELS,
    REQUIREMENTS,
    Requirement,
    Tool,
    ToolError,
    channel_get,
    tool_get,
)

REASON_TEXT = {
    "HIGH_RISK": "High-risk actions always need a person's approval.",
    "CRITICAL_RISK": "Critical actions always need a person's approval.",
    "LOW_CONFIDENCE": "The assistant is not confident enough to act alone.",
    "EXTERNAL_ACTOR": "Someone outside the team asked for this.",
    "NEW_RECIPIENT": "The recipient is not a contact yet.",
    "USER_ALWAYS_ASK": "Your settings ask for approval of this.",
    "OVER_SOFT_BUDGET": "The soft budget is used up.",
    "AGENT_DISABLED": "The team has turned the assistant off.",
    "TOOL_NOT_ALLOWED": "The team does not allow this tool.",
    "INVALID_ARGS": "The request is missing something or has a wrong value.",
    "INVALID_RECIPIENT": "The recipient cannot be reached this way.",
    "CONTACT_NOT_IN_TEAM": "A contact this names is not one of the team's.",
    "AMBIGUOUS_CONTACT": "A name this gives could be several contacts.",
    "OPTED_OUT": "The recipient has asked not to be contacted this way.",
    "RATE_LIMITED": "Today's limit for this channel is reached.",
    "BUDGET_EXCEEDED": "The budget is used up.",
    "BLOCKED_TOPIC": "The team has blocked this topic.",
    "PERMISSION_DENIED": "You may not ask for this in this team.",
    "UNVERIFIED_SENDER": "This came by text, and caller ID can be forged: a person approves it.",
}


@dataclass(frozen=True)
class Effective:
    """The settings in force for one person in one team, after the three layers."""

    agent_enabled: bool
    allowed_tools: list[str]
    auto_approve_low: bool
    auto_approve_medium: bool
    min_confidence: float
    always_ask_channels: list[str]
    quiet_hours: tuple[str, str]
    daily_limits: dict[str, int]
    user_daily_limits: dict[str, int]
    max_recipients: int
    approval_expiry_minutes: int
    critical_needs_other_admin: bool
    blocked_topics: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The settings as the decision records them: a copy one level deep (every value is
        a scalar, or a flat list, tuple or dict of scalars), which ``asdict``'s recursive
        deep copy made a third of a decision's time."""
        return {
            name: value.copy() if isinstance(value, list | dict) else value
            for name, value in vars(self).items()
        }


@dataclass(frozen=True)
class Decision:
    outcome: str  # auto, approval or deny
    risk: str
    reasons: list[str] = field(default_factory=list)
    message: str = ""  # for a denial: what went wrong, in words
    details: dict[str, Any] = field(default_factory=dict)
    run_after: datetime | None = None  # communications held for quiet hours
    settings: dict[str, Any] = field(default_factory=dict)
    estimated_cost_micros: int = 0  # the tool's estimate for these arguments and recipients


def _layers(
    team: Team, user: User | None
) -> tuple[Membership | None, TeamPolicy, UserAgentSettings]:
    """The person's membership, the team's policy and the person's settings: one query."""
    membership = None
    if user is not None:
        membership = (
            Membership.objects.filter(team=team, user=user)
            .select_related("team__policy", "agent_settings")
            .first()
        )
    try:
        policy = (membership.team if membership else team).policy
    except TeamPolicy.DoesNotExist:
        policy, _ = TeamPolicy.objects.get_or_create(team=team)
    try:
        mine = membership.agent_settings if membership else UserAgentSettings()
    except UserAgentSettings.DoesNotExist:
        mine = UserAgentSettings()  # the defaults, for external actors and new members
    return membership, policy, mine


def _effective(policy: TeamPolicy, mine: UserAgentSettings) -> Effective:
    """Platform → team → user; a lower layer can only make things stricter."""
    return Effective(
        agent_enabled=policy.agent_enabled,
        allowed_tools=list(policy.allowed_tools or []),
        auto_approve_low=policy.users_may_auto_approve_low and mine.auto_approve_low,
        auto_approve_medium=policy.users_may_auto_approve_medium and mine.auto_approve_medium,
        min_confidence=max(policy.min_confidence, mine.confidence_threshold),
        always_ask_channels=list(mine.always_ask_channels or []),
        quiet_hours=(
            policy.quiet_hours_start.strftime("%H:%M"),
            policy.quiet_hours_end.strftime("%H:%M"),
        ),
        daily_limits=_limits(policy, "daily_limit"),
        user_daily_limits=_limits(policy, "user_daily_limit"),
        max_recipients=policy.max_recipients,
        approval_expiry_minutes=policy.approval_expiry_minutes,
        critical_needs_other_admin=policy.critical_needs_other_admin,
        blocked_topics=[t.casefold() for t in policy.blocked_topics or [] if t.strip()],
    )


def _limits(policy: TeamPolicy, prefix: str) -> dict[str, int]:
    """The team's daily limit of each registered channel that has one (``<prefix>_<name>``);
    a channel without such a field has no limit."""
    limits = {name: getattr(policy, f"{prefix}_{name}", None) for name in CHANNELS}
    return {name: limit for name, limit in limits.items() if limit is not None}


def effective_settings(*, team: Team, user: User | None) -> Effective:
    """The settings in force for ``user`` in ``team``."""
    _, policy, mine = _layers(team, user)
    return _effective(policy, mine)


def _deny(code: str, risk: str, settings: Effective, details: dict[str, Any] | None = None,
          message: str = "") -> Decision:  # fmt: skip
    return Decision(
        outcome="deny",
        risk=risk,
        reasons=[code],
        message=message or REASON_TEXT[code],
        details=details or {},
        settings=settings.as_dict(),
    )


def _text_of(args: dict[str, Any]) -> str:
    return " ".join(str(v) for v in args.values() if isinstance(v, str)).casefold()


def _quiet_until(now: datetime, zone: str, hours: tuple[str, str]) -> datetime | None:
    """When quiet hours (e.g. 21:00 to 08:00) end for someone in ``zone``, or None if not quiet."""
    local = now.astimezone(ZoneInfo(zone))
    start, end = (time.fromisoformat(h) for h in hours)
    clock = local.time()
    quiet = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not quiet:
        return None
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=local.tzinfo)


def quiet_hold(
    *, team_zone: str, recipients: list[Recipient], now: datetime, hours: tuple[str, str]
) -> datetime | None:
    """Until when a call or text to ``recipients`` must wait: the latest end of their quiet
    hours (each in their own time zone, ``team_zone`` for addresses that are not contacts)."""
    holds = [
        _quiet_until(now, r.contact.time_zone if r.contact else team_zone, hours)
        for r in recipients
    ]
    return max((h for h in holds if h), default=None)


@dataclass(frozen=True)
class Facts:
    """Everything ``policy_evaluate`` needs to know about the world, loaded beforehand.

    ``opted_out`` holds the addresses that fact providers say refused the channel (STOP);
    contacts' own opt-out flags travel with ``recipients``. ``sent_today`` is (the team's,
    the person's) count on the tool's channel, or None when no provider counts it.
    ``budget`` is the slot the costs app fills (None: no budget applies). ``not_in_team``
    is the first argument that names something that is not the team's (another team's
    contact, a missing one), or None.
    """

    settings: Effective
    is_member: bool
    team_zone: str
    recipients: tuple[Recipient, ...] = ()
    recipient_error: str = ""
    opted_out: frozenset[str] = frozenset()
    sent_today: tuple[int, int] | None = None
    unmet: tuple[Requirement, ...] = ()
    budget: dict[str, Any] | None = None
    not_in_team: ToolError | None = None


# ``provider(*, team, user, channel, strangers, now) -> dict`` with any of "opted_out" (a set
# of addresses) and "sent_today" ((team, user) counts); registered by apps in ready().
FactsProvider = Callable[..., dict[str, Any]]
FACT_PROVIDERS: list[FactsProvider] = []


def policy_facts_provider_register(provider: FactsProvider) -> None:
    if provider not in FACT_PROVIDERS:
        FACT_PROVIDERS.append(provider)


def _missing_requirement(name: str) -> Requirement:
    """A requirement no installed app declares: never met."""
    message = f"This tool needs a {name}, which nothing here provides."
    return Requirement(name=name, code="REQUIREMENT_MISSING", message=message, met="")


def policy_facts_load(
    *, team: Team, user: User | None, tool: Tool | None, args: Any, now: datetime
) -> Facts:
    """The facts for deciding ``tool`` with ``args``: the layers (one query), whether every
    contact (and row) the arguments name is the team's (``team_args_errors``), the recipients
    of a tool that notifies people (one query each), the tool's requirements, and the
    channel's facts from the registered providers (messaging: one or two queries)."""
    membership, policy, mine = _layers(team, user)
    settings = _effective(policy, mine)
    is_member = user is not None and user.is_active and membership is not None
    facts: dict[str, Any] = {"settings": settings, "is_member": is_member,
                             "team_zone": team.time_zone}  # fmt: skip
    if tool is None or tool.errors(args):
        return Facts(**facts)
    not_in_team = team_args_errors(team=team, tool=tool, args=args)
    if not_in_team:
        return Facts(**facts, not_in_team=next(iter(not_in_team.values())))
    required = [REQUIREMENTS.get(name) or _missing_requirement(name) for name in tool.requires]
    facts["unmet"] = tuple(r for r in required if not r.met or not r.is_met(team=team, user=user))
    if facts["unmet"] or not tool.is_communication:
        return Facts(**facts)
    try:
        recipients = recipients_resolve(
            team=team, values=tool.recipients(args), channel=tool.channel
        )
    except ToolError as error:
        return Facts(**facts, recipient_error=error.message)
    facts["recipients"] = tuple(recipients)
    strangers = [r.address for r in recipients if r.contact is None]
    opted_out: set[str] = set()
    for provider in FACT_PROVIDERS:
        found = provider(team=team, user=user, channel=tool.channel, strangers=strangers, now=now)
        opted_out |= set(found.get("opted_out", ()))
        facts["sent_today"] = found.get("sent_today", facts.get("sent_today"))
    return Facts(**facts, opted_out=frozenset(opted_out))


def policy_evaluate(
    tool: Tool | str, args: Any, confidence: float, actor: str, facts: Facts, now: datetime
) -> Decision:
    """Decide one proposed tool call from its facts; touches no database and no clock.

    ``tool`` is the registered tool, or the name of one that does not exist; ``actor`` is
    ``user``, ``external`` (someone outside the team) or ``unverified`` (a text whose caller
    ID could be forged).

    1. Denials first, in this order: agent off, tool not allowed, not a member, invalid
       arguments, an argument naming what is not the team's (its code: another team's
       contact or a missing one is ``CONTACT_NOT_IN_TEAM``), blocked topic, an unmet
       requirement, invalid or opted-out recipient, today's limit reached.
    2. Risk: the tool's, raised to critical for a new recipient, too many recipients, or an
       external actor's side effect; an unknown tool is high (and cannot run).
    3. Reasons for approval; none means AUTO. Messages on a channel with quiet hours are held
       until the recipients' quiet hours end (``run_after``).
    """
    settings = facts.settings
    name = tool if isinstance(tool, str) else tool.name
    known = None if isinstance(tool, str) else tool
    risk = known.base_risk(args) if known and isinstance(args, dict) else "high"

    if not settings.agent_enabled:
        return _deny("AGENT_DISABLED", risk, settings)
    if settings.allowed_tools and name not in settings.allowed_tools:
        return _deny("TOOL_NOT_ALLOWED", risk, settings, {"tool": name})
    external = actor == "external"
    if not external and not facts.is_member:
        return _deny("PERMISSION_DENIED", risk, settings)
    if known is None:
        return _deny(
            "INVALID_ARGS", risk, settings, {"tool": [f"There is no tool called {name!r}."]}
        )
    errors = known.errors(args)
    if errors:
        return _deny("INVALID_ARGS", risk, settings, errors)
    if facts.not_in_team is not None:
        problem = facts.not_in_team
        return _deny(problem.code, risk, settings, problem.details, message=problem.message)
    text = _text_of(args)
    blocked = [topic for topic in settings.blocked_topics if topic in text]
    if blocked:
        return _deny("BLOCKED_TOPIC", risk, settings, {"topics": blocked})
    if facts.unmet:
        requirement = facts.unmet[0]
        message = requirement.message or f"This needs a {requirement.name}, which is not set up."
        return _deny(requirement.code, risk, settings, {"requires": requirement.name},
                     message=message)  # fmt: skip

    reasons: list[str] = []
    run_after = None
    recipients = list(facts.recipients)
    limits: dict[str, Any] = {}
    channel = known.channel
    if known.is_communication:
        if facts.recipient_error:
            return _deny("INVALID_RECIPIENT", risk, settings, message=facts.recipient_error)
        # A contact's flag mirrors its numbers' opt-outs; addresses that are not contacts
        # come from the fact providers (and the sender checks every number again).
        opted_out = [
            r.name for r in recipients if r.opted_out(channel) or r.address in facts.opted_out
        ]
        if opted_out:
            return _deny("OPTED_OUT", risk, settings, {"recipients": opted_out})
        team_limit = settings.daily_limits.get(channel)
        user_limit = settings.user_daily_limits.get(channel)
        team_sent, user_sent = facts.sent_today or (0, 0)
        limits = {
            "channel": channel,
            "team": [team_sent, team_limit],
            "user": [user_sent, user_limit] if facts.is_member else None,
        }
        if team_limit is not None and team_sent >= team_limit:
            return _deny("RATE_LIMITED", risk, settings, {"limits": limits})
        if facts.is_member and user_limit is not None and user_sent >= user_limit:
            return _deny(
                "RATE_LIMITED", risk, settings, {"limits": limits},
                message=(
                    f"Your daily limit for this channel ({user_limit} a day for each member) "
                    "is reached; it starts again at midnight."
                ),
            )  # fmt: skip
        if any(r.is_new for r in recipients):
            reasons.append("NEW_RECIPIENT")
            risk = "critical"
        if len(recipients) > settings.max_recipients:
            risk = "critical"
        if channel in settings.always_ask_channels:
            reasons.append("USER_ALWAYS_ASK")
        described = channel_get(channel)
        if described is not None and described.quiet_hours:
            run_after = quiet_hold(
                team_zone=facts.team_zone, recipients=recipients, now=now,
                hours=settings.quiet_hours,
            )  # fmt: skip
    if external and known.side_effects:
        risk = "critical"
        reasons.append("EXTERNAL_ACTOR")
    if actor == "unverified" and known.side_effects:
        reasons.append("UNVERIFIED_SENDER")

    if risk == "critical":
        reasons.insert(0, "CRITICAL_RISK")
    elif risk == "high":
        reasons.insert(0, "HIGH_RISK")
    elif (risk == "medium" and not settings.auto_approve_medium) or (
        risk == "low" and not settings.auto_approve_low
    ):
        reasons.append("USER_ALWAYS_ASK")
    if confidence < settings.min_confidence:
        reasons.append("LOW_CONFIDENCE")
    reasons = list(dict.fromkeys(reasons))
    return Decision(
        outcome="approval" if reasons else "auto",
        risk=risk,
        reasons=reasons,
        run_after=run_after,
        settings=settings.as_dict(),
        estimated_cost_micros=known.cost_estimate(args, recipients),
        details={
            **({"limits": limits} if known.is_communication else {}),
            "recipients": [
                {
                    "name": r.name,
                    "address": r.address,
                    "new": r.is_new,
                    "contact": r.contact.pk if r.contact else None,
                }
                for r in recipients
            ],
        },
    )


def policy_decide(
    *,
    team: Team,
    user: User | None,
    actor_kind: str,
    tool_name: str,
    args: dict[str, Any],
    confidence: float,
    now: datetime | None = None,
) -> Decision:
    """Decide one proposed tool call: its facts loaded (at most 3 queries for a text to a
    contact), then ``policy_evaluate``."""
    now = now or timezone.now()
    tool = tool_get(tool_name)
    facts = policy_facts_load(team=team, user=user, tool=tool, args=args, now=now)
    return policy_evaluate(tool or tool_name, args, confidence, actor_kind, facts, now)
