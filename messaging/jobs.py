"""Celery jobs of messaging: thin, named <verb>_<thing>_job, enqueued after commit."""

from __future__ import annotations
