"""Schemathesis against the OpenAPI document: requests generated from every operation's
schema (valid ones and broken ones), sent as the token's person to the real app on
PostgreSQL; whatever they hold, none may answer 5xx.

Bounded so the tier stays quick: at most ``MAX_EXAMPLES`` generated requests per operation
(plus Schemathesis's coverage cases: boundaries, wrong types, missing fields), no deadline
(the first request of a worker warms caches), and no example database written to disk.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from assistant.api.v1 import api
from assistant.engine.actions import action_submit
from assistant.planning.services import task_submit
from assistant.teams.tokens import api_token_create

MAX_EXAMPLES = 30

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """The project's WSGI app, called in this thread and inside the test's transaction.

    Django closes a connection that is not in autocommit at the start and end of every
    request (``close_old_connections``), which would end the test's transaction; its test
    client unhooks that signal for each request, and this does the same for the test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(team, principal, alice, no_quiet_hours) -> dict[str, str]:
    """The principal's token, in a team with a contact, a waiting action and a question, so
    ids the generator tries (small numbers first) sometimes name real rows."""
    action_submit(team=team, user=principal, tool="send_sms", args={"to": alice.pk, "body": "Hi"})
    task_submit(team=team, user=principal, text="Text Zed that the car is ready")
    token = api_token_create(team=team, user=principal, name="schemathesis")[1]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_request_makes_the_api_answer_a_server_error(case, app, bearer):
    case.call_and_validate(app=app, headers=bearer, checks=[not_a_server_error])
