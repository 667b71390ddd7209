"""Stop `make test` at once, with the fix, when PostgreSQL or Redis is not reachable."""

from __future__ import annotations

import os
import socket
import sys
from urllib.parse import urlsplit


def reachable(url: str, default_port: int) -> str | None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        with socket.create_connection((host, port), timeout=3):
            return None
    except OSError as error:
        return f"{host}:{port} ({error.strerror or error})"


def main() -> int:
    problems = []
    database = os.environ["DATABASE_URL"]
    if not database.startswith(("postgres://", "postgresql://")):
        problems.append(f"DATABASE_URL must point at PostgreSQL for the tests, not {database!r}.")
    elif failure := reachable(database, 5432):
        problems.append(
            f"PostgreSQL is not reachable at {failure}. Start it with:\n"
            "    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    if failure := reachable(os.environ["REDIS_URL"], 6379):
        problems.append(
            f"Redis is not reachable at {failure}. Start it with:\n"
            "    redis-server --daemonize yes --bind 127.0.0.1 --port 6379"
            ' --save "" --appendonly no'
        )
    for problem in problems:
        print(f"make test: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
