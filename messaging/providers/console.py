"""The default provider: sends nothing, logs the message; the Outbox page shows it."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from messaging.providers.base import Outbound, Sent

logger = logging.getLogger(__name__)


class ConsoleProvider:
    """Sends nothing: each message is logged and kept in the Outbox."""

    name = "console"
    label = "Console"
    delivers = False  # whether anything leaves this machine
    reports_delivery = False
    settings_template = "messaging/providers/console.html"
    settings_hint = ""

    def __init__(self, *, team: Any, user: Any = None) -> None:
        self.team = team

    @classmethod
    def missing_settings(cls) -> list[str]:
        return []

    def send(self, message: Outbound) -> Sent:
        logger.info(
            "console %s to %s: %s%s",
            message.channel,
            ", ".join(message.to),
            f"[{message.subject}] " if message.subject else "",
            message.body,
        )
        return Sent(provider_id=f"console-{uuid.uuid4().hex[:12]}")

    def was_sent(self, message: Outbound, *, since: datetime) -> bool | None:
        # The console "send" is the database commit that stores the provider id with the
        # message (messaging.services.message_send): without that id, it provably did not happen.
        return False
