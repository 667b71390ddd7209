"""Settings for the test suite: the real settings, on the real services, made fast.

The environment defaults here are what `make test` uses: PostgreSQL and Redis on this
machine. Each pytest-xdist worker gets its own pair of Redis databases (jobs, then cache), so
parallel workers never consume each other's jobs or clear each other's cache.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k" * 50)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/consigliere")
os.environ.setdefault("PUBLIC_BASE_URL", "http://testserver")

_redis = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/")
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_redis_db = 1 + 2 * (int(_worker.removeprefix("gw") or 0) % 7)  # 1, 3, 5 ... 13
os.environ["REDIS_URL"] = urlunsplit((_redis.scheme, _redis.netloc, f"/{_redis_db}", "", ""))
os.environ.pop("REDIS_CACHE_URL", None)  # derived: the next database

from assistant.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("EMAIL_URL", "").startswith("smtp"):  # a worker on the fake SMTP keeps it
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
