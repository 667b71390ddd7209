"""Pages of tasks: short functions that check ownership, call a service, render."""

from __future__ import annotations
