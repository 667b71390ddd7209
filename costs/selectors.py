"""Reads for costs: team-scoped queries the views and services share."""

from __future__ import annotations
