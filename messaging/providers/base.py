"""The interface every channel provider implements (console, Twilio, SMTP, Gmail, Outlook)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from assistant.errors import CodedError


@dataclass(frozen=True)
class Outbound:
    """One message to send. ``key`` is unique per message and never reused (the action's
    idempotency key): a provider that supports idempotency passes it on."""

    channel: str
    to: list[str]
    body: str
    key: str
    subject: str = ""
    cc: list[str] = field(default_factory=list)
    sender: str = ""  # the team's number, or "Name <address>" for email
    reply_to: str = ""
    status_callback: str = ""  # where the provider reports delivery
    collect_reply: bool = False  # calls: listen for a spoken answer after the message
    reply_callback: str = ""  # calls: where the spoken answer is posted
    headers: dict[str, str] = field(default_factory=dict)  # email: In-Reply-To, References


@dataclass(frozen=True)
class Sent:
    provider_id: str
    status: str = "sent"
    segments: int | None = None


class ProviderError(CodedError):
    """A send that did not happen, with a machine code and a sentence for people.

    ``permanent`` failures (invalid number, opted out, bad request) are never retried;
    others may be retried with backoff, but only when they prove nothing was sent (a refused
    connection, DNS, a 429 or 5xx answer). ``unknown`` says the request may have reached the
    provider (a read timeout, a connection reset after sending): before any retry the
    provider is asked (``was_sent``). ``reauth`` says the account must be connected again
    before anything can be sent (it is permanent too).
    """

    def __init__(
        self, code: str, message: str, *, permanent: bool, reauth: bool = False,
        unknown: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(code, message, permanent=permanent or reauth, status=502)
        self.reauth = reauth
        self.unknown = unknown and not self.permanent


class ChannelProvider(Protocol):
    """A provider built for one account: ``Provider(team=..., user=...)``.

    It states what it can do and what it needs, so nothing else compares its name:
    ``reports_delivery`` (a delivery report comes later: the card keeps watching),
    ``missing_settings()`` (the settings it needs that are not set, checked at start-up) and
    ``settings_template`` (the part of Settings → Channels that explains how it is set up;
    it gets ``provider``, the ``ProviderFacts`` of its channel).
    """

    name: str
    label: str
    delivers: bool  # False: nothing leaves (console); the Outbox is where it is read
    reports_delivery: bool
    settings_template: str
    settings_hint: str  # what to do when settings are missing (the start-up check says it)

    def __init__(self, *, team: Any, user: Any = None) -> None: ...

    @classmethod
    def missing_settings(cls) -> list[str]:
        """The settings this provider needs that are empty: [] when it is ready."""
        ...

    def send(self, message: Outbound) -> Sent:
        """Send ``message`` once; raise ProviderError when it was not sent."""
        ...

    def was_sent(self, message: Outbound, *, since: datetime) -> bool | None:
        """Whether ``message`` (sent no earlier than ``since``) left: True, False, or None
        when it cannot be known yet.

        The engine asks this after a send whose outcome is unknown (a read timeout) and about
        an action a dead worker left mid-send: True records it as done, False lets it retry
        safely, None (after a bounded wait) sends the action to a person for review.
        """
        ...
