"""The inbound SMS webhook under load: Twilio posting texts to a team's number, and the
store-and-enqueue ceiling it is read against.

``POST /webhooks/twilio/sms`` on the full site under gunicorn, loaded from other processes
like the bare-view ceiling. Every request is a new text (a ``MessageSid`` never sent before)
with the parameters Twilio sends for one, signed for exactly those parameters with a
bench-only auth token, so each takes the path a real text takes: check the signature, find
the team owning the ``To`` number, store the message, enqueue its job after commit, answer
empty TwiML. A repeated ``MessageSid`` would measure the cheaper duplicate path instead, so
the requests are prepared (and signed) before the load and each is sent once.

The server gets a queue of its own (``CELERY_QUEUE``) on the configured broker, which no
worker reads: the jobs pile up there, untouched by the bench's worker or a developer's (the
job plans each text, which is not this path's cost), and the queue is deleted afterwards
with every job in it, as the throw-away team is with its messages.

The ceiling is the least any webhook must do: a bare view (``tests.bench.views_bare``, no
apps but the table's, no middleware) that reads the form, stores one row and publishes one
job, on the same database and broker, under the same gunicorn, loaded with the same signed
texts (each sent once) the same way, its jobs piling up in a queue of its own.
"""

from __future__ import annotations

import dataclasses
import http.client
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from tests.bench.context import BARE_SITE, FULL_SITE, BenchContext, PreparedRequest, RunConfig
from tests.bench.registry import Ceiling, Row, benchmark

if TYPE_CHECKING:
    from assistant.models import Team

PATH = "/webhooks/twilio/sms"
# What the server believes Twilio was given (the signature covers it), not where it listens:
# the view rebuilds the URL from PUBLIC_BASE_URL whatever the Host header says.
PUBLIC_BASE_URL = "http://consigliere-bench.invalid"
AUTH_TOKEN = "bench-only-twilio-auth-token"  # signs nothing outside the bench
# No dots: the filesystem transport finds a queue's files by the text after the first dot.
INBOUND_QUEUE = "consigliere-bench-inbound"
STORE_QUEUE = "consigliere-bench-store"
TEAM_NUMBER = "+15005550006"
SENDER = "+14155550142"  # nobody the team knows: no contact, no member
BODY = "Can you move my 3pm with Dana to Thursday?"  # not STOP, START or HELP
TEAM_SLUG_PREFIX = "bench-inbound-"
# The most requests per second the prepared requests are sized for. No page outruns the
# bare view, whose ceiling is about 4,000 req/s with the run's 2x4 gunicorn on a 2-core
# machine; should a faster one use them all up, the run says so instead of measuring.
MAX_RATE = 6_000


def _texts_needed(cfg: RunConfig) -> int:
    """Enough texts for MAX_RATE from the load's start (0.3 s before the warm-up) to the
    window's end, and one more to try the path with first."""
    return 1 + int(MAX_RATE * (0.5 + cfg.warmup_s + cfg.duration_s))


def _twilio_params(sid: str) -> dict[str, str]:
    """The parameters Twilio posts for one inbound text without media."""
    return {
        "ToCountry": "US", "ToState": "CA", "SmsMessageSid": sid, "NumMedia": "0",
        "ToCity": "SAN FRANCISCO", "FromZip": "94105", "SmsSid": sid, "FromState": "CA",
        "SmsStatus": "received", "FromCity": "SAN FRANCISCO", "Body": BODY,
        "FromCountry": "US", "To": TEAM_NUMBER, "ToZip": "94105", "NumSegments": "1",
        "ReferralNumMedia": "0", "MessageSid": sid, "AccountSid": "AC" + "0" * 32,
        "From": SENDER, "ApiVersion": "2010-04-01",
    }  # fmt: skip


