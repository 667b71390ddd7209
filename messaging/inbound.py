"""What arrives: texts and spoken answers from members, contacts and strangers (SPEC §8).

The webhooks only store and enqueue (``*_receive``): a repeated delivery of the same
provider id changes nothing, and the opt-out words act at once, because nothing may be sent
to a number after it said STOP. A worker then acts on each stored message once
(``inbound_message_process``):

- From a member's verified number: an approval answer ("Y 4821", "PENDING"), or else a
  request, planned like one typed in the web page. Whether it counts as the member depends
  on the team policy, because caller ID can be forged.
- From anyone else: kept as an interaction of the contact (if known) and planned as a task
  for the team whose author is external, so nothing it asks for runs without approval,
  and the queue shows its words as untrusted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistant.inputs import fields_check
from assistant.models import Team, TeamPolicy, UserAgentSettings
from contacts.models import Interaction
from contacts.selectors import contact_with_phone
from messaging.identities import verified_phone_owner
from messaging.models import ChannelSettings, Message, OptOut, TeamNumber
from messaging.services import message_send_plain, opt_in_record, opt_out_record
from messaging.sms_approvals import sms_reply_handle
from tasks.models import Task

logger = logging.getLogger(__name__)

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})


def keyword_of(body: str) -> str:
    """The opt-out, opt-in or help word ``body`` is, or "" (carriers match the whole text)."""
    word = body.strip().strip(".!").upper()
    return word if word in STOP_WORDS | START_WORDS | HELP_WORDS else ""


def team_for_number(number: str) -> Team | None:
    """The team that owns the number a text or call arrived at: the team that added it in
    Settings → Channels or, on an installation with a single team, TWILIO_FROM_NUMBER."""
    owned = TeamNumber.objects.filter(number=number).select_related("team")[:1]
    if owned:
        return owned[0].team
    if number and number == settings.TWILIO_FROM_NUMBER:
        teams = list(Team.objects.all()[:2])
        return teams[0] if len(teams) == 1 else None
    return None


def help_text(team: Team) -> str:
    mine = ChannelSettings.objects.filter(team=team).first()
    if mine and mine.sms_help_text:
        return mine.sms_help_text
    return (
        f"{team.name}'s assistant (Consigliere). Reply STOP to stop texts, START to get them again."
    )


@dataclass(frozen=True)
class Received:
    message: Message | None  # None: a repeated delivery, nothing new stored
    reply: str = ""  # to answer in the webhook's TwiML


def _store(team: Team, **fields: object) -> Message:
    """Store an inbound message; an IntegrityError means its provider id was stored before
    (a repeated delivery): callers catch it outside their transaction, so no savepoint."""
    return Message.objects.create(
        team=team, direction=Message.Direction.INBOUND, purpose=Message.Purpose.INBOUND,
        status=Message.Status.RECEIVED, status_at=timezone.now(), **fields,
    )  # fmt: skip


def inbound_sms_receive(
    *, team: Team, provider: str, sid: str, sender: str, to: str, body: str
) -> Received:
    """Store one inbound text once; act on STOP/START/HELP at once, enqueue the rest.
    ``InputError`` (nothing stored) when an id or a number is too long for its column."""
    from messaging.jobs import process_inbound_message_job

    word = keyword_of(body)
    fields_check(Message, provider_id=sid, sender=sender)
    if word in STOP_WORDS:
        fields_check(OptOut, number=sender)
    try:
        with transaction.atomic():
            message = _store(
                team, channel="sms", provider=provider, provider_id=sid, sender=sender,
                to=[to], body=body,
            )  # fmt: skip
            if not word:
                process_inbound_message_job.delay_on_commit(message.pk)
                return Received(message)
            if word in STOP_WORDS:
                opt_out_record(team=team, number=sender, source="keyword", keyword=word)
                reply = (
                    f"You will get no more texts from {team.name}. Reply START to get them again."
                )
            elif word in START_WORDS:
                opt_in_record(team=team, number=sender)
                reply = f"You will get texts from {team.name} again. Reply STOP to stop them."
            else:
                reply = help_text(team)
            Message.objects.filter(pk=message.pk).update(
                handled_at=timezone.now(), contact=contact_with_phone(team=team, number=sender)
            )
            Message.objects.create(
                team=team, channel="sms", purpose=Message.Purpose.REPLY, to=[sender],
                sender=to, body=reply, provider=provider, status=Message.Status.SENT,
                sent_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError:  # this MessageSid was stored before: Twilio delivered it again
        return Received(None)
    return Received(message, reply)


def inbound_speech_receive(
    *, team: Team, provider: str, call_sid: str, sender: str, to: str, speech: str
) -> Received:
    """Store what a caller said to the team's number once, and enqueue it like a text.
    ``InputError`` (nothing stored) when the call's id or number is too long for its column."""
    from messaging.jobs import process_inbound_message_job

    fields_check(Message, provider_id=f"{call_sid}:speech", sender=sender)
    try:
        with transaction.atomic():
            message = _store(
                team, channel="call", provider=provider, provider_id=f"{call_sid}:speech",
                sender=sender, to=[to], body=speech,
            )  # fmt: skip
            process_inbound_message_job.delay_on_commit(message.pk)
    except IntegrityError:  # said once, delivered twice
        return Received(None)
    return Received(message)


