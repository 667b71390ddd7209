"""Writes for messaging: sending (an action's message exactly once, and the assistant's own
texts), delivery statuses, and opt-outs."""

from __future__ import annotations

import logging
import uuid
from email.utils import formataddr
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assistant.inputs import fields_check
from assistant.models import Action, AuditEvent, Team
from assistant.tools.registry import channel_reaches_phones
from contacts.models import Contact
from contacts.selectors import contact_with_phone
from messaging.models import ChannelSettings, Message, OptOut, TeamNumber
from messaging.providers import provider_for
from messaging.providers.base import ChannelProvider, Outbound, ProviderError, Sent

logger = logging.getLogger(__name__)

# A delivery status only ever moves forward: a late or repeated callback cannot undo it.
STATUS_RANK = {"queued": 0, "sent": 1, "delivered": 2, "undelivered": 2, "failed": 2}
# Twilio's message and call statuses, in ours.
TWILIO_STATUS = {
    "accepted": "queued", "scheduled": "queued", "queued": "queued", "sending": "sent",
    "sent": "sent", "delivered": "delivered", "read": "delivered", "undelivered": "undelivered",
    "failed": "failed", "canceled": "failed",
    "initiated": "queued", "ringing": "queued", "in-progress": "sent", "answered": "sent",
    "completed": "delivered", "busy": "undelivered", "no-answer": "undelivered",
}  # fmt: skip
# Delivery errors Twilio reports in status callbacks, in words.
DELIVERY_ERROR_TEXT = {
    "30003": "The phone is switched off or out of reach.",
    "30004": "The recipient's carrier or the recipient blocked the message.",
    "30005": "The number does not exist or is no longer in service.",
    "30006": "The number is a landline or cannot receive texts.",
    "30007": "The carrier filtered the message as spam.",
    "30008": "The carrier could not deliver it, without saying why.",
    "30034": "The team's number is not registered for texting in the US (A2P 10DLC).",
    "21610": "The recipient has replied STOP to the team's texts.",
    "busy": "The line was busy.",
    "no-answer": "Nobody answered.",
}


def team_sender(team: Team, channel: str) -> tuple[str, str]:
    """Who a message of ``channel`` comes from, and where replies go: the team's number for
    texts and calls; for email the team's From (or DEFAULT_FROM_EMAIL) and Reply-To."""
    if channel_reaches_phones(channel):
        number = TeamNumber.objects.filter(team=team).values_list("number", flat=True).first()
        return number or settings.TWILIO_FROM_NUMBER, ""
    mine = ChannelSettings.objects.filter(team=team).first()
    if mine is None or not (mine.email_from_address or mine.email_from_name):
        return settings.DEFAULT_FROM_EMAIL, mine.email_reply_to if mine else ""
    address = mine.email_from_address or settings.DEFAULT_FROM_EMAIL.rsplit("<")[-1].strip(" >")
    return formataddr((mine.email_from_name, address)), mine.email_reply_to


def public_url(name: str, **query: str) -> str:
    """The absolute address of URL ``name``, as the outside world (Twilio) reaches it."""
    path = reverse(name)
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}{suffix}"


def _thread_headers(team: Team, to: list[str], subject: str) -> dict[str, str]:
    """In-Reply-To and References for an email that continues an earlier one ("Re: ...")."""
    base = subject
    while base.lower().startswith(("re:", "fwd:", "fw:")):
        base = base.split(":", 1)[1].strip()
    if base == subject:
        return {}
    earlier = (
        Message.objects.filter(team=team, channel="email", to__0=to[0], provider_id__startswith="<")
        .filter(subject__iendswith=base)
        .order_by("-created_at")
        .values_list("provider_id", flat=True)
        .first()
    )
    return {"In-Reply-To": earlier, "References": earlier} if earlier else {}


