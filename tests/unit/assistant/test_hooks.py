from __future__ import annotations

import pytest

from assistant.engine import hooks


def test_an_announced_event_reaches_its_listeners_once_each_in_order() -> None:
    heard: list[tuple[str, int]] = []

    def first(*, action: object, numbers: list[str]) -> None:
        heard.append(("first", len(numbers)))

    def second(*, action: object, numbers: list[str]) -> None:
        heard.append(("second", len(numbers)))

    try:
        hooks.on(hooks.ACTION_FINISHED, first)
        hooks.on(hooks.ACTION_FINISHED, second)
        hooks.on(hooks.ACTION_FINISHED, first)  # registering twice changes nothing
        hooks.announce(hooks.ACTION_FINISHED, action=None, numbers=["+14155550101"])
    finally:
        hooks._listeners[hooks.ACTION_FINISHED].remove(first)
        hooks._listeners[hooks.ACTION_FINISHED].remove(second)
    assert heard == [("first", 1), ("second", 1)]


def test_a_listener_for_an_unknown_event_is_refused_with_the_names_there_are() -> None:
    with pytest.raises(ValueError, match="action_waits"):
        hooks.on("action_wait", lambda **_: None)


def test_messaging_listens_for_waiting_actions_and_new_contact_numbers() -> None:
    waits = {f.__module__ for f in hooks._listeners[hooks.ACTION_WAITS]}
    added = {f.__module__ for f in hooks._listeners[hooks.CONTACT_POINTS_ADDED]}
    assert "messaging.sms_approvals" in waits
    assert "messaging.services" in added
