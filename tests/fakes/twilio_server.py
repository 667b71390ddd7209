"""A local stand-in for Twilio's REST API (2010-04-01), spoken over real HTTP.

The real ``twilio`` SDK talks to it (``client.api.base_url = fake.base_url``), so our wiring
(credentials, the form the SDK posts, timeouts, how errors are read) runs for real::

    with running_fake_twilio() as fake:
        client = Client(fake.account_sid, fake.auth_token)
        client.api.base_url = fake.base_url
        fake.script("21211")  # the next create is refused, then back to "ok"
        ...
        assert fake.messages()[0]["Body"] == "Running late"

It answers ``POST .../Messages.json`` and ``POST .../Calls.json`` (create, 201),
``GET .../Messages/{sid}.json`` and ``GET .../Calls/{sid}.json`` (fetch) and
``GET .../Messages.json`` and ``GET .../Calls.json`` (list, newest first, filtered by ``To``
and ``From``, one page of ``PageSize``) with resources shaped like Twilio's, checks HTTP Basic credentials (401, code 20003, as Twilio does) and answers
anything else with Twilio's 404 (code 20404).

Create requests take their outcome from a script, in order, then fall back to the default
(``"ok"``, or whatever ``always()`` set). An outcome is one of ``OUTCOMES``: ``"ok"``, an
error as Twilio sends it (``"21211"``, ``"21610"``, ``"429"``, ``"500"``, ...), or ``"hang"``
(read the request, answer nothing until ``release()``, ``reset()`` or ``stop()``, so the
client's read timeout fires) or ``"late"`` (create the text or call, as Twilio does, then
answer nothing until released: the client times out on a request that did send).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from tests.fakes.http import JsonHandler

API_VERSION = "2010-04-01"
TEST_ACCOUNT_SID = "AC" + "fa4e" * 8  # fixed, so a failing test's output is readable
TEST_AUTH_TOKEN = "7e57" * 8
HANG_SAFETY_SECONDS = 60.0

# Errors a create can be scripted to meet: HTTP status, Twilio code, message as Twilio words
# it ({to} and {from_} are the request's parameters).
ERRORS: dict[str, tuple[int, int, str]] = {
    "429": (429, 20429, "Too Many Requests"),
    "500": (500, 20500, "Internal Server Error"),
    "503": (503, 20503, "Service Unavailable"),
    "21211": (400, 21211, "Invalid 'To' Phone Number: {to}"),
    "21408": (
        400,
        21408,
        "Permission to send an SMS has not been enabled for the region indicated by the "
        "'To' number: {to}.",
    ),
    "21610": (400, 21610, "Attempt to send to unsubscribed recipient"),
    "21612": (
        400,
        21612,
        "The 'To' phone number: {to}, is not currently reachable using the 'From' phone "
        "number: {from_} via SMS.",
    ),
    "21614": (400, 21614, "'To' number is not a valid mobile number"),
}
OUTCOMES = frozenset({"ok", "hang", "late", *ERRORS})

_ROUTE = re.compile(
    rf"^/{API_VERSION}/Accounts/(?P<account>[^/]+)/(?P<kind>Messages|Calls)"
    r"(?:/(?P<sid>[^/]+))?\.json$"
)

# GSM 03.38: the basic table (one septet each) and the extension table (escape + one septet).
_GSM_BASIC = frozenset(
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
    "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)
_GSM_EXTENSION = frozenset("^{}\\[~]|\u20ac\f")


def sms_segments(body: str) -> int:
    """How many segments Twilio bills for ``body``, counted as Twilio counts them.

    GSM-7 text fits 160 septets in one segment, else 153 per segment (extension characters
    take two septets); any other character makes the whole text UCS-2: 70 UTF-16 code units
    in one segment, else 67 per segment.
    """
    if all(char in _GSM_BASIC or char in _GSM_EXTENSION for char in body):
        septets = sum(2 if char in _GSM_EXTENSION else 1 for char in body)
        return 1 if septets <= 160 else math.ceil(septets / 153)
    units = len(body.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


@dataclass(frozen=True)
class Received:
    """One request as the fake read it, whatever it answered."""

    method: str
    path: str  # without the query string
    form: dict[str, list[str]]  # the form body (POST) or the query (GET); every value of a key
    headers: dict[str, str]  # names in lower case
    outcome: str  # "ok", "hang", a scripted error, or "400", "401", "404"

    def value(self, key: str) -> str | None:
        """The last value sent for ``key`` (as Twilio reads a repeated scalar)."""
        values = self.form.get(key)
        return values[-1] if values else None


@dataclass(frozen=True)
class Created:
    """A message or call the fake created: what was asked and what it answered."""

    kind: Literal["message", "call"]
    form: dict[str, list[str]]
    resource: dict[str, Any]  # the JSON answered (later changes: ``set_status``)

    @property
    def sid(self) -> str:
        return self.resource["sid"]

    @property
    def params(self) -> dict[str, str]:
        """Each key's last value."""
        return {key: values[-1] for key, values in self.form.items() if values}


