"""``python -m tests.bench.prepare``: make the configured database exist before ``migrate``.

With a PostgreSQL ``DATABASE_URL`` whose database is missing (``consigliere_bench`` on a fresh
machine), create it through the server's ``postgres`` maintenance database with the same
credentials. SQLite needs nothing: ``migrate`` creates the file. Exit 0 when the database
exists or was created, 1 (with the reason) when it could not be checked or created.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assistant.settings")
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return 0
    import psycopg
    from psycopg import sql

    name = str(database["NAME"])
    maintenance = {
        "dbname": "postgres",
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "connect_timeout": 5,
    }
    try:
        # CREATE DATABASE cannot run inside a transaction block, hence autocommit.
        with psycopg.connect(autocommit=True, **maintenance) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"bench: created PostgreSQL database {name!r}", file=sys.stderr)
    except psycopg.Error as error:
        print(f"bench: cannot check or create database {name!r}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