def call_reply_receive(*, provider: str, call_sid: str, speech: str) -> Received:
    """Keep the answer spoken on one of our calls (``collect_reply``): an inbound message on
    the call's task, and an interaction of the contact called. ``InputError`` (nothing
    stored) when the call's id is too long for its column."""
    fields_check(Message, provider_id=f"{call_sid}:reply")
    call = (
        Message.objects.filter(
            provider=provider, provider_id=call_sid, direction=Message.Direction.OUTBOUND
        )
        .select_related("team", "action")
        .first()
    )
    if call is None:
        return Received(None)
    try:
        with transaction.atomic():
            message = _store(
                call.team, channel="call", provider=provider, provider_id=f"{call_sid}:reply",
                sender=call.to[0], to=[call.sender], body=speech, contact=call.contact,
                task_id=call.action.task_id if call.action else None, handled_at=timezone.now(),
            )  # fmt: skip
            if call.contact is not None:
                Interaction.objects.create(
                    team=call.team, contact=call.contact, channel=Interaction.Channel.CALL,
                    direction=Interaction.Direction.INBOUND, content=speech,
                    occurred_at=timezone.now(), provider_id=message.provider_id,
                )  # fmt: skip
    except IntegrityError:  # the same answer posted again
        return Received(None)
    return Received(message)


def _reply(message: Message, text: str) -> None:
    if message.channel == "sms":
        message_send_plain(
            team=message.team, channel="sms", to=message.sender, body=text,
            purpose=Message.Purpose.REPLY, task_id=message.task_id,
        )  # fmt: skip


def inbound_message_process(*, message_id: int) -> str:
    """Act on one stored inbound message, once.

    The message stays locked while it is acted on and is marked handled in the same
    transaction: a second job for it skips it, and a worker that dies half-way leaves it
    unhandled for the job's redelivery. Returns what it was: ``command``, ``request``,
    ``external``, ``ignored`` or ``handled`` (before, or by another worker now).
    """
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("team")
            .filter(pk=message_id, handled_at__isnull=True)
            .first()
        )
        if message is None:
            return "handled"
        outcome = _act_on(message)
        Message.objects.filter(pk=message.pk).update(handled_at=timezone.now())
    return outcome


def _act_on(message: Message) -> str:
    from assistant.planning.services import task_submit_later

    team, text = message.team, message.body.strip()
    if message.contact_id is None:  # looked up here, not in the webhook, which must be quick
        message.contact = contact_with_phone(team=team, number=message.sender)
        if message.contact is not None:
            Message.objects.filter(pk=message.pk).update(contact=message.contact)
    source = Task.Source.SMS if message.channel == "sms" else Task.Source.VOICE
    user = verified_phone_owner(team=team, number=message.sender)
    if user is not None:
        answer = sms_reply_handle(team=team, user=user, phone=message.sender, text=text)
        if answer is not None:
            _reply(message, answer.text)
            return "command"
    if not text:
        return "ignored"
    if user is not None:
        policy, _ = TeamPolicy.objects.get_or_create(team=team)
        trusted = policy.principal_sms_counts_as_principal
        actor = Task.Actor.PRINCIPAL if trusted else Task.Actor.UNVERIFIED
    else:
        actor = Task.Actor.EXTERNAL
        if message.contact is not None:
            Interaction.objects.get_or_create(
                channel=message.channel, provider_id=message.provider_id,
                defaults={
                    "team": team, "contact": message.contact, "content": text,
                    "direction": Interaction.Direction.INBOUND, "occurred_at": message.created_at,
                },
            )  # fmt: skip
    try:  # planned by plan_task_job once this commits: no lock is held while a model thinks
        task = task_submit_later(
            team=team, user=user, text=text[:2000], source=source, actor_kind=actor
        )
    except ValidationError as error:  # cannot happen for a non-empty text; kept visible
        logger.warning("Inbound message %s was not planned: %s", message.pk, error)
        return "ignored"
    Message.objects.filter(pk=message.pk).update(task=task)
    return "request" if user is not None else "external"


def inbound_on_planned(*, task: Task) -> None:
    """The ``TASK_PLANNED`` hook: answer the member whose text asked for ``task`` with where
    it stands, unless approval texts about it are coming anyway."""
    if task.requested_by is None:
        return
    message = (
        Message.objects.filter(task=task, direction=Message.Direction.INBOUND, channel="sms")
        .select_related("team")
        .first()
    )
    if message is not None and not _approval_texts_coming(task, task.requested_by):
        _reply(message, f"Consigliere: {_status_words(task)}")


def _approval_texts_coming(task: Task, user: object) -> bool:
    waiting = task.actions.filter(status="pending_approval").exists()
    return (
        waiting
        and UserAgentSettings.objects.filter(
            membership__team_id=task.team_id, membership__user=user, approve_by_sms=True
        ).exists()
    )


def _status_words(task: Task) -> str:
    task.refresh_from_db()
    summary = (task.summary or task.text)[:200]
    if task.status == Task.Status.NEEDS_CLARIFICATION:
        return f"{summary} Answer in the app."
    if task.status == Task.Status.WAITING:
        return f"Waiting for approval in the app: {summary}"
    return f"{task.get_status_display()}: {summary}"
