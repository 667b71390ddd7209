"""Bench-only views that do the least some kind of request must do, for ceilings to compare with.

Served by ``tests.bench.urls_bare`` under ``tests.bench.settings_bare``: no middleware, and of
the apps only ``django.contrib.sessions``, whose table is the simplest one the project already
has (a primary key, two columns, one more index).
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from assistant.celery import app

# Real session keys are 32 lowercase letters and digits: none starts with a hyphenated word,
# so the rows stored here are found (and deleted) by this prefix alone.
STORE_KEY_PREFIX = "bench-"
# A job no worker knows, published to the default queue (the server's ``CELERY_QUEUE``), which
# no worker reads: the bench deletes the queue with every job in it.
NOOP_JOB = "tests.bench.store_and_enqueue_noop"


def store_and_enqueue(request: HttpRequest) -> HttpResponse:
    """Store the posted ``MessageSid`` as one row, publish one job naming it, answer two bytes.

    The floor of any webhook: read the form, one INSERT (autocommit, so the row is stored
    before the job is published, as a job enqueued on commit is) and one message on the
    configured broker. A ``MessageSid`` already stored fails the INSERT and answers 500.
    """
    key = STORE_KEY_PREFIX + request.POST["MessageSid"]
    Session.objects.create(session_key=key, session_data="", expire_date=timezone.now())
    app.send_task(NOOP_JOB, args=(key,))
    return HttpResponse(b"ok", content_type="text/plain")
