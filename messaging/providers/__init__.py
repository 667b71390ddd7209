"""Providers messaging talks to: base.py holds the interface; one module per provider.

Which provider runs for each channel is a setting (SMS_PROVIDER, EMAIL_PROVIDER,
CALL_PROVIDER) looked up in ``REGISTRY``, never an ``if`` chain. A provider is built for the
account it sends for (``provider_for(channel, team=...)``), and states what it can do and
what it needs (``reports_delivery``, ``missing_settings()``, ``settings_template``), so no
view, template or service compares a provider's name.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from messaging.providers.base import ChannelProvider

REGISTRY: dict[str, str] = {
    "console": "messaging.providers.console.ConsoleProvider",
    "twilio": "messaging.providers.twilio.TwilioProvider",
    "smtp": "messaging.providers.smtp.SmtpProvider",
}


def provider_class(channel: str) -> type[ChannelProvider]:
    """The class of the provider configured for ``channel``, for what it states about itself
    (its capabilities and missing settings) without building it."""
    return import_string(REGISTRY[settings.MESSAGING_PROVIDERS[channel]])


def provider_for(channel: str, *, team: Any, user: Any = None) -> ChannelProvider:
    """The provider configured for ``channel``, bound to ``team`` (and, for a provider that
    sends as a person, such as Gmail or Outlook, to ``user``'s connection)."""
    return provider_class(channel)(team=team, user=user)


def providers_keeping_messages() -> set[str]:
    """The names of providers that send nothing out (``delivers = False``): their messages
    exist only in the Outbox, which shows them in full."""
    return {name for name, path in REGISTRY.items() if not import_string(path).delivers}


def provider_reports_delivery(name: str) -> bool:
    """Whether the provider called ``name`` (as stored on a message) reports deliveries
    later (a capability each provider states; nothing compares a provider's name)."""
    path = REGISTRY.get(name)
    return bool(path and getattr(import_string(path), "reports_delivery", False))
