"""Fixtures for messaging: the team's number, members' verified phones, and webhook posts
signed the way Twilio signs them (its own RequestValidator)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from twilio.request_validator import RequestValidator

from tests.conftest import TEAM_NUMBER

PRINCIPAL_PHONE = "+14155550111"
BOB_PHONE = "+14155550122"
STRANGER_PHONE = "+14155550199"
WEBHOOK_TOKEN = "b" * 32
_sids = iter(range(1, 10**9))


def sid(prefix: str = "SM") -> str:
    """A fresh Twilio-shaped id."""
    return f"{prefix}{next(_sids):032x}"


def signed_post(
    client: Any, path: str, params: dict[str, str], *, url: str | None = None,
    signature: str | None = None, token: str | None = None,
) -> Any:  # fmt: skip
    """POST ``params`` to ``path`` as Twilio would: signed for ``url`` (default: the public
    address of ``path``) with ``token`` (default: ours). ``signature=""`` sends none."""
    url = url or settings.PUBLIC_BASE_URL.rstrip("/") + path
    if signature is None:
        signature = RequestValidator(token or settings.TWILIO_AUTH_TOKEN).compute_signature(
            url, params
        )
    headers = {"X-Twilio-Signature": signature} if signature else {}
    return client.post(path, params, headers=headers)


@pytest.fixture
def twilio_token(settings):
    """Our Twilio auth token, for webhooks tested without the fake."""
    settings.TWILIO_AUTH_TOKEN = WEBHOOK_TOKEN
    return WEBHOOK_TOKEN


@pytest.fixture
def team_number(team):
    from messaging.models import TeamNumber

    return TeamNumber.objects.create(team=team, number=TEAM_NUMBER, label="Main")


@pytest.fixture
def principal_phone(team, principal):
    """The principal's phone, verified, with SMS approvals on."""
    from assistant.models import Membership, PrincipalIdentity, UserAgentSettings

    PrincipalIdentity.objects.create(
        team=team, user=principal, kind="phone", value=PRINCIPAL_PHONE, verified_at=timezone.now()
    )
    membership = Membership.objects.get(team=team, user=principal)
    UserAgentSettings.objects.update_or_create(
        membership=membership, defaults={"approve_by_sms": True}
    )
    return PRINCIPAL_PHONE


@pytest.fixture
def bob(team):
    from contacts.services import contact_create

    return contact_create(team=team, name="Bob Jones", phones=[BOB_PHONE], time_zone="UTC")


@pytest.fixture
def inbound_sms(client, team_number) -> Callable[..., Any]:
    """Deliver a text to the team's number through the webhook; returns the response."""

    def deliver(body: str, *, sender: str, message_sid: str | None = None) -> Any:
        params = {
            "MessageSid": message_sid or sid(), "AccountSid": "AC" + "0" * 32,
            "From": sender, "To": TEAM_NUMBER, "Body": body, "NumMedia": "0",
        }  # fmt: skip
        return signed_post(client, "/webhooks/twilio/sms", params)

    return deliver