def _outbound(
    team: Team, provider: ChannelProvider, *, channel: str, to: list[str], body: str, key: str,
    subject: str = "", collect_reply: bool = False, cc: list[str] | None = None,
) -> Outbound:  # fmt: skip
    sender, reply_to = team_sender(team, channel)
    reports = provider.reports_delivery
    return Outbound(
        channel=channel, to=to, body=body, key=key, subject=subject, sender=sender,
        reply_to=reply_to, cc=cc or [],
        # The key in the callback's address: a callback that arrives proves the send happened.
        status_callback=public_url("webhooks:twilio-status", key=key) if reports else "",
        collect_reply=collect_reply,
        reply_callback=public_url("webhooks:twilio-voice", reply="1") if collect_reply else "",
        headers=_thread_headers(team, to, subject) if channel == "email" else {},
    )  # fmt: skip


def _record_sent(message: Message, sent: Sent) -> Message:
    message.status, message.provider_id, message.sent_at = (
        sent.status,
        sent.provider_id,
        timezone.now(),
    )
    message.segments = sent.segments
    message.save(update_fields=["status", "provider_id", "sent_at", "segments"])
    return message


def _record_failure(message: Message, error: ProviderError) -> None:
    if error.unknown:  # it may have left: it stays queued, with the reason, until Twilio says
        Message.objects.filter(pk=message.pk).update(
            error_code=error.code, error_message=error.message, status_at=timezone.now()
        )
        return
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.FAILED, error_code=error.code, error_message=error.message,
        status_at=timezone.now(),
    )  # fmt: skip
    if error.code == "OPTED_OUT" and message.channel == "sms":
        for number in message.to:
            opt_out_record(team=message.team, number=number, source=OptOut.Source.PROVIDER)


def message_send(
    *,
    action: Action,
    channel: str,
    to: list[str],
    body: str,
    subject: str = "",
    contact: Contact | None = None,
    collect_reply: bool = False,
    cc: list[str] | None = None,
) -> Message:
    """Send the one message of ``action``; calling it again never sends a second one.

    1. Get or create the action's Message (a unique constraint allows one per action).
    2. If it already has a provider id, it left before: return it unchanged.
    3. Send through the channel's provider and store the provider id and status. A
       ProviderError marks the message failed (an unsubscribed number is opted out) and
       propagates to the executor.
    """
    provider = provider_for(channel, team=action.team, user=action.requested_by)
    outbound = _outbound(
        action.team, provider, channel=channel, to=to, body=body, key=str(action.idempotency_key),
        subject=subject, collect_reply=collect_reply, cc=cc or [],
    )  # fmt: skip
    message, _ = Message.objects.get_or_create(
        action=action,
        defaults={
            "team": action.team, "contact": contact, "channel": channel, "to": to + (cc or []),
            "sender": outbound.sender, "subject": subject, "body": body,
            "provider": provider.name,
        },
    )  # fmt: skip
    if message.provider_id:
        return message
    try:
        sent = provider.send(outbound)
    except ProviderError as error:
        _record_failure(message, error)
        raise
    return _record_sent(message, sent)


def message_send_plain(
    *, team: Team, channel: str, to: str, body: str, purpose: str, subject: str = "",
    task_id: int | None = None,
) -> Message:  # fmt: skip
    """Send one of the assistant's own messages (an approval request, a reply, a test, a
    verification code). It is recorded in the Outbox either way; a failure is kept on the
    message (status failed, with the provider's reason), logged, and not raised."""
    provider = provider_for(channel, team=team)
    outbound = _outbound(team, provider, channel=channel, to=[to], body=body, key=str(uuid.uuid4()),
                         subject=subject)  # fmt: skip
    message = Message.objects.create(
        team=team, channel=channel, purpose=purpose, to=[to], sender=outbound.sender,
        subject=subject, body=body, provider=provider.name, task_id=task_id,
        contact=contact_with_phone(team=team, number=to) if channel != "email" else None,
    )  # fmt: skip
    try:
        if channel == "sms" and OptOut.objects.filter(team=team, number=to).exists():
            raise ProviderError(
                "OPTED_OUT", f"{to} replied STOP: nothing is texted to it until START.",
                permanent=True,
            )  # fmt: skip
        sent = provider.send(outbound)
    except ProviderError as error:
        logger.warning("Could not send a %s %s to %s: %s", purpose, channel, to, error.message)
        _record_failure(message, error)
        message.refresh_from_db()
        return message
    return _record_sent(message, sent)


