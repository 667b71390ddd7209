"""Django admin for contacts."""

from __future__ import annotations
