"""Pages of contacts: short functions that check ownership, call a service, render."""

from __future__ import annotations
