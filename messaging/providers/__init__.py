"""Providers messaging talks to: base.py holds the interface; one module per provider.

Which provider runs for each channel is a setting (SMS_PROVIDER, EMAIL_PROVIDER,
CALL_PROVIDER) looked up in ``REGISTRY``, never an ``if`` chain.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from messaging.providers.base import ChannelProvider

REGISTRY: dict[str, str] = {
    "console": "messaging.providers.console.ConsoleProvider",
    "twilio": "messaging.providers.twilio.TwilioProvider",
    "smtp": "messaging.providers.smtp.SmtpProvider",
}


@cache
def _provider(name: str) -> ChannelProvider:
    return import_string(REGISTRY[name])()


def provider_for(channel: str) -> ChannelProvider:
    """The provider configured for ``channel`` (sms, email or call)."""
    return _provider(settings.MESSAGING_PROVIDERS[channel])


def provider_reports_delivery(name: str) -> bool:
    """Whether the provider called ``name`` (as stored on a message) reports deliveries
    later (a capability each provider states; nothing compares a provider's name)."""
    path = REGISTRY.get(name)
    return bool(path and getattr(import_string(path), "reports_delivery", False))
