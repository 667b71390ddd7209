"""Django admin for tasks."""

from __future__ import annotations
