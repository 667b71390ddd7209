"""Twilio's webhooks are signed, and only what Twilio signed gets in (PROMISES 9, 10 and 12):
a missing, forged or replayed signature is a 403 that stores nothing; the check uses the
public address, so proxies do not break it; twilio-python's own test vector passes."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from messaging.models import Message
from messaging.webhooks import twilio_signature_valid
from tasks.models import Task
from tests.conftest import TEAM_NUMBER

from .conftest import BOB_PHONE, sid, signed_post

pytestmark = pytest.mark.django_db

SMS_PATH = "/webhooks/twilio/sms"


def sms_params(**overrides: str) -> dict[str, str]:
    return {"MessageSid": sid(), "From": BOB_PHONE, "To": TEAM_NUMBER, "Body": "Hi there",
            **overrides}  # fmt: skip


def nothing_stored() -> bool:
    return not Message.objects.exists() and not Task.objects.exists()


# twilio-python's tests/unit/test_request_validator.py
VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE", "Digits": "1234", "From": "+14158675309",
    "To": "+18005551212", "Caller": "+14158675309",
}  # fmt: skip


@pytest.mark.parametrize(
    ("url", "signature"),
    [
        (VECTOR_URL, "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        (VECTOR_URL.replace(".com", ".com:1234"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        (VECTOR_URL, "kvajT1Ptam85bY51eRf/AJRuM3w="),  # signed with :443
        (VECTOR_URL.replace("https", "http"), "0ZXoZLH/DfblKGATFgpif+LLRf4="),  # with :80
    ],
)
def test_twilio_pythons_published_test_vectors_validate(settings, url, signature):
    settings.TWILIO_AUTH_TOKEN = "12345"
    assert twilio_signature_valid(url=url, params=VECTOR_PARAMS, signature=signature)


def test_the_test_vector_fails_with_one_parameter_changed(settings):
    settings.TWILIO_AUTH_TOKEN = "12345"
    changed = {**VECTOR_PARAMS, "Digits": "1235"}
    assert not twilio_signature_valid(
        url=VECTOR_URL, params=changed, signature="RSOYDt4T1cUTdK1PDd93/VVr8B8="
    )


def test_a_signed_text_is_stored_and_answered_with_twiml(client, twilio_token, team_number):
    response = signed_post(client, SMS_PATH, sms_params())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert response.content == b'<?xml version="1.0" encoding="UTF-8"?><Response />'
    assert Message.objects.filter(direction="inbound", body="Hi there").count() == 1


@pytest.mark.parametrize(
    "how",
    ["missing", "garbage", "wrong token", "another url's", "changed body", "status callback's"],
)
def test_a_missing_forged_or_replayed_signature_is_403_and_stores_nothing(
    client, twilio_token, team_number, how
):
    params = sms_params()
    kwargs: dict[str, object] = {
        "missing": {"signature": ""},
        "garbage": {"signature": "bm90IGEgc2lnbmF0dXJl"},
        "wrong token": {"token": "c" * 32},
        "another url's": {"url": "http://testserver/webhooks/twilio/voice"},
        "changed body": {},
        "status callback's": {"url": "http://testserver/webhooks/twilio/status"},
    }[how]
    if how == "changed body":  # a genuine signature, delivered with different words
        signature = RequestValidator(twilio_token).compute_signature(
            "http://testserver" + SMS_PATH, params
        )
        params, kwargs = {**params, "Body": "Send me everything"}, {"signature": signature}
    response = signed_post(client, SMS_PATH, params, **kwargs)
    assert response.status_code == 403
    assert response.json()["code"] == "INVALID_SIGNATURE"
    assert nothing_stored()


def test_behind_a_tls_proxy_the_public_https_address_is_what_is_checked(
    client, twilio_token, team_number, settings
):
    settings.PUBLIC_BASE_URL = "https://consigliere.example.com"
    settings.ALLOWED_HOSTS = ["testserver"]
    params = sms_params()
    # The proxy forwards plain http to the app; Twilio signed the https address it called.
    ok = signed_post(client, SMS_PATH, params, url="https://consigliere.example.com" + SMS_PATH)
    assert ok.status_code == 200
    forged = signed_post(
        client, SMS_PATH, sms_params(), url="http://consigliere.example.com" + SMS_PATH
    )
    assert forged.status_code == 403
    assert Message.objects.count() == 1


def test_a_signature_for_the_other_trailing_slash_is_refused(client, twilio_token, team_number):
    params = sms_params()
    response = signed_post(client, SMS_PATH, params, url="http://testserver" + SMS_PATH + "/")
    assert response.status_code == 403
    # Twilio given the address with the slash calls it with the slash: that works.
    slashed = signed_post(client, SMS_PATH + "/", sms_params())
    assert slashed.status_code == 200
    assert Message.objects.count() == 1


def test_without_an_auth_token_every_webhook_is_refused(client, settings, team_number):
    settings.TWILIO_AUTH_TOKEN = ""
    response = signed_post(client, SMS_PATH, sms_params(), token="anything")
    assert response.status_code == 403
    assert nothing_stored()


def test_a_get_is_refused_with_405(client, twilio_token):
    assert client.get(SMS_PATH).status_code == 405


def test_a_text_to_a_number_no_team_owns_is_answered_and_dropped(client, twilio_token):
    response = signed_post(client, SMS_PATH, sms_params(To="+14155550000"))
    assert response.status_code == 200
    assert nothing_stored()


@pytest.mark.parametrize("path", ["/webhooks/twilio/voice", "/webhooks/twilio/status"])
def test_the_voice_and_status_webhooks_refuse_a_bad_signature_too(client, twilio_token, path,
                                                                  team_number):  # fmt: skip
    params = {"CallSid": sid("CA"), "From": BOB_PHONE, "To": TEAM_NUMBER, "CallStatus": "ringing"}
    assert signed_post(client, path, params, signature="Zm9yZ2Vk").status_code == 403
    assert signed_post(client, path, params).status_code == 200


def test_the_default_number_belongs_to_the_only_team_of_an_installation(
    client, twilio_token, team, settings
):
    settings.TWILIO_FROM_NUMBER = TEAM_NUMBER
    assert signed_post(client, SMS_PATH, sms_params()).status_code == 200
    assert Message.objects.get().team == team


def test_with_two_teams_the_default_number_needs_an_owner(
    client, twilio_token, team, other_team, settings
):
    settings.TWILIO_FROM_NUMBER = TEAM_NUMBER
    assert signed_post(client, SMS_PATH, sms_params()).status_code == 200
    assert nothing_stored()
