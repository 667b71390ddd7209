"""The policy (SPEC §6): should this tool call run by itself, wait for a person, or never run?

Three layers, each only tightening the one above: the platform (this code), the team's
``TeamPolicy`` and the person's ``UserAgentSettings``. ``policy_decide`` returns a Decision
with machine-readable reasons and the settings it used, which the action records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from assistant.models import Membership, Team, TeamPolicy, User, UserAgentSettings
from assistant.recipients import Recipient, recipients_resolve
from assistant.registry import ToolError, tool_get

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


@dataclass(frozen=True)
class Decision:
    outcome: str  # auto, approval or deny
    risk: str
    reasons: list[str] = field(default_factory=list)
    message: str = ""  # for a denial: what went wrong, in words
    details: dict[str, Any] = field(default_factory=dict)
    run_after: datetime | None = None  # communications held for quiet hours
    settings: dict[str, Any] = field(default_factory=dict)


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
        daily_limits={
            "sms": policy.daily_limit_sms,
            "email": policy.daily_limit_email,
            "call": policy.daily_limit_call,
        },
        user_daily_limits={
            "sms": policy.user_daily_limit_sms,
            "email": policy.user_daily_limit_email,
            "call": policy.user_daily_limit_call,
        },
        max_recipients=policy.max_recipients,
        approval_expiry_minutes=policy.approval_expiry_minutes,
        critical_needs_other_admin=policy.critical_needs_other_admin,
        blocked_topics=[t.casefold() for t in policy.blocked_topics or [] if t.strip()],
    )


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
        settings=asdict(settings),
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


def counted_today(*, team: Team, now: datetime) -> QuerySet[Any]:
    """The messages that count against today's limits: what the team's actions sent since
    midnight in the team's time zone (approval texts, replies and codes do not count)."""
    from messaging.models import Message

    local = now.astimezone(ZoneInfo(team.time_zone))
    midnight = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    return Message.objects.filter(
        team=team, direction="outbound", purpose="action", created_at__gte=midnight
    )


def sent_today(*, team: Team, user: User | None, channel: str, now: datetime) -> tuple[int, int]:
    """Messages of ``channel`` counted today: the team's and ``user``'s."""
    mine = Q(action__requested_by=user) if user else Q(pk__in=[])
    counts = (
        counted_today(team=team, now=now)
        .filter(channel=channel)
        .aggregate(team=Count("pk"), user=Count("pk", filter=mine))
    )
    return counts["team"], counts["user"]


def opted_out_numbers(*, team: Team, numbers: list[str]) -> set[str]:
    """Which of ``numbers`` asked the team for no more texts (STOP) or the provider refused."""
    from messaging.models import OptOut

    if not numbers:
        return set()
    return set(
        OptOut.objects.filter(team=team, number__in=numbers).values_list("number", flat=True)
    )


def quiet_hold(
    *, team: Team, recipients: list[Recipient], now: datetime, hours: tuple[str, str]
) -> datetime | None:
    """Until when a call or text to ``recipients`` must wait: the latest end of their quiet
    hours (each in their own time zone, the team's for numbers that are not contacts)."""
    holds = [
        _quiet_until(now, r.contact.time_zone if r.contact else team.time_zone, hours)
        for r in recipients
    ]
    return max((h for h in holds if h), default=None)


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
    """Decide one proposed tool call.

    1. Denials first, in this order: agent off, tool not allowed, not a member, invalid
       arguments, blocked topic, invalid or opted-out recipient, today's limit reached.
    2. Risk: the tool's, raised to critical for a new recipient, too many recipients, or an
       external actor's side effect; an unknown tool is high (and cannot run).
    3. Reasons for approval; none means AUTO. Communications to other people during their
       quiet hours are held until the quiet hours end (``run_after``).
    """
    now = now or timezone.now()
    membership, policy, mine = _layers(team, user)
    settings = _effective(policy, mine)
    tool = tool_get(tool_name)
    risk = tool.base_risk(args) if tool else "high"

    if not settings.agent_enabled:
        return _deny("AGENT_DISABLED", risk, settings)
    if settings.allowed_tools and tool_name not in settings.allowed_tools:
        return _deny("TOOL_NOT_ALLOWED", risk, settings, {"tool": tool_name})
    external = actor_kind == "external"
    if not external and (user is None or not user.is_active or membership is None):
        return _deny("PERMISSION_DENIED", risk, settings)
    if tool is None:
        return _deny(
            "INVALID_ARGS", risk, settings, {"tool": [f"There is no tool called {tool_name!r}."]}
        )
    errors = tool.errors(args)
    if errors:
        return _deny("INVALID_ARGS", risk, settings, errors)
    text = _text_of(args)
    blocked = [topic for topic in settings.blocked_topics if topic in text]
    if blocked:
        return _deny("BLOCKED_TOPIC", risk, settings, {"topics": blocked})

    reasons: list[str] = []
    run_after = None
    recipients: list[Recipient] = []
    limits: dict[str, Any] = {}
    if tool.is_communication:
        try:
            recipients = recipients_resolve(
                team=team, values=tool.recipients(args), channel=tool.channel
            )
        except ToolError as error:
            return _deny("INVALID_RECIPIENT", risk, settings, message=error.message)
        # A contact's flag mirrors its numbers' opt-outs; numbers that are not contacts are
        # looked up (and the sender checks every number again before it sends).
        strangers = [r.address for r in recipients if r.contact is None]
        stopped = (
            opted_out_numbers(team=team, numbers=strangers) if tool.channel == "sms" else set()
        )
        opted_out = [
            r.name for r in recipients if r.opted_out(tool.channel) or r.address in stopped
        ]
        if opted_out:
            return _deny("OPTED_OUT", risk, settings, {"recipients": opted_out})
        team_sent, user_sent = sent_today(team=team, user=user, channel=tool.channel, now=now)
        limits = {
            "channel": tool.channel,
            "team": [team_sent, settings.daily_limits[tool.channel]],
            "user": [user_sent, settings.user_daily_limits[tool.channel]] if user else None,
        }
        if team_sent >= settings.daily_limits[tool.channel]:
            return _deny("RATE_LIMITED", risk, settings, {"limits": limits})
        if user and user_sent >= settings.user_daily_limits[tool.channel]:
            return _deny(
                "RATE_LIMITED", risk, settings, {"limits": limits},
                message=(
                    f"Your daily limit for this channel ({settings.user_daily_limits[tool.channel]}"
                    " a day for each member) is reached; it starts again at midnight."
                ),
            )  # fmt: skip
        if any(r.is_new for r in recipients):
            reasons.append("NEW_RECIPIENT")
            risk = "critical"
        if len(recipients) > settings.max_recipients:
            risk = "critical"
        if tool.channel in settings.always_ask_channels:
            reasons.append("USER_ALWAYS_ASK")
        if tool.channel in {"sms", "call"}:
            run_after = quiet_hold(
                team=team, recipients=recipients, now=now, hours=settings.quiet_hours
            )
    if external and tool.side_effects:
        risk = "critical"
        reasons.append("EXTERNAL_ACTOR")
    if actor_kind == "unverified" and tool.side_effects:
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
        settings=asdict(settings),
        details={
            **({"limits": limits} if tool.is_communication else {}),
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
