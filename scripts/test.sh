#!/usr/bin/env bash
# `make test`: the whole check, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=tests.settings
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/consigliere}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/}"

python scripts/preflight.py
echo "== ruff"
ruff check .
ruff format --check .
echo "== django checks"
python manage.py check --fail-level WARNING
python manage.py makemigrations --check --dry-run
echo "== pytest (unit, integration, browser)"
exec python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
