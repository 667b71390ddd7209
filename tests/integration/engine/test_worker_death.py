"""A worker killed with SIGKILL mid-send neither loses the action nor sends twice (PROMISE 6)."""

from __future__ import annotations

import os
import signal
from datetime import time, timedelta

import psycopg
import pytest
from django.db import connection

from assistant.engine.actions import action_propose, actions_sweep
from assistant.engine.jobs import execute_action_job
from assistant.models import Action, Approval, TeamPolicy
from messaging.models import Message
from tests.helpers import wait_for
from tests.integration.conftest import start_worker, stop_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]
QUEUE = "sigkill-test"


def test_a_worker_killed_mid_send_leaves_a_visible_action_that_is_sent_exactly_once(
    celery_worker, task, alice, principal
):
    TeamPolicy.objects.update_or_create(
        team=task.team, defaults={"quiet_hours_start": time(0), "quiet_hours_end": time(0)}
    )
    action = action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": "On my way"})
    # Approved by a member, but dispatched by hand to a queue only the doomed worker reads.
    Approval.objects.create(
        action=action,
        user=principal,
        via="web",
        verdict="approved",
        args_digest=action.decided_digest,
    )
    Action.objects.filter(pk=action.pk).update(status="approved", dispatched_at=action.created_at)

    doomed, log = start_worker(queue=QUEUE, name="doomed")
    lock = psycopg.connect(
        dbname=connection.settings_dict["NAME"], user=connection.settings_dict["USER"],
        host=connection.settings_dict["HOST"] or "127.0.0.1", port=connection.settings_dict["PORT"] or 5432,
    )  # fmt: skip
    try:
        # Hold the message table so the worker blocks inside the send, after claiming it.
        lock.execute(f"LOCK TABLE {Message._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        execute_action_job.apply_async((action.pk,), queue=QUEUE)
        wait_for(lambda: Action.objects.get(pk=action.pk).status == "executing", what="the claim")

        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        lock.rollback()
        lock.close()
        stop_worker(doomed)
        log.unlink(missing_ok=True)

    # Not lost: the action stays visibly "executing", and nothing was sent.
    assert Action.objects.get(pk=action.pk).status == "executing"
    assert not Message.objects.exists()

    # The sweeper (every minute; here at once) sees that the console provably sent nothing,
    # so it hands the action back to the workers, which send it once.
    assert actions_sweep(stuck_after=timedelta(0))["retried"] == 1
    wait_for(lambda: Action.objects.get(pk=action.pk).status == "succeeded", what="the resend")
    assert Message.objects.count() == 1
    assert list(action.audit_events.values_list("event", flat=True)) == [
        "proposed",
        "decided",
        "executing",
        "retried_after_crash",
        "executing",
        "succeeded",
    ]