@dataclass
class FakeTwilio:
    host: str = "127.0.0.1"
    account_sid: str = TEST_ACCOUNT_SID
    auth_token: str = TEST_AUTH_TOKEN
    _script: list[str] = field(default_factory=list)
    _default: str = "ok"
    _received: list[Received] = field(default_factory=list)
    _created: list[Created] = field(default_factory=list)
    _hangs: set[threading.Event] = field(default_factory=set)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # --- What tests use -----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the fake first"
        return f"http://{self.host}:{self._server.server_address[1]}"

    def script(self, *outcomes: str) -> None:
        """Queue outcomes for the next create requests, in order; then the default again."""
        _check(outcomes)
        with self._lock:
            self._script.extend(outcomes)

    def always(self, outcome: str) -> None:
        """Answer every create request not covered by the script so, until ``reset()``."""
        _check([outcome])
        with self._lock:
            self._default = outcome

    def release(self) -> None:
        """End every hanging request now (each closes without an answer)."""
        with self._lock:
            hangs, self._hangs = self._hangs, set()
        for hang in hangs:
            hang.set()

    def reset(self) -> None:
        """Forget requests, resources and script; release hanging requests."""
        self.release()
        with self._lock:
            self._script.clear()
            self._default = "ok"
            self._received.clear()
            self._created.clear()
            self._lock.notify_all()

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def created(self, kind: Literal["message", "call"] | None = None) -> list[Created]:
        """Messages and calls created, in order (only the successful creates)."""
        with self._lock:
            return [item for item in self._created if kind is None or item.kind == kind]

    def messages(self) -> list[dict[str, str]]:
        """The parameters of each message created (each key's last value), in order."""
        return [item.params for item in self.created("message")]

    def calls(self) -> list[dict[str, str]]:
        """The parameters of each call created (each key's last value), in order."""
        return [item.params for item in self.created("call")]

    def resource(self, sid: str) -> dict[str, Any]:
        """The message or call resource with ``sid``, as a fetch would answer it now."""
        with self._lock:
            return dict(self._find(sid).resource)

    def set_status(
        self,
        sid: str,
        status: str,
        *,
        error_code: int | None = None,
        error_message: str | None = None,
    ) -> None:
        """Move a message or call on (say to ``"delivered"``), as later fetches will see."""
        with self._lock:
            item = self._find(sid)
            item.resource.update(status=status, date_updated=_now())
            if item.kind == "message":
                item.resource.update(error_code=error_code, error_message=error_message)
                if item.resource["date_sent"] is None and status in {"sent", "delivered"}:
                    item.resource["date_sent"] = item.resource["date_updated"]

    def wait_for(
        self, predicate_or_count: int | Callable[[FakeTwilio], bool], *, timeout: float = 10.0
    ) -> list[Created]:
        """Wait until ``count`` messages and calls exist (or ``predicate(fake)`` holds).

        Returns what was created; fails the test after ``timeout`` seconds.
        """
        if callable(predicate_or_count):
            predicate = predicate_or_count
            wanted = "the condition to hold"
        else:
            count = predicate_or_count

            def predicate(fake: FakeTwilio) -> bool:
                return len(fake._created) >= count

            wanted = f"{count} messages and calls"
        with self._lock:
            if not self._lock.wait_for(lambda: predicate(self), timeout=timeout):
                seen = [f"{r.method} {r.path} -> {r.outcome}" for r in self._received]
                raise AssertionError(
                    f"The fake Twilio waited {timeout} s for {wanted}; it has "
                    f"{len(self._created)} created. Requests received: {seen or 'none'}."
                )
            return list(self._created)

    # --- Life cycle ---------------------------------------------------------------------

    def start(self) -> FakeTwilio:
        self._server = ThreadingHTTPServer((self.host, 0), _handler_for(self))
        # Handler threads are daemons and are not joined: stop() never waits on a hang.
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    # --- What the handler uses ----------------------------------------------------------

    def _find(self, sid: str) -> Created:
        for item in self._created:
            if item.sid == sid:
                return item
        raise KeyError(f"The fake Twilio created nothing with sid {sid}.")

    def _next_outcome(self) -> str:
        with self._lock:
            return self._script.pop(0) if self._script else self._default

    def _record(self, received: Received, created: Created | None = None) -> None:
        with self._lock:
            self._received.append(received)
            if created is not None:
                self._created.append(created)
            self._lock.notify_all()

    def _hang(self) -> threading.Event:
        hang = threading.Event()
        with self._lock:
            self._hangs.add(hang)
        return hang


