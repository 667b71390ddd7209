"""Models of costs: every row belongs to a team (inherit assistant.scoping.TeamOwned)."""

from __future__ import annotations
