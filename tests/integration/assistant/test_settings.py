"""Settings read from the environment fail early and clearly; production passes --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p7Vd-3kQz9Lw2xN8rTb5YhJm4sFgCu6AeRiOpZyXnWvKtBqMdHs1",
    "PUBLIC_BASE_URL": "https://assistant.example.com",
    "ALLOWED_HOSTS": "assistant.example.com",
    "DATABASE_URL": "postgres://consigliere@db.internal:5432/consigliere",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A production process sees none of the test run's own variables (the browser tier sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which check --deploy rightly rejects).
    test_only = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in test_only}
    clean["VAR_DIR"] = os.environ.get("TMPDIR", "/tmp") + "/consigliere-settings-test"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "assistant.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("PORT", "eighty", "PORT='eighty' is not a whole number"),
        ("PORT", "70000", "PORT=70000 is out of range"),
        ("DATABASE_URL", "mysql://db/consigliere", "DATABASE_URL='mysql://db/consigliere' is not a valid URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL='localhost:6379' is not a valid URL"),
        ("PUBLIC_BASE_URL", "assistant.example.com", "PUBLIC_BASE_URL='assistant.example.com' is not a valid URL"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE='Mars/Olympus' is not an IANA time zone"),
        ("CSRF_TRUSTED_ORIGINS", "assistant.example.com", "each origin must start with http:// or https://"),
        ("CELERY_VISIBILITY_TIMEOUT_SECONDS", "600", "must be longer than the longest countdown"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' is not a level"),
        ("PLANNER", "magic", "PLANNER='magic' must be offline or openai"),
        ("OPENAI_BASE_URL", "api.openai.com", "OPENAI_BASE_URL='api.openai.com' is not a valid URL"),
    ],
)  # fmt: skip
def test_a_bad_environment_value_stops_start_up_with_a_message_naming_it(variable, value, message):
    result = manage("check", env={**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_openai_planner_without_a_key_is_a_warning_that_says_what_happens():
    result = manage("check", "--fail-level", "WARNING", env={**PRODUCTION, "PLANNER": "openai"})
    assert result.returncode != 0
    assert "every request will be planned by the offline planner" in result.stderr


def test_a_missing_secret_key_outside_debug_stops_start_up_and_says_how_to_fix_it():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_https_protections_follow_the_public_url():
    result = manage(
        "shell", "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)",
        env=PRODUCTION,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1].split() == ["True"] * 4, result.stderr
