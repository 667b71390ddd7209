"""Template helpers for the approval queue and the history."""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from django import template

register = template.Library()


@register.filter
def seconds_until(moment: datetime | None, now: datetime) -> int:
    """``{{ action.run_after|seconds_until:now }}``: whole seconds left, never below zero."""
    if moment is None:
        return 0
    return max(0, math.ceil((moment - now).total_seconds()))


@register.filter
def pretty_json(value: Any) -> str:
    """``{{ payload|pretty_json }}``: JSON indented for reading (escaped by the template)."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


@register.filter
def may(card: Any, verb: str) -> bool:
    """``{% if card|may:"approve" %}``: whether the person looking may do ``verb`` to it."""
    return card.may(verb)
