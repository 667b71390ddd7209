#!/usr/bin/env bash
# `make bench`: print one table of benchmarks, reference ceilings first (python -m tests.bench).
# Measures the project as the environment configures it: DATABASE_URL (default SQLite under
# var/) and REDIS_URL (default: the filesystem Celery broker under var/celery). Arguments are
# passed on, e.g. `bash scripts/bench.sh --duration 10 --only health`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

# Production-like code paths: DEBUG off whatever .env says (the environment wins over .env).
export DEBUG=0
# The key signs nothing the bench keeps; a fixed bench-only one is enough when none is set.
export SECRET_KEY="${SECRET_KEY:-bench-only-key-not-secret-signs-nothing-kept}"
export DJANGO_SETTINGS_MODULE=assistant.settings

python -m tests.bench.prepare
python manage.py migrate --noinput -v 0
exec python -m tests.bench "$@"
