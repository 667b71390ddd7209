"""System checks for messaging: every channel names a provider that exists and has what it
needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from messaging.providers import REGISTRY


@register()
def providers_exist(**_: Any) -> list[Error]:
    return [
        Error(
            f"{channel.upper()}_PROVIDER={name!r} is not a provider.",
            hint=f"Use one of: {', '.join(sorted(REGISTRY))}.",
            id="messaging.E001",
        )
        for channel, name in settings.MESSAGING_PROVIDERS.items()
        if name not in REGISTRY
    ]


@register()
def providers_configured(**_: Any) -> list[Error]:
    """A provider chosen without what it needs fails at start-up, not at the first send."""
    errors = []
    uses_twilio = [c for c, name in settings.MESSAGING_PROVIDERS.items() if name == "twilio"]
    if uses_twilio and not (settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN):
        errors.append(
            Error(
                f"{', '.join(c.upper() for c in uses_twilio)}_PROVIDER=twilio needs "
                "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.",
                hint="Set both from the Twilio console, or choose the console provider.",
                id="messaging.E002",
            )
        )
    if settings.MESSAGING_PROVIDERS.get("email") == "smtp" and settings.EMAIL_URL.startswith(
        "console"
    ):
        errors.append(
            Error(
                "EMAIL_PROVIDER=smtp but EMAIL_URL is console://: emails would only be printed.",
                hint="Set EMAIL_URL to smtp://, smtp+tls:// or smtp+ssl://, or use console.",
                id="messaging.E004",
            )
        )
    return errors
