"""Writes for messaging: typed functions named <thing>_<verb> with keyword-only arguments."""

from __future__ import annotations
