"""The integration tier: PostgreSQL, Redis and, for execution, a real Celery worker."""

from __future__ import annotations

import pytest

# The Celery worker fixtures live in tests/conftest.py (the browser tier uses them too); the
# helpers stay importable from here for the tests that start a worker of their own.
from tests.conftest import start_worker, stop_worker  # noqa: F401


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if "django_db_setup" not in request.fixturenames:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("Integration tests run on PostgreSQL: use `make test` or set DATABASE_URL.")


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> None:
    """Rate limits live in the cache (this xdist worker's own Redis database)."""
    if "django_db_setup" in request.fixturenames:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def signed_in(client, principal):
    """The test client, signed in as the principal."""
    client.force_login(principal)
    return client


@pytest.fixture
def alice(team):
    """A contact of the principal's team, reachable by text and email, in UTC."""
    from contacts.services import contact_create

    return contact_create(
        team=team, name="Alice Smith", phones=["+14155550101"], emails=["alice@example.com"],
        time_zone="UTC",
    )  # fmt: skip


@pytest.fixture
def task(team, principal):
    """A request of the principal's, to hang actions on."""
    from tasks.services import task_create

    return task_create(team=team, text="Tell Alice I'm late", requested_by=principal)
