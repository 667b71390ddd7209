"""A task's status rolls up from its actions, also when two of them finish at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from assistant.engine.actions import action_propose
from assistant.models import Action
from tasks.models import Task
from tasks.services import task_roll_up
from tests.helpers import wait_for


def _finish(action_id: int, task_id: int) -> None:
    Action.objects.filter(pk=action_id).update(status=Action.Status.SUCCEEDED)
    task_roll_up(task=Task.objects.get(pk=task_id))


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_actions_finishing_at_once_leave_their_task_done(task, no_quiet_hours):
    """Worker A finishes the first action and rolls the task up while worker B, finishing the
    second, has not committed; B then rolls up too. The task must end done, not executing."""
    first, second = (
        action_propose(task=task, tool="create_task", args={"title": title})
        for title in ("One", "Two")
    )
    Action.objects.filter(pk__in=[first.pk, second.pk]).update(status=Action.Status.EXECUTING)
    a_rolled_up, b_done, errors = threading.Event(), threading.Event(), []

    def worker_a() -> None:
        try:
            with transaction.atomic():
                _finish(first.pk, task.pk)
                a_rolled_up.set()
                wait_for(  # B either waits for the task A holds, or (unguarded) goes past it
                    lambda: _someone_waits_for_a_lock() or b_done.is_set(),
                    what="worker B to reach the task",
                )
        except Exception as error:  # reported to the test below
            errors.append(error)
            a_rolled_up.set()
        finally:
            connection.close()

    def worker_b() -> None:
        try:
            a_rolled_up.wait(timeout=15)
            with transaction.atomic():
                _finish(second.pk, task.pk)
        except Exception as error:
            errors.append(error)
        finally:
            b_done.set()
            connection.close()

    threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
