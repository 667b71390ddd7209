"""The whole path by text, through a real Celery worker and the real twilio SDK against the
fake Twilio: the principal texts a request, approves it by replying with the code, and
exactly one text reaches Bob; the code used again, or from another number, does nothing."""

from __future__ import annotations

import re

import pytest

from assistant.models import Action
from messaging.models import Message
from tests.helpers import wait_for

from .conftest import BOB_PHONE, PRINCIPAL_PHONE, STRANGER_PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def handled(body: str, sender: str) -> bool:
    return Message.objects.filter(
        direction="inbound", body=body, sender=sender, handled_at__isnull=False
    ).exists()


def texts_to(fake, number: str) -> list[dict[str, str]]:
    return [m for m in fake.messages() if m["To"] == number]


def test_a_request_texted_and_approved_by_text_sends_exactly_one_sms(
    on_providers_worker, inbound_sms, team_number, principal_phone, bob, no_quiet_hours
):
    fake = on_providers_worker
    assert inbound_sms("Text Bob I'm outside", sender=PRINCIPAL_PHONE).status_code == 200

    fake.wait_for(lambda f: texts_to(f, PRINCIPAL_PHONE), timeout=30)
    ask_body = texts_to(fake, PRINCIPAL_PHONE)[0]["Body"]
    assert ask_body.startswith('Consigliere: Text Bob Jones (+1 415-555-0122): "I\'m outside".')
    code = re.search(r"Reply Y (\d{4})", ask_body).group(1)
    action = Action.objects.get(tool="send_sms")
    assert action.status == "pending_approval"

    # The right code from a number that is not the principal's decides nothing.
    inbound_sms(f"Y {code}", sender=STRANGER_PHONE)
    wait_for(lambda: handled(f"Y {code}", STRANGER_PHONE), what="the stranger's text handled")
    action.refresh_from_db()
    assert action.status == "pending_approval"

    inbound_sms(f"Y {code}", sender=PRINCIPAL_PHONE)
    fake.wait_for(lambda f: texts_to(f, BOB_PHONE), timeout=30)
    wait_for(lambda: Action.objects.get(pk=action.pk).status == "succeeded", what="the send")
    sent = texts_to(fake, BOB_PHONE)
    assert [m["Body"] for m in sent] == ["I'm outside"]
    assert sent[0]["From"] == team_number.number
    wait_for(lambda: len(texts_to(fake, PRINCIPAL_PHONE)) == 2, what="the confirmation")
    assert texts_to(fake, PRINCIPAL_PHONE)[1]["Body"].startswith("Consigliere: Approved: Text Bob")

    # The same code again: a new text, handled, and still one SMS to Bob.
    inbound_sms(f"Y {code}", sender=PRINCIPAL_PHONE)
    wait_for(lambda: Message.objects.filter(body=f"Y {code}", sender=PRINCIPAL_PHONE,
                                            handled_at__isnull=False).count() == 2)  # fmt: skip
    wait_for(lambda: len(texts_to(fake, PRINCIPAL_PHONE)) == 3, what="the refusal")
    assert "no action waits for that code" in texts_to(fake, PRINCIPAL_PHONE)[2]["Body"]
    assert len(texts_to(fake, BOB_PHONE)) == 1
