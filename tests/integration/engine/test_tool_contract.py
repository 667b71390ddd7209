"""What a tool's own declaration changes in the engine (tool contract v2): its estimate is
kept on the action it decided."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.engine.actions import action_propose
from assistant.models import Action
from assistant.tools import registry

pytestmark = pytest.mark.django_db


def price_per_recipient(args, recipients):
    return 7_500 * len(recipients)


def test_a_tools_estimate_is_kept_on_the_action_it_decided(
    monkeypatch, task, alice, no_quiet_hours
):
    tool = replace(registry.TOOLS["send_sms"], estimate=f"{__name__}.price_per_recipient")
    monkeypatch.setitem(registry.TOOLS, "send_sms", tool)
    action = action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": "Hi"})
    assert Action.objects.get(pk=action.pk).estimated_cost_micros == 7_500
