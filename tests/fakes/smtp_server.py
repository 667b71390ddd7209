"""A local SMTP server (aiosmtpd) that keeps every email it accepts, parsed.

Django's real SMTP backend talks to it, so our wiring (host, port, login, the MIME we build)
runs for real::

    with running_fake_smtp() as fake:
        ...  # point EMAIL_URL at fake.url and send
        mail = fake.wait_for(1)[0]
        assert mail.envelope_to == ["alice@example.com"]
        assert mail.message["Message-ID"] == "<...>"

Deliveries (one MAIL ... DATA transaction each) take their outcome from a script, in order,
then are accepted again: ``fake.script("451")`` refuses every recipient of the next delivery
with a 451 (smtplib raises ``SMTPRecipientsRefused``), ``"550"`` likewise with a 550, and
``"data:451"`` / ``"data:554"`` accept the recipients but refuse the message after DATA
(``SMTPDataError``). ``"rcpt:<code>"`` is the long form of a bare code.

Logging in is optional: the server offers AUTH PLAIN and LOGIN without TLS and accepts only
``fake.username`` / ``fake.password``; each email records who was logged in.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

TEST_USERNAME = "consigliere"
TEST_PASSWORD = "fake-smtp-password"

# What a refusal says, by code; other codes get a generic sentence.
REPLIES = {
    421: "4.3.2 Service not available, closing transmission channel",
    450: "4.2.1 Mailbox temporarily unavailable",
    451: "4.3.0 Requested action aborted: try again later",
    452: "4.3.1 Insufficient system storage",
    550: "5.1.1 Mailbox unavailable",
    552: "5.3.4 Message size exceeds fixed limit",
    553: "5.1.3 Mailbox name not allowed",
    554: "5.7.1 Message rejected",
}


@dataclass(frozen=True)
class Outcome:
    """What the fake does with one delivery: accept it, or refuse it at RCPT or DATA."""

    stage: Literal["ok", "RCPT", "DATA"]
    code: int = 250

    @classmethod
    def parse(cls, text: str) -> Outcome:
        if text == "ok":
            return cls("ok")
        stage, _, code = text.rpartition(":")
        stage = stage.upper() or "RCPT"
        if stage not in {"RCPT", "DATA"} or not (code.isdigit() and 400 <= int(code) < 600):
            raise ValueError(
                f"Unknown SMTP outcome {text!r}: use 'ok', a 4xx/5xx code such as '451' or "
                "'550' (refused at RCPT), or 'data:451' / 'data:554' (refused after DATA)."
            )
        return cls(cast(Literal["RCPT", "DATA"], stage), int(code))

    @property
    def reply(self) -> str:
        generic = "4.0.0 Temporary failure" if self.code < 500 else "5.0.0 Permanent failure"
        return f"{self.code} {REPLIES.get(self.code, generic)}"


@dataclass(frozen=True)
class ReceivedMail:
    """An email the fake accepted."""

    envelope_from: str
    envelope_to: list[str]
    message: EmailMessage  # parsed with email.policy.default
    raw: bytes
    login: str | None  # the user that logged in, if any


@dataclass(frozen=True)
class Refusal:
    """A delivery step the fake refused, as scripted."""

    stage: Literal["RCPT", "DATA"]
    code: int
    envelope_from: str
    envelope_to: list[str]


@dataclass
class FakeSmtp:
    host: str = "127.0.0.1"
    username: str = TEST_USERNAME
    password: str = TEST_PASSWORD
    _script: list[Outcome] = field(default_factory=list)
    _messages: list[ReceivedMail] = field(default_factory=list)
    _refusals: list[Refusal] = field(default_factory=list)
    # Each delivery's outcome, drawn from the script at its first RCPT.
    _outcomes: weakref.WeakKeyDictionary[Envelope, Outcome] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _controller: _Controller | None = None

    # --- What tests use -----------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._controller is not None, "start the fake first"
        return self._controller.port

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def script(self, *outcomes: str) -> None:
        """Queue outcomes for the next deliveries, in order; then every delivery is accepted."""
        parsed = [Outcome.parse(outcome) for outcome in outcomes]
        with self._lock:
            self._script.extend(parsed)

    def reset(self) -> None:
        """Forget emails, refusals and script."""
        with self._lock:
            self._script.clear()
            self._messages.clear()
            self._refusals.clear()
            self._lock.notify_all()

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._messages)

    @property
    def refusals(self) -> list[Refusal]:
        with self._lock:
            return list(self._refusals)

    def wait_for(self, count: int, *, timeout: float = 10.0) -> list[ReceivedMail]:
        """The emails accepted once there are at least ``count``; fail after ``timeout``."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._messages) >= count, timeout=timeout):
                raise AssertionError(
                    f"The fake SMTP server accepted {len(self._messages)} emails, not {count}, "
                    f"within {timeout} seconds (refused: {self._refusals or 'none'})."
                )
            return list(self._messages)

    # --- Life cycle ---------------------------------------------------------------------

    def start(self) -> FakeSmtp:
        self._controller = _Controller(
            _Handler(self),
            listening=_listening_socket(self.host),
            server_hostname="fake-smtp.test",  # not socket.getfqdn(), which may ask DNS
            authenticator=self._authenticate,
            auth_require_tls=False,  # plain AUTH on loopback, as a test needs
            auth_required=False,
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # --- What the handler uses ----------------------------------------------------------

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.username.encode(),
            self.password.encode(),
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def _outcome_for(self, envelope: Envelope) -> Outcome:
        with self._lock:
            if envelope not in self._outcomes:
                self._outcomes[envelope] = self._script.pop(0) if self._script else Outcome("ok")
            return self._outcomes[envelope]

    def _refuse(self, refusal: Refusal) -> None:
        with self._lock:
            self._refusals.append(refusal)
            self._lock.notify_all()

    def _accept(self, mail: ReceivedMail) -> None:
        with self._lock:
            self._messages.append(mail)
            self._lock.notify_all()


class _Handler:
    """aiosmtpd's hooks: RCPT and DATA follow the script, DATA keeps what it accepts."""

    def __init__(self, fake: FakeSmtp) -> None:
        self.fake = fake

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        outcome = self.fake._outcome_for(envelope)
        if outcome.stage == "RCPT":
            self.fake._refuse(Refusal("RCPT", outcome.code, envelope.mail_from or "", [address]))
            return outcome.reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        outcome = self.fake._outcome_for(envelope)
        sender, recipients = envelope.mail_from or "", list(envelope.rcpt_tos)
        if outcome.stage == "DATA":
            self.fake._refuse(Refusal("DATA", outcome.code, sender, recipients))
            return outcome.reply
        raw = envelope.original_content or b""
        login = session.login_data.decode() if isinstance(session.login_data, bytes) else None
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.fake._accept(ReceivedMail(sender, recipients, cast(EmailMessage, message), raw, login))
        return "250 2.0.0 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's threaded controller, serving on a socket already bound to a free port.

    Binding first (port 0, the OS picks) leaves no window in which another process could
    take the port between choosing and listening.
    """

    def __init__(self, handler: _Handler, *, listening: socket.socket, **kwargs: Any) -> None:
        host, port = listening.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **kwargs)
        self._listening = listening

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self._listening)

    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert=no_assert)
        self._listening.close()


def _listening_socket(host: str) -> socket.socket:
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind((host, 0))
    listening.listen(16)
    return listening


@contextmanager
def running_fake_smtp() -> Iterator[FakeSmtp]:
    """A started fake on 127.0.0.1 (a free port), stopped on exit."""
    fake = FakeSmtp().start()
    try:
        yield fake
    finally:
        fake.stop()
