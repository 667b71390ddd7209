"""System checks for messaging: every channel names a provider that exists."""

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
