"""Outages answer 503 with a code and Retry-After, never a bare 500; a decision committed while
the job queue is down is kept, said so, and sent by the sweeper once the queue is back; and
/health/ names what is down, a late beat and a skewed clock."""

from __future__ import annotations

import json
import socket
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from kombu.exceptions import OperationalError as BrokerError

from assistant import clock
from assistant.engine import jobs
from assistant.engine.actions import action_propose, actions_sweep
from assistant.models import Action, Heartbeat
from assistant.teams.services import heartbeat_record
from assistant.teams.tokens import api_token_create
from tests.integration.api.conftest import ApiClient

SMS = {"to": "+14155550101", "body": "Running 10 minutes late"}


@pytest.fixture
def queue_down(monkeypatch):
    """The broker refuses every job, as kombu says when Redis is down; yields what was tried."""
    tried: list[tuple] = []

    def refuse(args=None, kwargs=None, **options):
        tried.append(args)
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(jobs.execute_action_job, "apply_async", refuse)
    return tried


@pytest.fixture
def token(team, principal) -> str:
    return api_token_create(team=team, user=principal, name="tests")[1]


@pytest.fixture
def waiting(task, alice, no_quiet_hours):
    return action_propose(task=task, tool="send_sms", args=SMS)


@pytest.mark.django_db(transaction=True)  # the job is enqueued after the commit
def test_an_approval_while_the_job_queue_is_down_is_kept_said_so_and_sent_when_it_is_back(
    signed_in, waiting, queue_down, monkeypatch
):
    response = signed_in.post(
        f"/actions/{waiting.pk}/approve/", {"digest": waiting.decided_digest}, follow=True
    )

    assert response.status_code == 200
    words = [str(m) for m in response.context["messages"]]
    assert words == ["Approved; it will go out as soon as the job queue is back."]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.dispatched_at) == ("approved", None)
    assert len(queue_down) == 1

    sent: list[tuple] = []
    monkeypatch.setattr(
        jobs.execute_action_job, "apply_async", lambda args=None, **_: sent.append(args)
    )
    Action.objects.filter(pk=waiting.pk).update(run_after=None)  # past the undo window
    assert actions_sweep()["dispatched"] == 1  # the queue is back: the sweeper sends it
    assert sent == [(waiting.pk,)]


@pytest.mark.django_db(transaction=True)
def test_an_htmx_approval_while_the_job_queue_is_down_answers_the_card_and_a_warning(
    signed_in, waiting, queue_down
):
    response = signed_in.post(
        f"/actions/{waiting.pk}/approve/", {"digest": waiting.decided_digest},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "it will go out as soon as the job queue is back" in response.content.decode()
    assert Action.objects.get(pk=waiting.pk).status == "approved"


@pytest.mark.django_db(transaction=True)
def test_an_api_approval_while_the_job_queue_is_down_answers_200_with_the_action(
    token, waiting, queue_down
):
    response = ApiClient(token).post(
        f"actions/{waiting.pk}/approve", {"digest": waiting.decided_digest}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"


@contextmanager
def database_down():
    """Every new connection to PostgreSQL is refused (the port of a closed socket)."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 9
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port


def assert_outage(response, code="DATABASE_UNAVAILABLE"):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        assert body["code"] == code
        assert "try again" in body["message"]
    else:
        page = response.content.decode()
        assert code in page and "try again" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/approvals/"),
        ("get", "/"),
        ("get", "/accounts/login/"),
        ("post", "/accounts/login/"),
        ("get", "/api/v1/actions"),
        ("post", "/api/v1/actions/1/approve"),
        ("post", "/actions/1/approve/"),
        ("post", "/webhooks/twilio/sms"),
        ("post", "/webhooks/twilio/status"),
    ],
)
def test_with_the_database_down_every_door_answers_503_with_a_code(principal, token, method, path):
    client = Client(raise_request_exception=False)  # answer as a browser would see it
    client.force_login(principal)
    headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api/") else {}
    with database_down():
        response = getattr(client, method)(path, headers=headers)
    assert_outage(response)


@pytest.mark.django_db(transaction=True)
def test_an_htmx_request_with_the_database_down_gets_the_sentence_in_json(principal):
    client = Client(raise_request_exception=False)
    client.force_login(principal)
    with database_down():
        response = client.post("/actions/1/approve/", headers={"HX-Request": "true"})
    assert_outage(response)
    assert response.json()["message"].startswith("The database is not answering.")


def test_an_error_that_is_no_outage_still_answers_500_without_the_database(rf):
    from assistant.outages import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        page = server_error(rf.get("/approvals/"))
        api = server_error(rf.get("/api/v1/actions"))
    assert page.status_code == 500 and b"Something went wrong" in page.content
    assert (api.status_code, json.loads(api.content)["code"]) == (500, "INTERNAL_ERROR")


# --- /health/ ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_fails_when_beats_heartbeat_is_older_than_twice_its_interval(client):
    heartbeat_record(name="beat")
    Heartbeat.objects.filter(name="beat").update(seen_at=clock.now() - timedelta(seconds=156))

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["beat"], body["database"], body["broker"]) == (
        "error", "late", "ok", "ok")  # fmt: skip
    assert "156 s ago" in body["errors"]["beat"]


@pytest.mark.django_db
def test_health_names_a_worker_whose_clock_is_ten_minutes_ahead_without_failing(client):
    heartbeat_record(name="beat", clock_offset_seconds=-600.0)

    body = client.get("/health/").json()

    assert body["status"] == "ok"
    assert body["worker_clock_offset_seconds"] == -600.0
    (warning,) = body["warnings"]
    assert "The worker machine" in warning and "600 s ahead of the database's" in warning


@pytest.mark.django_db
def test_health_answers_down_when_the_broker_accepts_but_never_answers(client, settings):
    with socket.socket() as silent:  # listens, never answers: a hung Redis
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert (body["broker"], body["database"]) == ("down", "ok")
    assert "Timeout" in body["errors"]["broker"]
