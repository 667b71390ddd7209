"""Handlers of the communication tools: resolve recipients, then send exactly once."""

from __future__ import annotations

from typing import Any

from assistant.models import Action
from assistant.policy import opted_out_numbers
from assistant.recipients import Recipient, recipients_resolve
from assistant.registry import ToolError
from messaging.providers.base import ProviderError
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
        if channel == "sms"
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
        raise ToolError(error.code, error.message, permanent=error.permanent) from error
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
