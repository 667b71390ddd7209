"""Hooks: how the core announces what happened without knowing who listens (STYLE.md B).

An app registers a listener in its ``AppConfig.ready()``::

    hooks.on(hooks.ACTION_WAITS, my_listener)

and the core calls ``hooks.announce(hooks.ACTION_WAITS, action=action, again=False)``.
Listeners run synchronously, inside the caller's transaction, in the order they were
registered; a listener that has outside work to do enqueues a job with ``delay_on_commit``,
so a rollback sends nothing. A listener's exception propagates: a hook is part of the step
that announces it, never a silent side channel.

The events and their keyword arguments:

- ``ACTION_WAITS`` (``action``, ``again``): an action now waits for a person's approval;
  ``again`` is True when it waited before (an edit or a revision decided it anew).
- ``ACTION_DECIDED`` (``action``, ``verdict``, ``user``, ``via``): approved or rejected.
- ``ACTION_FINISHED`` (``action``): succeeded, failed, or needs review.
- ``TASK_PLANNED`` (``task``): a request planned in a job (``plan_task_job``) is planned,
  waits for a clarification, or is closed: the channel it came by can answer.
- ``CONTACT_POINTS_ADDED`` (``team``, ``numbers``): phone numbers were filed under contacts
  (an import, a form): an app that remembers opt-outs by number marks those contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

ACTION_WAITS = "action_waits"
ACTION_DECIDED = "action_decided"
ACTION_FINISHED = "action_finished"
TASK_PLANNED = "task_planned"
CONTACT_POINTS_ADDED = "contact_points_added"
EVENTS = frozenset(
    {ACTION_WAITS, ACTION_DECIDED, ACTION_FINISHED, TASK_PLANNED, CONTACT_POINTS_ADDED}
)

_listeners: dict[str, list[Callable[..., None]]] = defaultdict(list)


def on(event: str, listener: Callable[..., None]) -> None:
    """Call ``listener(**details)`` whenever ``event`` is announced (once per listener)."""
    if event not in EVENTS:
        raise ValueError(f"There is no hook called {event!r}; use one of {sorted(EVENTS)}.")
    if listener not in _listeners[event]:
        _listeners[event].append(listener)


def announce(event: str, **details: Any) -> None:
    """Tell every listener of ``event``; see the module docstring for each event's details."""
    for listener in list(_listeners.get(event, [])):
        listener(**details)