def _check(outcomes: Any) -> None:
    unknown = [outcome for outcome in outcomes if outcome not in OUTCOMES]
    if unknown:
        raise ValueError(f"Unknown outcome {unknown}; choose from {sorted(OUTCOMES)}.")


def _handler_for(fake: FakeTwilio) -> type[JsonHandler]:
    class Handler(JsonHandler):
        timeout = 30  # a connection that never sends a request does not hold a thread forever

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def _handle(self) -> None:
            url = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            form = parse_qs(
                raw.decode() if self.command == "POST" else url.query, keep_blank_values=True
            )
            headers = {name.lower(): value for name, value in self.headers.items()}

            def received(outcome: str) -> Received:
                return Received(self.command, url.path, form, headers, outcome)

            route = _ROUTE.match(url.path)
            if not self._authenticated(route["account"] if route else None):
                fake._record(received("401"))
                return self._error(
                    401, 20003, "Authenticate", detail="Your AccountSid or AuthToken was incorrect."
                )
            if route is None or (self.command == "POST" and route["sid"]):
                fake._record(received("404"))
                return self._not_found(url.path)
            kind: Literal["message", "call"] = "message" if route["kind"] == "Messages" else "call"
            if self.command == "GET" and route["sid"]:
                return self._fetch(route["sid"], received, url.path)
            if self.command == "GET":
                return self._list(kind, form, received, url.path)

            outcome = fake._next_outcome()
            params = {key: values[-1] for key, values in form.items() if values}
            if outcome == "hang":
                hang = fake._hang()
                fake._record(received("hang"))
                hang.wait(HANG_SAFETY_SECONDS)
                self.close_connection = True  # and say nothing
                return None
            if outcome in ERRORS:
                status, code, words = ERRORS[outcome]
                fake._record(received(outcome))
                message = words.format(to=params.get("To", ""), from_=params.get("From", ""))
                return self._error(status, code, message)
            refusal = _invalid(kind, params)
            if refusal is not None:
                fake._record(received("400"))
                return self._error(400, *refusal)
            build = _message if kind == "message" else _call
            created = Created(kind, form, build(fake.account_sid, params, form))
            if outcome == "late":  # created, but the answer never comes in time
                hang = fake._hang()
                fake._record(received("late"), created)
                hang.wait(HANG_SAFETY_SECONDS)
                self.close_connection = True
                return None
            fake._record(received("ok"), created)
            return self.reply_json(201, created.resource)

        def _authenticated(self, path_account: str | None) -> bool:
            scheme, _, encoded = (self.headers.get("authorization") or "").partition(" ")
            try:
                user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            return (
                scheme.lower() == "basic"
                and (user, password) == (fake.account_sid, fake.auth_token)
                and path_account in (None, fake.account_sid)
            )

        def _fetch(self, sid: str, received: Callable[[str], Received], path: str) -> None:
            try:
                resource = fake.resource(sid)
            except KeyError:
                fake._record(received("404"))
                return self._not_found(path)
            fake._record(received("ok"))
            return self.reply_json(200, resource)

        def _list(
            self,
            kind: str,
            query: dict[str, list[str]],
            received: Callable[[str], Received],
            path: str,
        ) -> None:
            """One page of the account's texts or calls, newest first, as Twilio lists them."""
            wanted = {key: values[-1] for key, values in query.items() if key in ("To", "From")}
            size = int(query.get("PageSize", ["50"])[-1] or 50)
            resources = [
                created.resource
                for created in reversed(fake.created(kind))  # type: ignore[arg-type]
                if all(created.resource.get(key.lower()) == value for key, value in wanted.items())
            ][:size]
            fake._record(received("ok"))
            key = "messages" if kind == "message" else "calls"
            return self.reply_json(200, {
                key: resources, "end": max(len(resources) - 1, 0), "first_page_uri": path,
                "next_page_uri": None, "page": 0, "page_size": size, "previous_page_uri": None,
                "start": 0, "uri": path,
            })  # fmt: skip

        def _not_found(self, path: str) -> None:
            self._error(404, 20404, f"The requested resource {path} was not found")

        def _error(self, status: int, code: int, message: str, detail: str | None = None) -> None:
            body: dict[str, Any] = {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            }
            if detail:
                body["detail"] = detail
            extra = {"www-authenticate": 'Basic realm="Twilio API"'} if status == 401 else {}
            self.reply_json(status, body, extra)

        content_type = "application/json; charset=utf-8"

        def request_id(self) -> str:
            return f"RQ{uuid.uuid4().hex}"

        def request_id_header(self) -> str:
            return "twilio-request-id"

    return Handler


