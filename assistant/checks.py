"""System checks: warn at start-up about settings that would misbehave later."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register()
def embedded_defaults_in_production(**_: Any) -> list[Warning]:
    """The embedded SQLite database and filesystem broker are for one machine, not production."""
    warnings = []
    if settings.HTTPS and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        warnings.append(
            Warning(
                "The public URL is https:// but the database is the embedded SQLite file.",
                hint="Set DATABASE_URL to a PostgreSQL database for a production deployment.",
                id="consigliere.W001",
            )
        )
    if settings.HTTPS and not settings.REDIS_URL:
        warnings.append(
            Warning(
                "The public URL is https:// but Celery uses the embedded filesystem broker.",
                hint="Set REDIS_URL so workers on several machines share one broker.",
                id="consigliere.W002",
            )
        )
    return warnings


@register()
def planner_configured(**_: Any) -> list[Warning]:
    """PLANNER=openai without a key plans every request offline: say so at start-up."""
    if settings.PLANNER == "openai" and not settings.OPENAI_API_KEY:
        return [
            Warning(
                "PLANNER is openai but OPENAI_API_KEY is not set: every request will be "
                "planned by the offline planner.",
                hint="Set OPENAI_API_KEY, or PLANNER=offline to say this is intended.",
                id="consigliere.W010",
            )
        ]
    return []
