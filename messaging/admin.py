"""Django admin for messaging."""

from __future__ import annotations
