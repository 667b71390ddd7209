"""Texts and calls through Twilio, with the ``twilio`` SDK.

Every request has a connect and a read timeout; the API's address is a setting
(``TWILIO_API_BASE_URL``), so the tests point the real SDK at a local fake. Twilio's errors
map onto the provider interface: an invalid number (21211), an unsubscribed recipient
(21610) and other 4xx answers are permanent; 429, 5xx and refused connections are transient
and retried by the executor; a read timeout may have created the text, so it is *unknown*
and Twilio's message list is asked before anything is tried again (``was_sent``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse
from urllib3.exceptions import NameResolutionError, NewConnectionError

from messaging.providers.base import Outbound, ProviderError, Sent
from messaging.segments import sms_segments

# Twilio error codes people meet, in words; anything else shows Twilio's own message.
ERROR_TEXT = {
    21211: "{to} is not a valid phone number.",
    21214: "{to} cannot be reached by phone.",
    21408: "Twilio may not send to {to}'s country from this account.",
    21610: "{to} replied STOP to the team's texts; nothing more goes to them until START.",
    21612: "Twilio cannot send from this team number to {to}.",
    21614: "{to} is not a mobile number and cannot receive texts.",
    20003: "Twilio refused the credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.",
}  # fmt: skip
NO_SENDER = (
    "There is no number to send from: add one to the team in Settings → Channels, or set "
    "TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID for texts)."
)
logger = logging.getLogger(__name__)
CODES = {21211: "INVALID_NUMBER", 21214: "INVALID_NUMBER", 21614: "NOT_MOBILE", 21610: "OPTED_OUT"}


def twilio_client() -> Client:
    """A Twilio client with timeouts, talking to ``TWILIO_API_BASE_URL``: one per process
    and set of settings, so its connections are kept between sends."""
    return _client(
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
        settings.TWILIO_API_BASE_URL.rstrip("/"),
        (settings.TWILIO_CONNECT_TIMEOUT_SECONDS, settings.TWILIO_READ_TIMEOUT_SECONDS),
    )  # fmt: skip


@lru_cache(maxsize=8)
def _client(sid: str, token: str, base_url: str, timeout: tuple[float, float]) -> Client:
    http = TwilioHttpClient(max_retries=0)
    # requests takes (connect, read); the SDK's constructor only checks a single number.
    http.timeout = timeout
    client = Client(sid, token, http_client=http)
    client.api.base_url = base_url
    return client


def provider_error(error: Exception, *, to: str) -> ProviderError:
    """The interface's error for what the SDK raised.

    Only what proves nothing was created is retried: an answer (429, 5xx), a refused
    connection or a name that does not resolve. A read timeout or a connection cut after the
    request went out may have created the text: that is ``unknown``, and Twilio is asked.
    """
    if isinstance(error, TwilioRestException):
        code = int(error.code or 0)
        words = ERROR_TEXT.get(code, "Twilio said: {message}").format(
            to=to, message=error.msg or f"HTTP {error.status}"
        )
        if error.status == 429 or error.status >= 500:
            return ProviderError(
                "PROVIDER_BUSY", f"Twilio is busy or failing (HTTP {error.status}).",
                permanent=False,
            )  # fmt: skip
        return ProviderError(
            CODES.get(code, f"TWILIO_{code or error.status}"), words, permanent=True
        )
    if isinstance(error, requests.ConnectTimeout) or _refused(error):
        return ProviderError(
            "PROVIDER_UNREACHABLE", f"Twilio could not be reached ({type(error).__name__}).",
            permanent=False,
        )  # fmt: skip
    return ProviderError(
        "PROVIDER_OUTCOME_UNKNOWN",
        f"Twilio did not answer in time ({type(error).__name__}); the request may have "
        "created the text or call.",
        permanent=False, unknown=True,
    )  # fmt: skip


def _refused(error: Exception) -> bool:
    """Whether the connection never carried our request (refused, DNS, no route)."""
    if not isinstance(error, requests.ConnectionError):
        return False
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, NewConnectionError | NameResolutionError | ConnectionRefusedError):
            return True
        cause = cause.__cause__ or cause.__context__ or _reason(cause)
    return False


def _reason(error: BaseException) -> BaseException | None:
    """urllib3 and requests keep the underlying error in ``reason`` or ``args[0]``."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    first = error.args[0] if error.args else None
    return first if isinstance(first, BaseException) and first is not error else None


