"""Writes for tasks: creating one, and rolling its status up from its actions."""

from __future__ import annotations

from assistant.models import Team, User
from tasks.models import Task

# Action statuses grouped by what they mean for the task (see assistant.models.Action).
_WAITING = {"proposed", "pending_approval"}
_RUNNING = {"approved", "executing"}
_TROUBLE = {"failed", "needs_review"}


def task_create(
    *,
    team: Team,
    text: str,
    source: str = Task.Source.WEB,
    actor_kind: str = Task.Actor.USER,
    requested_by: User | None = None,
) -> Task:
    return Task.objects.create(
        team=team, text=text, source=source, actor_kind=actor_kind, requested_by=requested_by
    )


def task_roll_up(*, task: Task) -> Task:
    """Set the task's status from its actions' statuses (a task without actions is untouched).

    Waiting for approval beats running, running beats trouble, trouble beats done: the status
    says what the task needs next.
    """
    statuses = set(task.actions.values_list("status", flat=True))
    if not statuses:
        return task
    if statuses & _WAITING:
        status = Task.Status.WAITING
    elif statuses & _RUNNING:
        status = Task.Status.EXECUTING
    elif statuses & _TROUBLE:
        status = Task.Status.FAILED
    elif "succeeded" in statuses:
        status = Task.Status.DONE
    else:
        status = Task.Status.CLOSED
    if status != task.status:
        Task.objects.filter(pk=task.pk).update(status=status)
        task.status = status
    return task
