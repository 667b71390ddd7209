"""What messaging adds to approval cards: today's limits in words, what the provider said
about a message that went out, and who wrote an external request.

``card_notes`` is registered in ``MessagingConfig.ready()`` with
``assistant.approvals.selectors.card_notes_register``; the cards never read messaging's tables.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from assistant.models import Action
from assistant.tools.registry import channel_get, tool_get
from contacts.phones import phone_display
from messaging.models import Message
from messaging.policy_facts import counted_today
from messaging.providers import provider_reports_delivery

DELIVERY_WORDS = {
    "queued": "Handed to the provider; no delivery report yet.",
    "sent": "Sent; no delivery report yet.",
    "delivered": "Delivered.",
}


def _daily_limits(actions: list[Action]) -> dict[int, str]:
    """For waiting messages: how much of today's limits (the team's, the requester's) is
    used, in words; one query for the whole page."""
    waiting = [
        a for a in actions
        if a.status == Action.Status.PENDING_APPROVAL and a.decided_with.get("daily_limits")
        and (tool := tool_get(a.tool)) is not None and tool.is_communication
    ]  # fmt: skip
    if not waiting:
        return {}
    rows = (
        counted_today(team=waiting[0].team, now=timezone.now())
        .values_list("channel", "action__requested_by")
        .annotate(n=Count("pk"))
    )
    team_counts: dict[str, int] = {}
    user_counts: dict[tuple[str, int | None], int] = {}
    for channel, user_id, n in rows:
        team_counts[channel] = team_counts.get(channel, 0) + n
        user_counts[(channel, user_id)] = n
    words = {}
    for action in waiting:
        channel = tool_get(action.tool).channel  # type: ignore[union-attr]
        limits = action.decided_with
        described = channel_get(channel)
        if described is None or channel not in limits["daily_limits"]:
            continue  # a channel without a daily limit
        text = (
            f"{described.plural} today: {team_counts.get(channel, 0)} of "
            f"{limits['daily_limits'][channel]} for the team"
        )
        if action.requested_by_id and channel in (limits.get("user_daily_limits") or {}):
            used = user_counts.get((channel, action.requested_by_id), 0)
            text += f", {used} of {limits['user_daily_limits'][channel]} for the person who asked"
        words[action.pk] = text + "."
    return words


def _external_senders(actions: list[Action]) -> dict[int, str]:
    """Who wrote the texts (or spoke the words) that external tasks came from: one query."""
    tasks = {a.task_id for a in actions if a.actor_kind == "external"}
    if not tasks:
        return {}
    senders = {}
    for task_id, sender, name in Message.objects.filter(
        task_id__in=tasks, direction="inbound"
    ).values_list("task_id", "sender", "contact__name"):
        shown = phone_display(sender) if sender.startswith("+") else sender
        senders[task_id] = f"{name} ({shown})" if name else shown
    return senders


REPORT_WAIT = timedelta(minutes=10)  # how long a card watches for a delivery report


def _deliveries(actions: list[Action]) -> dict[int, tuple[str, bool, bool]]:
    """What the provider said about each message that went out (words, failed, whether a
    report may still come): one query. Only providers that report deliveries are watched."""
    went = [a.pk for a in actions if a.status == Action.Status.SUCCEEDED]
    if not went:
        return {}
    words = {}
    recent = timezone.now() - REPORT_WAIT
    rows = Message.objects.filter(action_id__in=went).values_list(
        "action_id", "status", "error_code", "error_message", "provider", "sent_at"
    )
    for action_id, status, code, reason, provider, sent_at in rows:
        if status in DELIVERY_WORDS:
            awaiting = (
                status != "delivered" and provider_reports_delivery(provider) and bool(sent_at)
                and sent_at > recent
            )  # fmt: skip
            words[action_id] = (DELIVERY_WORDS[status], False, awaiting)
        else:
            label = "Not delivered" if status == "undelivered" else "Failed"
            text = f"{label}: {reason}" + (f" (error {code})" if code else "")
            words[action_id] = (text, True, False)
    return words


def card_notes(actions: list[Action]) -> dict[int, dict[str, Any]]:
    """The card fields messaging fills for ``actions`` (of one team): a few queries."""
    notes: dict[int, dict[str, Any]] = {}
    for action_id, words in _daily_limits(actions).items():
        notes.setdefault(action_id, {})["limits"] = words
    for action_id, (words, failed, awaiting) in _deliveries(actions).items():
        notes.setdefault(action_id, {}).update(
            delivery=words, delivery_failed=failed, awaiting_report=awaiting
        )
    senders = _external_senders(actions)
    for action in actions:
        if action.task_id in senders:
            notes.setdefault(action.pk, {})["untrusted_from"] = senders[action.task_id]
    return notes
