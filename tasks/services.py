"""Writes for tasks: creating one, rolling its status up from its actions, and reminders."""

from __future__ import annotations

from datetime import datetime

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError

from assistant.models import Action, Team, User
from contacts.models import Contact
from tasks.models import Reminder, Task

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
    says what the task needs next. Called inside the transaction that changed an action: the
    task's row is locked first, so two actions finishing at once roll up one after the other
    and the second sees the first (else both could read the other as still running).
    """
    task.status = Task.objects.select_for_update().values_list("status", flat=True).get(pk=task.pk)
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


# --- Reminders ------------------------------------------------------------------------------


def recurrence_clean(*, rule: str, start: datetime) -> str:
    """``rule`` as stored: one RFC 5545 RRULE, without its ``RRULE:`` prefix, counted from
    ``start``; "" for a one-off reminder.

    Raise ``ValidationError`` with a sentence when it is not a single RRULE (no DTSTART, EXDATE
    or second line), when python-dateutil cannot read it, or when it never happens at or after
    ``start``.
    """
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        return ""
    example = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if "\n" in text or ":" in text:
        raise ValidationError(f"Give one repeat rule and nothing else, like {example}.")
    try:
        parsed = rrulestr(text, dtstart=start)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            f"{text!r} is not a repeat rule ({error}); write one like {example}."
        ) from None
    if parsed.after(start, inc=True) is None:
        raise ValidationError(f"{text!r} never happens on or after the first reminder.")
    return text


def reminder_create(
    *,
    team: Team,
    text: str,
    due_at: datetime,
    recurrence: str = "",
    channel: str = Reminder.Channel.WEB,
    target_user: User | None = None,
    target_contact: Contact | None = None,
    action: Action | None = None,
) -> tuple[Reminder, bool]:
    """Schedule a reminder for exactly one of ``target_user`` and ``target_contact``; return it
    and whether it is new.

    With an ``action``, the action's reminder is created once: calling again for the same
    action returns the first one unchanged. ``recurrence`` must already be clean (see
    ``recurrence_clean``).
    """
    fields = {
        "team": team, "text": text, "due_at": due_at, "recurrence": recurrence,
        "channel": channel, "target_user": target_user, "target_contact": target_contact,
    }  # fmt: skip
    if action is None:
        return Reminder.objects.create(**fields), True
    return Reminder.objects.get_or_create(created_by_action=action, defaults=fields)
