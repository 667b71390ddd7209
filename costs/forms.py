"""Forms of costs."""

from __future__ import annotations
