"""A text approved in the queue goes out through Twilio (the real SDK against the fake), and
the delivery report Twilio posts later shows on its card without a reload."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from playwright.sync_api import expect
from twilio.request_validator import RequestValidator

from assistant.engine.actions import action_propose
from contacts.services import contact_create
from messaging.models import Message
from tasks.services import task_create
from tests.conftest import PASSWORD
from tests.helpers import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

BOB = "+14155550122"
SUMMARY = 'Text Bob Jones (+1 415-555-0122): "Running late"'


def post_status(live_server, params: dict[str, str]) -> int:
    """Post a status callback to the running app, signed as Twilio signs it."""
    path = "/webhooks/twilio/status"
    signature = RequestValidator(settings.TWILIO_AUTH_TOKEN).compute_signature(
        settings.PUBLIC_BASE_URL + path, params
    )
    request = urllib.request.Request(
        live_server.url + path, data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@pytest.mark.worker
@pytest.mark.parametrize(
    ("report", "shown"),
    [
        ({"MessageStatus": "delivered"}, "Delivered."),
        ({"MessageStatus": "undelivered", "ErrorCode": "30003"},
         "Not delivered: The phone is switched off or out of reach. (error 30003)"),
    ],
)  # fmt: skip
def test_the_delivery_report_shows_on_the_card_without_a_reload(
    on_providers_worker, signed_in, live_server, team, principal, no_quiet_hours, report, shown
):
    bob = contact_create(team=team, name="Bob Jones", phones=[BOB])
    task = task_create(team=team, text="Tell Bob I'm late", requested_by=principal)
    action = action_propose(task=task, tool="send_sms", args={"to": bob.pk, "body": "Running late"})
    page = signed_in(principal.email, PASSWORD)
    page.goto(f"{live_server.url}/approvals/")
    card = page.get_by_role("article", name=SUMMARY, exact=True)
    card.get_by_role("button", name="Approve").click()

    [sent] = on_providers_worker.wait_for(1, timeout=30)
    expect(card).to_contain_text("Handed to the provider; no delivery report yet.")
    wait_for(lambda: Message.objects.filter(action=action, provider_id=sent.sid).exists())

    assert post_status(live_server, {"MessageSid": sent.sid, "To": BOB, **report}) == 200
    expect(card.locator("[data-delivery]")).to_have_text(re.compile(re.escape(shown)))
