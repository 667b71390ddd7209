#!/usr/bin/env bash
# `make run`: migrate, seed the demo, then web + Celery worker + beat in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

# A local try-out runs in DEBUG unless the environment or .env says otherwise.
if [ -z "${DEBUG+x}" ] && ! grep -qsE '^\s*DEBUG=' .env; then
  export DEBUG=1
fi
# The environment wins over .env, which wins over the default.
setting() { local from_file; from_file=$(grep -sE "^\s*$1=" .env | tail -n1 | cut -d= -f2-); echo "${!1:-${from_file:-$2}}"; }
export PORT="$(setting PORT 8000)"
export HOST="$(setting HOST 127.0.0.1)"

python manage.py migrate --noinput -v 0
python manage.py seed_demo
echo
echo "Consigliere is starting at http://localhost:${PORT}/  (Ctrl-C stops web, worker and beat)"
echo
exec honcho start -f Procfile
