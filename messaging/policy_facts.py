"""What messaging tells the policy about a channel: today's counts and opt-outs.

``channel_facts`` is registered in ``MessagingConfig.ready()`` as a provider of policy facts
(``assistant.policy.rules.policy_facts_provider_register``); the policy itself never reads
messaging's tables.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from assistant.models import Team, User
from messaging.channels import SMS
from messaging.models import Message, OptOut


def counted_today(*, team: Team, now: datetime) -> QuerySet[Message]:
    """The messages that count against today's limits: what the team's actions sent since
    midnight in the team's time zone (approval texts, replies and codes do not count)."""
    local = now.astimezone(ZoneInfo(team.time_zone))
    midnight = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    return Message.objects.filter(
        team=team, direction="outbound", purpose="action", created_at__gte=midnight
    )


def sent_today(*, team: Team, user: User | None, channel: str, now: datetime) -> tuple[int, int]:
    """Messages of ``channel`` counted today: the team's and ``user``'s (one query)."""
    mine = Q(action__requested_by=user) if user else Q(pk__in=[])
    counts = (
        counted_today(team=team, now=now)
        .filter(channel=channel)
        .aggregate(team=Count("pk"), user=Count("pk", filter=mine))
    )
    return counts["team"], counts["user"]


def opted_out_numbers(*, team: Team, numbers: list[str]) -> set[str]:
    """Which of ``numbers`` asked the team for no more texts (STOP) or the provider refused."""
    if not numbers:
        return set()
    return set(
        OptOut.objects.filter(team=team, number__in=numbers).values_list("number", flat=True)
    )


def channel_facts(
    *, team: Team, user: User | None, channel: str, strangers: list[str], now: datetime
) -> dict[str, Any]:
    """The policy's facts for a message on ``channel``: today's counts (one query) and which
    of the numbers that are not contacts sent STOP (one query, texts only: STOP is an SMS
    keyword; a contact's own flag already mirrors its numbers' opt-outs)."""
    stopped = opted_out_numbers(team=team, numbers=strangers) if channel == SMS.name else set()
    return {
        "opted_out": stopped,
        "sent_today": sent_today(team=team, user=user, channel=channel, now=now),
    }
