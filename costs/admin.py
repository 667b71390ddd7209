"""Django admin for costs."""

from __future__ import annotations