def _invalid(kind: str, params: dict[str, str]) -> tuple[int, str] | None:
    """Twilio's 400 (code, message) for a create missing what it needs, or None."""
    sender = params.get("From") or params.get("MessagingServiceSid")
    if kind == "message":
        if not params.get("To"):
            return 21604, "A 'To' phone number is required."
        if not sender:
            return 21603, "A 'From' phone number is required."
        if not (params.get("Body") or params.get("MediaUrl") or params.get("ContentSid")):
            return 21602, "Message body is required."
        if len(params.get("Body", "")) > 1600:
            return 21617, "The concatenated message body exceeds the 1600 character limit."
        return None
    if not params.get("To"):
        return 21201, "No 'To' number is specified"
    if not params.get("From"):
        return 21213, "No 'From' number is specified"
    if not (params.get("Twiml") or params.get("Url") or params.get("ApplicationSid")):
        return 21205, "Url parameter is required."
    return None


def _now() -> str:
    return format_datetime(datetime.now(UTC).replace(microsecond=0))


def _message(account_sid: str, params: dict[str, str], form: dict[str, list[str]]) -> dict:
    sid = f"SM{uuid.uuid4().hex}"
    uri = f"/{API_VERSION}/Accounts/{account_sid}/Messages/{sid}.json"
    service = params.get("MessagingServiceSid")
    now = _now()
    return {
        "account_sid": account_sid,
        "api_version": API_VERSION,
        "body": params.get("Body", ""),
        "date_created": now,
        "date_sent": None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": None if service else params.get("From"),
        "messaging_service_sid": service,
        "num_media": str(len(form.get("MediaUrl", []))),
        "num_segments": str(sms_segments(params.get("Body", ""))),
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "accepted" if service else "queued",
        "subresource_uris": {
            "media": uri.replace(".json", "/Media.json"),
            "feedback": uri.replace(".json", "/Feedback.json"),
        },
        "to": params["To"],
        "uri": uri,
    }


def _call(account_sid: str, params: dict[str, str], form: dict[str, list[str]]) -> dict:
    sid = f"CA{uuid.uuid4().hex}"
    uri = f"/{API_VERSION}/Accounts/{account_sid}/Calls/{sid}.json"
    now = _now()
    subresources = (
        "notifications",
        "recordings",
        "payments",
        "events",
        "siprec",
        "streams",
        "transcriptions",
        "user_defined_message_subscriptions",
        "user_defined_messages",
    )
    return {
        "account_sid": account_sid,
        "annotation": None,
        "answered_by": None,
        "api_version": API_VERSION,
        "caller_name": None,
        "date_created": now,
        "date_updated": now,
        "direction": "outbound-api",
        "duration": None,
        "end_time": None,
        "forwarded_from": None,
        "from": params["From"],
        "from_formatted": params["From"],
        "group_sid": None,
        "parent_call_sid": None,
        "phone_number_sid": None,
        "price": None,
        "price_unit": "USD",
        "queue_time": "0",
        "sid": sid,
        "start_time": None,
        "status": "queued",
        "subresource_uris": {
            name: uri.replace(".json", f"/{_camel(name)}.json") for name in subresources
        },
        "to": params["To"],
        "to_formatted": params["To"],
        "trunk_sid": None,
        "uri": uri,
    }


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@contextmanager
def running_fake_twilio() -> Iterator[FakeTwilio]:
    """A started fake on 127.0.0.1 (a free port), stopped on exit."""
    fake = FakeTwilio().start()
    try:
        yield fake
    finally:
        fake.stop()
