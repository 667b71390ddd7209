"""/health/ tells a load balancer (and a person) whether the database and broker answer."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from assistant.teams.services import heartbeat_record

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_the_database_and_redis_answer(client: Client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() | {"heartbeat_age_seconds": None, "clock_offset_seconds": 0} == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "beat": "ok",
        "heartbeat_age_seconds": None,
        "clock_offset_seconds": 0,
        "worker_clock_offset_seconds": None,
    }


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0")
def test_health_is_503_with_the_reason_when_the_broker_is_unreachable(client: Client):
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"] == "down"
    assert "127.0.0.1:9" in body["errors"]["broker"]


def test_health_reports_how_long_ago_beat_last_reached_a_worker(client: Client):
    heartbeat_record(name="beat")
    assert client.get("/health/").json()["heartbeat_age_seconds"] in (0, 1)


@pytest.mark.django_db(transaction=True)
def test_health_is_503_with_the_reason_when_the_database_is_unreachable(client: Client):
    from django.db import connection

    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 9  # nothing listens there: a real refused connection
    try:
        response = client.get("/health/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("error", "down", "ok")
    assert "OperationalError" in body["errors"]["database"]
