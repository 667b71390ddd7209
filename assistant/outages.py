"""Outages answer 503, never a bare 500.

When the database, the job queue (the broker) or the cache cannot be reached, a page, an API
call or a webhook cannot do its work; it answers 503 with a machine code, a sentence and
``Retry-After`` (Twilio retries a webhook that answered 503, so no text is lost). Two doors
lead here, one body answers:

- ``OutageMiddleware.process_exception``: an outage met inside a view;
- ``server_error`` (the project's ``handler500``): an outage met in a middleware (the session,
  the current team) or anything else the view did not catch.

The answers are rendered without the database: no context processors, no session.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from assistant.errors import CodedError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# What is down, by the error met: (code, words for people).
OUTAGES: list[tuple[tuple[type[BaseException], ...], str, str]] = [
    ((OperationalError, InterfaceError), "DATABASE_UNAVAILABLE",
     "The database is not answering."),
    ((BrokerError,), "JOB_QUEUE_UNAVAILABLE", "The job queue is not answering."),
    ((RedisConnectionError, RedisTimeoutError), "CACHE_UNAVAILABLE",
     "Redis (the cache and job queue) is not answering."),
]  # fmt: skip
MACHINE_PATHS = ("/api/", "/webhooks/")  # answered in JSON


def outage_of(error: BaseException | None) -> CodedError | None:
    """The coded 503 when ``error``, or an error it was raised from, is an outage."""
    seen = 0
    while error is not None and seen < 10:
        for kinds, code, words in OUTAGES:
            if isinstance(error, kinds):
                message = f"{words} Nothing was changed by this request; try again in a minute."
                return CodedError(code, message, permanent=False, status=503)
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def outage_response(request: HttpRequest, outage: CodedError) -> HttpResponse:
    """503 with the code, a sentence and Retry-After; JSON for machines, a page for people."""
    if request.path.startswith(MACHINE_PATHS) or request.headers.get("HX-Request"):
        response: HttpResponse = JsonResponse(outage.as_dict(), status=outage.status)
    else:
        context = {"code": outage.code, "message": outage.message}
        response = HttpResponse(render_to_string("503.html", context), status=outage.status)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    """Turn an outage met in a view into a 503 (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        outage = outage_of(exception)
        if outage is None:
            return None
        logger.error("%s %s: %s (%s)", request.method, request.path, outage.code, exception)
        return outage_response(request, outage)


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's 500 handler: an outage is a 503; anything else the 500 page (logged by
    Django already), rendered without the database."""
    outage = outage_of(sys.exc_info()[1])
    if outage is not None:
        return outage_response(request, outage)
    if request.path.startswith(MACHINE_PATHS):
        words = "Something went wrong on our side; it has been logged."
        error = CodedError("INTERNAL_ERROR", words)
        return JsonResponse(error.as_dict(), status=500)
    return HttpResponse(render_to_string("500.html"), status=500)