def call_twiml(message: Outbound) -> str:
    """What a call says: the message in the configured voice, then, when asked, a pause to
    listen for a spoken answer that Twilio transcribes and posts to ``reply_callback``."""
    response = VoiceResponse()
    say = {"voice": settings.TWILIO_VOICE, "language": settings.TWILIO_VOICE_LANGUAGE}
    response.say(message.body, **say)
    if message.collect_reply:
        gather = response.gather(
            input="speech", action=message.reply_callback, method="POST", timeout=5,
            speech_timeout="auto", language=settings.TWILIO_VOICE_LANGUAGE,
        )  # fmt: skip
        gather.say("Please say your answer after the tone.", **say)
        response.say("No answer heard. Goodbye.", **say)
    return str(response)


class TwilioProvider:
    """Texts and calls through Twilio's REST API; delivery reports come to our webhook."""

    name = "twilio"
    label = "Twilio"
    delivers = True  # whether anything leaves this machine
    reports_delivery = True
    settings_template = "messaging/providers/twilio.html"
    settings_hint = "Set both from the Twilio console, or choose the console provider."
    check_id = "messaging.E002"

    def __init__(self, *, team: Any, user: Any = None) -> None:
        self.team = team

    @classmethod
    def missing_settings(cls) -> list[str]:
        return [
            name for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")
            if not getattr(settings, name)
        ]  # fmt: skip

    @property
    def client(self) -> Client:
        return twilio_client()

    def send(self, message: Outbound) -> Sent:
        to = message.to[0]
        if not (settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN):
            raise ProviderError(
                "PROVIDER_NOT_CONFIGURED",
                "Twilio is chosen but TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set.",
                permanent=True,
            )
        try:
            if message.channel == "call":
                if not (message.sender or settings.TWILIO_FROM_NUMBER):
                    raise ProviderError("PROVIDER_NOT_CONFIGURED", NO_SENDER, permanent=True)
                call = self.client.calls.create(
                    to=to, from_=message.sender or settings.TWILIO_FROM_NUMBER,
                    twiml=call_twiml(message),
                    status_callback=message.status_callback or None,
                    status_callback_event=["initiated", "ringing", "answered", "completed"],
                    status_callback_method="POST",
                )  # fmt: skip
                return Sent(provider_id=call.sid, status="queued")
            sender = {"from_": message.sender} if message.sender else {}
            if settings.TWILIO_MESSAGING_SERVICE_SID and not message.sender:
                sender = {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
            if not any(sender.values()):
                raise ProviderError("PROVIDER_NOT_CONFIGURED", NO_SENDER, permanent=True)
            created = self.client.messages.create(
                to=to, body=message.body, status_callback=message.status_callback or None,
                **sender,
            )  # fmt: skip
        except (TwilioException, requests.RequestException) as error:
            raise provider_error(error, to=to) from error
        segments = int(created.num_segments) if created.num_segments else sms_segments(message.body)
        return Sent(provider_id=created.sid, status="queued", segments=segments)

    def was_sent(self, message: Outbound, *, since: datetime) -> bool | None:
        """Ask Twilio for a text (or call) to the same number from the same sender created
        since ``since`` (a minute of clock difference allowed), with our body for texts.

        Twilio has no lookup by our key (the status callback carries it, and a callback that
        arrived has already stored the provider id), so its list is searched: found is True;
        not found, or Twilio cannot be asked, is None (it may still appear).
        """
        to = message.to[0]
        sender = message.sender or settings.TWILIO_FROM_NUMBER or None
        after = since - timedelta(minutes=1)
        calls = message.channel == "call"
        try:
            listed = self.client.calls if calls else self.client.messages
            recent = listed.list(to=to, from_=sender, limit=50)
        except (TwilioException, requests.RequestException) as error:
            logger.warning("Could not ask Twilio whether a %s to %s left: %s",
                           message.channel, to, error)  # fmt: skip
            return None
        for item in recent:
            created = item.date_created
            if (calls or item.body == message.body) and (created is None or created >= after):
                return True
        return None
