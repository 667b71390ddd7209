"""The communication tools (text, email, call): their declarations (``TOOLS``), handlers
that resolve recipients and send exactly once, and ``recover_message``, which tells the
sweeper whether a message of a crashed action left."""

from __future__ import annotations

from typing import Any

from assistant.models import Action
from assistant.tools.recipients import Recipient, recipients_resolve
from assistant.tools.registry import PERSON, Tool, ToolError, object_schema, tool_get
from messaging.channels import SMS
from messaging.models import Message
from messaging.policy_facts import opted_out_numbers
from messaging.providers import provider_for
from messaging.providers.base import Outbound, ProviderError
from messaging.services import message_send


def _send(
    action: Action, *, channel: str, field: str, body: str, subject: str = "",
    collect_reply: bool = False, cc_field: str = "",
) -> dict[str, Any]:  # fmt: skip
    recipients: list[Recipient] = recipients_resolve(
        team=action.team, values=action.args[field], channel=channel
    )
    copied: list[Recipient] = (
        recipients_resolve(team=action.team, values=action.args[cc_field], channel=channel)
        if action.args.get(cc_field)
        else []
    )
    # Someone may have replied STOP since the action was approved: check again, last thing.
    stopped = (
        opted_out_numbers(team=action.team, numbers=[r.address for r in recipients])
        if channel == SMS.name
        else set()
    )
    opted_out = [
        r.name for r in recipients + copied if r.opted_out(channel) or r.address in stopped
    ]
    if opted_out:
        raise ToolError(
            "OPTED_OUT",
            f"{', '.join(opted_out)} asked not to be contacted this way; nothing was sent.",
            permanent=True,
        )
    contact = recipients[0].contact if len(recipients) == 1 else None
    try:
        message = message_send(
            action=action,
            channel=channel,
            to=[r.address for r in recipients],
            body=body,
            subject=subject,
            contact=contact,
            collect_reply=collect_reply,
            cc=[r.address for r in copied],
        )
    except ProviderError as error:
        raise ToolError(
            error.code, error.message, permanent=error.permanent, unknown=error.unknown
        ) from error
    return {"message": message.pk, "provider_id": message.provider_id, "to": message.to}


def send_sms(*, action: Action) -> dict[str, Any]:
    return _send(action, channel="sms", field="to", body=action.args["body"])


def send_email(*, action: Action) -> dict[str, Any]:
    args = action.args
    return _send(
        action, channel="email", field="to", body=args["body"], subject=args["subject"],
        cc_field="cc",
    )  # fmt: skip


def make_call(*, action: Action) -> dict[str, Any]:
    return _send(
        action, channel="call", field="to", body=action.args["message"],
        collect_reply=bool(action.args.get("collect_reply")),
    )  # fmt: skip


def recover_message(*, action: Action) -> bool | None:
    """Whether the message of ``action`` (after a crash or a send whose answer never came)
    left: True when the provider's id is stored (its answer, or a status callback carrying
    our key); False when no message was begun (the send never started) or the provider
    provably has none; else what the provider finds (None: it cannot know yet)."""
    message = Message.objects.filter(action=action).first()
    if message is None:
        return False  # the Message row is written before any provider is called
    if message.provider_id:
        return True
    tool = tool_get(action.tool)
    if tool is None:
        return None
    provider = provider_for(tool.channel, team=action.team, user=action.requested_by)
    outbound = Outbound(
        channel=message.channel, to=message.to, body=message.body, subject=message.subject,
        sender=message.sender, key=str(action.idempotency_key),
    )  # fmt: skip
    return provider.was_sent(outbound, since=message.created_at)


TOOLS = [
    Tool(
        name="send_sms",
        description="Text a contact.",
        schema=object_schema(
            ["to", "body"],
            to=PERSON,
            body={"type": "string", "minLength": 1, "maxLength": 1600},
        ),
        risk="high",
        handler="messaging.tools.send_sms",
        channel="sms",
        notifies=("to",),
        recover="messaging.tools.recover_message",
        content=(("body", "Text"),),
        noun="text",
    ),
    Tool(
        name="send_email",
        description="Email one or more people.",
        schema=object_schema(
            ["to", "subject", "body"],
            to={"type": "array", "items": PERSON, "minItems": 1},
            subject={"type": "string", "minLength": 1, "maxLength": 300},
            body={"type": "string", "minLength": 1, "maxLength": 50000},
            cc={"type": "array", "items": PERSON},
        ),
        risk="high",
        handler="messaging.tools.send_email",
        channel="email",
        notifies=("to", "cc"),
        recover="messaging.tools.recover_message",
        content=(("subject", "Subject"), ("body", "Email")),
        noun="email",
    ),
    Tool(
        name="make_call",
        description="Call a contact and speak a message, optionally collecting a reply.",
        schema=object_schema(
            ["to", "message"],
            to=PERSON,
            message={"type": "string", "minLength": 1, "maxLength": 2000},
            collect_reply={"type": "boolean"},
        ),
        risk="high",
        handler="messaging.tools.make_call",
        channel="call",
        notifies=("to",),
        recover="messaging.tools.recover_message",
        content=(("message", "Spoken message"),),
        noun="call",
    ),
]
