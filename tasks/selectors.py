"""Reads for tasks: team-scoped queries the views and services share."""

from __future__ import annotations
