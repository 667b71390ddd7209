"""System checks for messaging: every channel names a provider that exists and has what it
needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from contacts.models import Contact
from messaging.channels import CHANNELS
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
    """A provider chosen without what it needs fails at start-up, not at the first send:
    each provider says which of its settings are missing (``missing_settings()``)."""
    by_provider: dict[str, list[str]] = {}
    for channel, name in settings.MESSAGING_PROVIDERS.items():
        if name in REGISTRY:
            by_provider.setdefault(name, []).append(channel)
    errors = []
    for name, channels in by_provider.items():
        provider = import_string(REGISTRY[name])
        missing = provider.missing_settings()
        if missing:
            chosen = ", ".join(f"{c.upper()}_PROVIDER={name}" for c in channels)
            errors.append(
                Error(
                    f"{chosen} needs {' and '.join(missing)} set.",
                    hint=provider.settings_hint,
                    id=getattr(provider, "check_id", "messaging.E005"),
                )
            )
    return errors


@register()
def channels_name_contact_fields(**_: Any) -> list[Error]:
    """Every channel's ``contact_opt_out`` is a field of Contact, so an opt-out check can
    never fail with an AttributeError in the middle of a decision."""
    fields = {f.name for f in Contact._meta.get_fields()}
    return [
        Error(
            f"The {channel.name} channel names Contact.{channel.contact_opt_out}, which "
            "does not exist.",
            hint="Add the field to Contact (with a migration) or name an existing one.",
            id="messaging.E006",
        )
        for channel in CHANNELS
        if channel.contact_opt_out and channel.contact_opt_out not in fields
    ]
