"""Writes for messaging: sending one outbound message for an action, exactly once."""

from __future__ import annotations

from django.utils import timezone

from assistant.models import Action
from contacts.models import Contact
from messaging.models import Message
from messaging.providers import provider_for
from messaging.providers.base import Outbound, ProviderError


def message_send(
    *,
    action: Action,
    channel: str,
    to: list[str],
    body: str,
    subject: str = "",
    contact: Contact | None = None,
) -> Message:
    """Send the one message of ``action``; calling it again never sends a second one.

    1. Get or create the action's Message (a unique constraint allows one per action).
    2. If it already has a provider id, it left before: return it unchanged.
    3. Send through the channel's provider and store the provider id with status "sent".
       A ProviderError marks the message failed and propagates to the executor.
    """
    provider = provider_for(channel)
    message, _ = Message.objects.get_or_create(
        action=action,
        defaults={
            "team": action.team,
            "contact": contact,
            "channel": channel,
            "to": to,
            "subject": subject,
            "body": body,
            "provider": provider.name,
        },
    )
    if message.provider_id:
        return message
    outbound = Outbound(
        channel=channel, to=to, body=body, subject=subject, key=str(action.idempotency_key)
    )
    try:
        sent = provider.send(outbound)
    except ProviderError as error:
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED, error_code=error.code, error_message=error.message
        )
        raise
    message.status, message.provider_id, message.sent_at = (
        sent.status,
        sent.provider_id,
        timezone.now(),
    )
    message.save(update_fields=["status", "provider_id", "sent_at"])
    return message
