"""Providers state what they can do and need (STYLE.md F): every registered provider is
built for an account and carries its capabilities, and nothing outside a provider's own
module compares a provider's name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import get_template
from django.utils.module_loading import import_string

from assistant.models import Team
from messaging.providers import REGISTRY, provider_for, providers_keeping_messages

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_provider_states_its_capabilities_and_what_it_needs(name):
    provider = import_string(REGISTRY[name])
    assert provider.name == name and provider.label
    assert isinstance(provider.delivers, bool) and isinstance(provider.reports_delivery, bool)
    assert get_template(provider.settings_template)
    missing = provider.missing_settings()
    assert isinstance(missing, list) and all(isinstance(m, str) for m in missing)
    assert not missing or provider.settings_hint


def test_a_provider_is_built_for_the_team_it_sends_for(settings):
    settings.MESSAGING_PROVIDERS = {"sms": "twilio", "call": "console", "email": "smtp"}
    ours, theirs = Team(name="Ours", slug="ours"), Team(name="Theirs", slug="theirs")
    assert provider_for("sms", team=ours).team is ours
    assert provider_for("sms", team=theirs).team is theirs
    assert provider_for("sms", team=ours) is not provider_for("sms", team=ours)
    assert providers_keeping_messages() == {"console"}


def test_twilio_and_smtp_name_the_settings_they_miss(settings):
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "", "t" * 32
    settings.EMAIL_URL = "console://"
    assert import_string(REGISTRY["twilio"]).missing_settings() == ["TWILIO_ACCOUNT_SID"]
    assert import_string(REGISTRY["smtp"]).missing_settings() == ["EMAIL_URL"]


NAME_COMPARISON = re.compile(
    r"""(provider(_name)?|\.provider)\s*(==|!=)\s*["'](console|twilio|smtp)["']"""
    r"""|["'](console|twilio|smtp)["']\s*(==|!=|in)\s*\w*provider"""
)


def test_no_view_template_or_service_compares_a_providers_name():
    offenders = []
    for path in [*ROOT.glob("*/**/*.py"), *ROOT.glob("*/templates/**/*.html")]:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "messaging/providers/", "var/")):
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if NAME_COMPARISON.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
