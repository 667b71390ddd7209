"""Celery jobs of the core. Thin: take ids or plain values, call one service."""

from __future__ import annotations

from celery import shared_task

from assistant.services import heartbeat_record


@shared_task
def record_heartbeat_job(name: str) -> str:
    """Record that ``name`` (beat, or a test) reached a worker; scheduled every minute."""
    return heartbeat_record(name=name).seen_at.isoformat()


@shared_task
def ping_job() -> str:
    """Do nothing and answer; the benchmark times the broker round trip with it."""
    return "pong"
