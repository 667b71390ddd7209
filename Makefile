# Consigliere: `make run` to try it, `make test` to check it, `make bench` to measure it.
# Everything installs into .venv from the lock files; only Python 3.11+ is needed to start.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9

.PHONY: run test bench lint format lock clean

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Consigliere needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed-run: requirements.lock | $(UV)
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(UV)
	$(UV) pip install --quiet --python $(PY) -r requirements-dev.lock
	@touch $@ $(VENV)/.installed-run

## Run web, Celery worker and beat on the embedded default (or DATABASE_URL / REDIS_URL).
run: $(VENV)/.installed-run
	@bash scripts/run.sh

## Lint, check, and run the unit, integration and browser tests against PostgreSQL and Redis.
test: $(VENV)/.installed-dev
	@bash scripts/test.sh

## Print the benchmark table (reference ceilings first).
bench: $(VENV)/.installed-dev
	@bash scripts/bench.sh

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Re-resolve the lock files after editing pyproject.toml.
lock: | $(UV)
	$(UV) pip compile --quiet --generate-hashes pyproject.toml -o requirements.lock
	$(UV) pip compile --quiet --generate-hashes --group dev pyproject.toml -o requirements-dev.lock

clean:
	rm -rf $(VENV) var
