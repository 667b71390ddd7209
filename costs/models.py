"""Models of costs: every row belongs to a team (inherit assistant.teams.scoping.TeamOwned)."""

from __future__ import annotations
