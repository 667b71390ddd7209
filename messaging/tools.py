"""Handlers of the communication tools: resolve recipients, then send exactly once."""

from __future__ import annotations

from typing import Any

from assistant.models import Action
from assistant.recipients import Recipient, recipients_resolve
from assistant.registry import ToolError
from messaging.providers.base import ProviderError
from messaging.services import message_send


def _send(
    action: Action, *, channel: str, field: str, body: str, subject: str = ""
) -> dict[str, Any]:
    recipients: list[Recipient] = recipients_resolve(
        team=action.team, values=action.args[field], channel=channel
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
        )
    except ProviderError as error:
        raise ToolError(error.code, error.message, permanent=error.permanent) from error
    return {"message": message.pk, "provider_id": message.provider_id, "to": message.to}


def send_sms(*, action: Action) -> dict[str, Any]:
    return _send(action, channel="sms", field="to", body=action.args["body"])


def send_email(*, action: Action) -> dict[str, Any]:
    args = action.args
    return _send(action, channel="email", field="to", body=args["body"], subject=args["subject"])


def make_call(*, action: Action) -> dict[str, Any]:
    return _send(action, channel="call", field="to", body=action.args["message"])
