"""Twilio's webhooks: inbound texts, calls and delivery statuses (PROMISES 9 to 12).

Each view checks the signature with the twilio library's ``RequestValidator`` against the
URL rebuilt from ``PUBLIC_BASE_URL`` (the address Twilio was given, whatever proxies did to
the Host header or the scheme), then only stores and enqueues, and answers TwiML at once.
A missing or wrong signature, or one made for another URL or other parameters (a replayed
signature), is a 403 that stores nothing. The same provider id delivered again changes
nothing: Twilio retries a webhook with the very same request.

Once the signature holds, the parameters pass one cleaning step (``_stripped``): NUL
characters and unpaired surrogates are removed and the rest is kept, since refusing a text
would only make Twilio deliver it again and again. A value too long for its column (a
200-character MessageSid, a 300-character From) is refused by the service with an
``InputError``: 400 with its code, and nothing stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from assistant.inputs import InputError, text_strip
from messaging.inbound import (
    call_reply_receive,
    inbound_sms_receive,
    inbound_speech_receive,
    team_for_number,
)
from messaging.services import message_status_record

logger = logging.getLogger(__name__)

TWIML = "text/xml; charset=utf-8"


def twilio_signature_valid(*, url: str, params: dict[str, str], signature: str) -> bool:
    """Whether ``signature`` is Twilio's for ``url`` and ``params`` under our auth token."""
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        return False
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature)


def public_request_url(request: HttpRequest) -> str:
    """The URL Twilio called: ``PUBLIC_BASE_URL`` with this request's path and query."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + request.get_full_path()


def _forbidden(reason: str) -> HttpResponse:
    return HttpResponse(
        f'{{"code": "INVALID_SIGNATURE", "message": "{reason}"}}',
        status=403,
        content_type="application/json",
    )


def twilio_webhook(view: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only, no CSRF token (Twilio has none), and a valid Twilio signature."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def checked(request: HttpRequest) -> HttpResponse:
        if not settings.TWILIO_AUTH_TOKEN:
            logger.error("A Twilio webhook arrived but TWILIO_AUTH_TOKEN is not set: refused.")
            return _forbidden("This server cannot check Twilio signatures: no auth token.")
        signature = request.headers.get("X-Twilio-Signature", "")
        params = {key: request.POST.get(key, "") for key in request.POST}
        if not signature:
            return _forbidden("The X-Twilio-Signature header is missing.")
        if not twilio_signature_valid(
            url=public_request_url(request), params=params, signature=signature
        ):
            logger.warning("Twilio webhook %s with a bad signature refused", request.path)
            return _forbidden("The X-Twilio-Signature does not match this URL and body.")
        request.GET, request.POST = _stripped(request.GET), _stripped(request.POST)
        try:
            return view(request)
        except InputError as error:
            logger.warning("Twilio webhook %s refused: %s %s", request.path, error.code, error)
            return JsonResponse(error.as_dict(), status=error.status)

    return checked


def _stripped(data: QueryDict) -> QueryDict:
    """``data`` with what no column can hold (NUL, unpaired surrogates) taken out of every
    name and value; the rest is kept as it came."""
    clean = QueryDict(mutable=True)
    for name, values in data.lists():
        clean.setlist(text_strip(name), [text_strip(value) for value in values])
    return clean


def _twiml(response: MessagingResponse | VoiceResponse | None = None) -> HttpResponse:
    return HttpResponse(str(response or MessagingResponse()), content_type=TWIML)


@twilio_webhook
def twilio_sms(request: HttpRequest) -> HttpResponse:
    """A text to one of the teams' numbers."""
    data = request.POST
    sid = data.get("MessageSid") or data.get("SmsSid") or ""
    sender, to = data.get("From", ""), data.get("To", "")
    team = team_for_number(to)
    if not sid or team is None:
        logger.warning("Text to %s (%s) ignored: no team owns that number.", to, sid or "no sid")
        return _twiml()
    received = inbound_sms_receive(
        team=team, provider="twilio", sid=sid, sender=sender, to=to, body=data.get("Body", "")
    )
    response = MessagingResponse()
    if received.reply:
        response.message(received.reply)
    return _twiml(response)


@twilio_webhook
def twilio_voice(request: HttpRequest) -> HttpResponse:
    """A call to a team number (greet, then listen), the words a caller said, or the answer
    spoken on one of our calls (``?reply=1``)."""
    data = request.POST
    call_sid = data.get("CallSid", "")
    speech = data.get("SpeechResult", "").strip()
    voice = {"voice": settings.TWILIO_VOICE, "language": settings.TWILIO_VOICE_LANGUAGE}
    response = VoiceResponse()
    if request.GET.get("reply"):
        if speech and call_sid:
            call_reply_receive(provider="twilio", call_sid=call_sid, speech=speech)
        response.say("Thank you. Goodbye.", **voice)
        return _twiml(response)
    to = data.get("To", "")
    team = team_for_number(to)
    if team is None or not call_sid:
        response.say("This number is not in service.", **voice)
        response.hangup()
        return _twiml(response)
    if request.GET.get("speech"):
        if speech:
            inbound_speech_receive(
                team=team, provider="twilio", call_sid=call_sid, sender=data.get("From", ""),
                to=to, speech=speech,
            )  # fmt: skip
            response.say("Thank you, your message is passed on. Goodbye.", **voice)
        else:
            response.say("Nothing was heard. Goodbye.", **voice)
        return _twiml(response)
    gather = response.gather(
        input="speech", action=request.path + "?speech=1", method="POST",
        speech_timeout="auto", language=settings.TWILIO_VOICE_LANGUAGE,
    )  # fmt: skip
    gather.say(f"You have reached {team.name}'s assistant. Please say your message.", **voice)
    response.say("Nothing was heard. Goodbye.", **voice)
    return _twiml(response)


@twilio_webhook
def twilio_status(request: HttpRequest) -> HttpResponse:
    """A delivery status of one of our texts or calls."""
    data = request.POST
    sid = data.get("MessageSid") or data.get("CallSid") or ""
    status = data.get("MessageStatus") or data.get("CallStatus") or ""
    if sid and status:
        message_status_record(
            provider="twilio", provider_id=sid, status=status,
            error_code=data.get("ErrorCode", ""), key=request.GET.get("key", ""),
        )  # fmt: skip
    return _twiml()
