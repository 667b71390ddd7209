"""Template helpers for the approval queue and the history."""

from __future__ import annotations

import math
from datetime import datetime

from django import template

register = template.Library()


@register.filter
def seconds_until(moment: datetime | None, now: datetime) -> int:
    """``{{ action.run_after|seconds_until:now }}``: whole seconds left, never below zero."""
    if moment is None:
        return 0
    return max(0, math.ceil((moment - now).total_seconds()))
