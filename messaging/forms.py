"""Forms of messaging."""

from __future__ import annotations