def opt_out_record(*, team: Team, number: str, source: str, keyword: str = "") -> bool:
    """``number`` gets no more texts from ``team`` (STOP, or the provider said so); its
    contacts are marked opted out of texts. True when it was not opted out before."""
    with transaction.atomic():
        _, created = OptOut.objects.get_or_create(
            team=team, number=number, defaults={"source": source, "keyword": keyword}
        )
        Contact.objects.filter(team=team, phones__number=number).update(sms_opted_out=True)
    if created:
        logger.info("%s opted out of texts from team %s (%s)", number, team.pk, source)
    return created


def opt_in_record(*, team: Team, number: str) -> bool:
    """``number`` may get texts again (START); True when it was opted out."""
    with transaction.atomic():
        deleted, _ = OptOut.objects.filter(team=team, number=number).delete()
        changed = Contact.objects.filter(
            team=team, phones__number=number, sms_opted_out=True
        ).update(sms_opted_out=False)
    return bool(deleted or changed)


def message_status_record(
    *, provider: str, provider_id: str, status: str, error_code: str = "", key: str = ""
) -> bool:
    """Record a delivery status the provider reported; True when it changed anything.

    The status only moves forward (queued → sent → delivered, undelivered or failed), in
    one conditional update, so a repeated or out-of-order callback changes nothing. The
    action's card is touched so the live queue shows it; an unsubscribed recipient is
    opted out. ``key`` (the action's idempotency key, from the callback's address) finds a
    message whose send timed out before the provider's id came back: the callback proves
    it was created, and its id is stored. ``InputError`` (nothing changed) when the id or the
    error code is too long for its column.
    """
    fields_check(Message, provider_id=provider_id, error_code=error_code)
    if key:
        message_id_adopt(provider=provider, provider_id=provider_id, key=key)
    ours = TWILIO_STATUS.get(status, status)
    if ours not in STATUS_RANK:
        logger.warning("Unknown delivery status %r for %s", status, provider_id)
        return False
    earlier = [s for s, rank in STATUS_RANK.items() if rank < STATUS_RANK[ours]]
    final = STATUS_RANK[ours] == 2
    reason = error_code or (status if status in {"busy", "no-answer"} else "")
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(provider=provider, direction="outbound", provider_id=provider_id)
            .first()
        )
        if message is None or message.status not in earlier:
            return False
        message.status, message.status_at = ours, now
        fields = ["status", "status_at"]
        if final and ours != "delivered":
            message.error_code = reason
            message.error_message = DELIVERY_ERROR_TEXT.get(
                reason, f"The carrier reported error {reason}." if reason else "Not delivered."
            )
            fields += ["error_code", "error_message"]
        message.save(update_fields=fields)
        if message.action_id:
            Action.objects.filter(pk=message.action_id).update(updated_at=now)
            AuditEvent.objects.create(
                team_id=message.team_id, action_id=message.action_id, via=provider,
                event="delivery", to_status=ours,
                details={"provider_status": status, "error_code": reason},
            )  # fmt: skip
    if reason == "21610" and message.channel == "sms":
        for number in message.to:
            opt_out_record(team=message.team, number=number, source=OptOut.Source.PROVIDER)
    return True


def message_id_adopt(*, provider: str, provider_id: str, key: str) -> bool:
    """Store ``provider_id`` on the action message with idempotency ``key`` that has none yet
    (its send answered too late); True when it did. A malformed key changes nothing."""
    try:
        key_value = uuid.UUID(key)
    except ValueError:
        return False
    return bool(
        Message.objects.filter(
            provider=provider, direction="outbound", provider_id="",
            action__idempotency_key=key_value,
        ).update(provider_id=provider_id, error_code="", error_message="")
    )  # fmt: skip


def opt_outs_apply_to_contacts(*, team: Team, numbers: list[str]) -> None:
    """The ``CONTACT_POINTS_ADDED`` hook: a number that replied STOP keeps its contacts opted
    out of texts, whoever it is filed under (the policy reads the contact's flag; the sender
    checks the numbers again)."""
    stopped = OptOut.objects.filter(team=team, number__in=numbers).values("number")
    if numbers and stopped.exists():
        Contact.objects.filter(team=team, phones__number__in=stopped).update(sms_opted_out=True)