def _signed_texts(count: int) -> list[PreparedRequest]:
    """``count`` inbound texts with ``MessageSid``s of this run's own, each signed as Twilio
    signs it (HMAC-SHA1 of the public URL and the sorted parameters)."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(AUTH_TOKEN)
    url = PUBLIC_BASE_URL + PATH
    run = secrets.token_hex(8)  # provider ids are unique across teams: none from a past run
    texts = []
    for n in range(count):
        params = _twilio_params(f"SM{run}{n:016x}")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(url, params),
        }
        texts.append(PreparedRequest(body=urlencode(params).encode(), headers=headers))
    return texts


@contextmanager
def _team_with_number() -> Iterator[Team]:
    """A throw-away team owning ``TEAM_NUMBER``; deleted with its messages on exit.

    A team left holding the number by an interrupted run is deleted first; a team that is
    not the bench's keeps it, and the bench cannot measure.
    """
    from assistant.models import Team, User
    from assistant.teams.services import team_create
    from messaging.models import TeamNumber

    owner = TeamNumber.objects.filter(number=TEAM_NUMBER).values_list("team__slug", flat=True)
    if (slug := owner.first()) is not None:
        if not slug.startswith(TEAM_SLUG_PREFIX):
            raise RuntimeError(f"{TEAM_NUMBER} belongs to team {slug!r}; the bench needs it")
        Team.objects.filter(slug=slug).delete()
    stamp = time.time_ns()
    user = User.objects.create_user(email=f"{TEAM_SLUG_PREFIX}{stamp}@example.com")
    team = None
    try:
        team = team_create(name="Bench inbound", owner=user, slug=f"{TEAM_SLUG_PREFIX}{stamp}")
        TeamNumber.objects.create(team=team, number=TEAM_NUMBER, label="bench")
        yield team
    finally:
        if team is not None:
            # Messages refer to nothing and nothing refers to them: one DELETE by team.
            Team.objects.filter(pk=team.pk).delete()
        user.delete()


def _queue_drop(name: str) -> int:
    """Delete the queue ``name`` and every job in it from the configured broker; return how
    many jobs it held. Declared first: the connection then knows its binding to delete, and
    an empty queue (which Redis does not keep) counts as there."""
    from kombu import Exchange, Queue

    from assistant.celery import app

    # Celery's default queue: an exchange and a routing key of the queue's own name.
    queue = Queue(name, Exchange(name), routing_key=name)
    with app.connection_for_write() as connection:
        bound = queue(connection.default_channel)
        bound.declare()
        _, jobs, _ = bound.queue_declare()
        bound.delete()
    return int(jobs)


def _post(base: str, path: str, request: PreparedRequest) -> tuple[int, bytes]:
    """Send one prepared request to ``path`` from this process: (status, body)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request(request.method, path, body=request.body, headers=request.headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@benchmark("store and enqueue", ceiling=True)
def store_and_enqueue(ctx: BenchContext) -> list[Row]:
    """Throughput and latency of the bare view that stores each text's ``MessageSid`` as one
    row and publishes one job, loaded with texts prepared as the webhook's are."""
    ctx.django_settings()  # set Django up before importing models
    from django.contrib.sessions.models import Session

    from tests.bench.urls_bare import STORE_PATH
    from tests.bench.views_bare import STORE_KEY_PREFIX

    base = ctx.http_server(BARE_SITE, {"CELERY_QUEUE": STORE_QUEUE})
    first, *texts = _signed_texts(_texts_needed(ctx.config))
    stored_rows = Session.objects.filter(session_key__startswith=STORE_KEY_PREFIX)
    stored_rows.delete()  # whatever an interrupted run left
    _queue_drop(STORE_QUEUE)
    try:
        status, answer = _post(base, STORE_PATH, first)
        if status != 200 or stored_rows.count() != 1:
            raise RuntimeError(
                f"the store-and-enqueue view stored nothing (HTTP {status}: {answer[:120]!r}, "
                f"{stored_rows.count()} stored)"
            )
        result = ctx.load(base + STORE_PATH, texts)
        stored = stored_rows.count() - 1
        jobs = _queue_drop(STORE_QUEUE) - 1
    finally:
        _queue_drop(STORE_QUEUE)  # again, in case the load failed before the queue was dropped
        stored_rows.delete()
    if stored < result.ok:
        raise RuntimeError(f"{result.ok:,} requests answered 200 but only {stored:,} were stored")
    rows = result.rows(Ceiling.STORE, "store and enqueue")
    what = (
        "a bare view that reads the webhook's texts, stores each as one row and publishes one "
        f"job: {stored:,} stored and {jobs:,} jobs queued over the warm-up and the window "
        "(rows and queue deleted afterwards)"
    )
    throughput = dataclasses.replace(rows[0], note="; ".join(filter(None, [what, rows[0].note])))
    return [throughput, *rows[1:]]


@benchmark("inbound SMS webhook")
def inbound_sms_webhook(ctx: BenchContext) -> list[Row]:
    """Throughput, latency and errors of ``POST /webhooks/twilio/sms``, each a new text."""
    ctx.django_settings()  # set Django up before importing models
    from messaging.models import Message

    cfg = ctx.config
    base = ctx.http_server(
        FULL_SITE,
        {
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
            "CELERY_QUEUE": INBOUND_QUEUE,
        },
    )
    first, *texts = _signed_texts(_texts_needed(cfg))
    _queue_drop(INBOUND_QUEUE)  # whatever an interrupted run left
    try:
        with _team_with_number() as team:
            inbound = Message.objects.filter(team=team, direction=Message.Direction.INBOUND)
            # One text before the load: it must be stored and answered with empty TwiML, or
            # the load would measure another path (a refusal, an unknown number).
            status, answer = _post(base, PATH, first)
            if status != 200 or b"<Response" not in answer or inbound.count() != 1:
                raise RuntimeError(
                    f"a signed text was not stored (HTTP {status}: {answer[:120]!r}, "
                    f"{inbound.count()} stored)"
                )
            result = ctx.load(base + PATH, texts)
            stored = inbound.count() - 1
            jobs = _queue_drop(INBOUND_QUEUE) - 1
    finally:
        _queue_drop(INBOUND_QUEUE)  # again, in case the load failed before the queue was dropped
    if stored < result.ok:
        raise RuntimeError(f"{result.ok:,} texts answered 200 but only {stored:,} were stored")
    label = f"POST {PATH}"
    rows = result.rows("inbound.sms", label, reference=Ceiling.STORE)
    goal = (
        "goal: at least 0.7x store and enqueue; each request a new text with Twilio's parameters, "
        f"correctly signed, to a team's number: {stored:,} stored and {jobs:,} jobs queued "
        "over the warm-up and the window (queue and team deleted afterwards)"
    )
    throughput = dataclasses.replace(rows[0], note="; ".join(filter(None, [goal, rows[0].note])))
    errors = Row(
        key="inbound.sms.errors", label=f"{label} errors", value=result.errors, unit="requests",
        note="goal: 0; answers other than 200 and broken connections inside the window",
    )  # fmt: skip
    return [throughput, *rows[1:], errors]
