"""Typed readers for settings that come from the environment.

Each helper returns a value of one type or raises ``ImproperlyConfigured`` naming the
variable, the bad value and what would be accepted, so a typo stops the process at start-up
instead of surfacing as a strange behaviour hours later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(
            f"{name}={number} is out of range: it must be between {minimum} and {maximum}."
        )
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks around items are ignored."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(
    name: str,
    default: str = "",
    *,
    schemes: set[str],
    environ: Mapping[str, str] | None = None,
) -> str:
    """A URL whose scheme is one of ``schemes`` (empty stays empty: "not configured")."""
    value = env_str(name, default, environ=environ)
    if not value:
        return ""
    parts = urlsplit(value)
    needs_host = parts.scheme in {"http", "https", "redis", "rediss", "postgres", "postgresql"}
    if parts.scheme not in schemes or (needs_host and not parts.netloc):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a valid URL: it must start with one of "
            f"{', '.join(sorted(s + '://' for s in schemes))}."
        )
    return value.rstrip("/") if parts.scheme in {"http", "https"} else value


def env_database(
    name: str, default: str, *, environ: Mapping[str, str] | None = None
) -> dict[str, object]:
    """Django's DATABASES['default'] from a URL such as postgres://user@host:5432/db."""
    url = env_url(name, default, schemes=_DATABASE_SCHEMES, environ=environ)
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database host that stops answering fails a request in 2 s (libpq's least) rather
        # than after the operating system's TCP timeout of minutes: a page answers 503 and
        # /health/ says "database down" while a load balancer still waits.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    return config


def env_time_zone(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    value = env_str(name, default, environ=environ)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an IANA time zone such as 'Europe/London' or 'UTC'."
        ) from None
    return value


def redis_url_next_database(url: str) -> str:
    """The same Redis server with the next database number ("" stays ""): redis://h/0 → /1."""
    if not url:
        return ""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    if not number.isdigit() or int(number) >= 15:
        raise ImproperlyConfigured(
            f"Cannot derive a cache database from REDIS_URL={url!r}: set REDIS_CACHE_URL to a "
            "Redis database other than the one jobs use."
        )
    return urlunsplit(parts._replace(path=f"/{int(number) + 1}"))
