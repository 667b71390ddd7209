"""The fake Twilio answers the real ``twilio`` SDK as Twilio would."""

from __future__ import annotations

import base64
import threading

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from tests.fakes.twilio_server import FakeTwilio, running_fake_twilio, sms_segments

# The fixtures (fake_twilio, fake_smtp and their session servers), until a conftest has them.

ALICE = "+14155550101"
TEAM_NUMBER = "+14155550199"


def _client(
    fake: FakeTwilio, *, timeout: float = 2, sid: str | None = None, token: str | None = None
) -> Client:
    client = Client(
        sid or fake.account_sid,
        token or fake.auth_token,
        http_client=TwilioHttpClient(timeout=timeout),
    )
    client.api.base_url = fake.base_url
    return client


def test_the_real_sdk_creates_a_message_and_the_fake_records_it(fake_twilio: FakeTwilio) -> None:
    message = _client(fake_twilio).messages.create(to=ALICE, from_=TEAM_NUMBER, body="Late, sorry")

    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert message.status == "queued"
    assert message.num_segments == "1"
    assert message.to == ALICE and message.from_ == TEAM_NUMBER
    assert message.date_created is not None and message.date_sent is None
    assert fake_twilio.messages() == [{"To": ALICE, "From": TEAM_NUMBER, "Body": "Late, sorry"}]
    request = fake_twilio.received[0]
    assert (request.method, request.path, request.outcome) == (
        "POST",
        f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json",
        "ok",
    )
    credentials = f"{fake_twilio.account_sid}:{fake_twilio.auth_token}".encode()
    assert request.headers["authorization"] == f"Basic {base64.b64encode(credentials).decode()}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"


def test_a_message_through_a_messaging_service_is_accepted_without_a_from(
    fake_twilio: FakeTwilio,
) -> None:
    service = "MG" + "1" * 32
    message = _client(fake_twilio).messages.create(
        to=ALICE, messaging_service_sid=service, body="Hello"
    )

    assert message.status == "accepted"
    assert message.from_ is None and message.messaging_service_sid == service
    assert fake_twilio.messages()[0]["MessagingServiceSid"] == service


@pytest.mark.parametrize(
    ("body", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("{" * 80, 1),  # extension characters take two septets
        ("{" * 81, 2),
        ("\u00e9" * 160, 1),  # é is in the GSM basic table
        ("\u00ea" * 70, 1),  # ê is not: UCS-2
        ("\u00ea" * 71, 2),
        ("\U0001f600" * 35, 1),  # an emoji is two UTF-16 code units
        ("\U0001f600" * 36, 2),
        ("a" * 134 + "\u00ea", 3),
    ],
)
def test_segments_are_counted_as_twilio_counts_them(
    fake_twilio: FakeTwilio, body: str, segments: int
) -> None:
    message = _client(fake_twilio).messages.create(to=ALICE, from_=TEAM_NUMBER, body=body)

    assert message.num_segments == str(segments)
    assert sms_segments(body) == segments


def test_a_call_is_created_with_its_twiml_and_every_repeated_parameter(
    fake_twilio: FakeTwilio,
) -> None:
    twiml = "<Response><Say>Hi</Say></Response>"
    events = ["initiated", "ringing", "answered", "completed"]

    call = _client(fake_twilio).calls.create(
        to=ALICE,
        from_=TEAM_NUMBER,
        twiml=twiml,
        status_callback="https://consigliere.test/twilio/status",
        status_callback_event=events,
    )

    assert call.sid.startswith("CA") and len(call.sid) == 34
    assert call.status == "queued" and call.direction == "outbound-api"
    assert fake_twilio.calls()[0]["Twiml"] == twiml
    [created] = fake_twilio.created("call")
    assert created.form["StatusCallbackEvent"] == events
    assert created.sid == call.sid
    assert fake_twilio.messages() == []


def test_a_created_message_can_be_fetched_and_moved_on(fake_twilio: FakeTwilio) -> None:
    client = _client(fake_twilio)
    sid = client.messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi").sid

    assert client.messages(sid).fetch().status == "queued"
    fake_twilio.set_status(sid, "delivered")
    fetched = client.messages(sid).fetch()

    assert fetched.status == "delivered" and fetched.date_sent is not None
    assert [r.method for r in fake_twilio.received] == ["POST", "GET", "GET"]


def test_fetching_an_unknown_message_is_twilios_404(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(TwilioRestException) as raised:
        _client(fake_twilio).messages("SM" + "0" * 32).fetch()

    assert (raised.value.status, raised.value.code) == (404, 20404)


def test_an_unknown_path_is_twilios_404(fake_twilio: FakeTwilio) -> None:
    response = requests.get(
        f"{fake_twilio.base_url}/2010-04-01/Accounts/{fake_twilio.account_sid}/Nothing.json",
        auth=(fake_twilio.account_sid, fake_twilio.auth_token),
        timeout=2,
    )

    assert response.status_code == 404
    assert response.json()["code"] == 20404
    assert response.json()["more_info"] == "https://www.twilio.com/docs/errors/20404"


@pytest.mark.parametrize(
    ("outcome", "status", "code", "words"),
    [
        ("21211", 400, 21211, f"Invalid 'To' Phone Number: {ALICE}"),
        ("21610", 400, 21610, "Attempt to send to unsubscribed recipient"),
        ("429", 429, 20429, "Too Many Requests"),
        ("500", 500, 20500, "Internal Server Error"),
    ],
)
def test_a_scripted_error_reaches_the_sdk_as_twilio_sends_it(
    fake_twilio: FakeTwilio, outcome: str, status: int, code: int, words: str
) -> None:
    fake_twilio.script(outcome)

    with pytest.raises(TwilioRestException) as raised:
        _client(fake_twilio).messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi")

    assert (raised.value.status, raised.value.code) == (status, code)
    assert words in raised.value.msg
    assert fake_twilio.messages() == []
    assert [r.outcome for r in fake_twilio.received] == [outcome]


def test_scripted_outcomes_are_used_in_order_and_then_creates_succeed_again(
    fake_twilio: FakeTwilio,
) -> None:
    fake_twilio.script("429", "ok", "21211")
    client = _client(fake_twilio)
    outcomes = []
    for _ in range(4):
        try:
            client.messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi")
            outcomes.append("ok")
        except TwilioRestException as error:
            outcomes.append(str(error.code))

    assert outcomes == ["20429", "ok", "21211", "ok"]
    assert len(fake_twilio.messages()) == 2


def test_always_fails_every_create_until_the_fake_is_reset(fake_twilio: FakeTwilio) -> None:
    fake_twilio.always("500")
    client = _client(fake_twilio)
    for _ in range(2):
        with pytest.raises(TwilioRestException):
            client.calls.create(to=ALICE, from_=TEAM_NUMBER, twiml="<Response/>")

    fake_twilio.reset()

    assert client.calls.create(to=ALICE, from_=TEAM_NUMBER, twiml="<Response/>").status == "queued"
    assert len(fake_twilio.received) == 1


def test_scripting_an_unknown_outcome_is_refused(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(ValueError, match="Unknown outcome"):
        fake_twilio.script("ok", "418")


def test_a_hanging_request_makes_the_clients_read_timeout_fire(fake_twilio: FakeTwilio) -> None:
    fake_twilio.script("hang")

    with pytest.raises((requests.Timeout, requests.ConnectionError)):
        _client(fake_twilio, timeout=0.3).messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi")
    fake_twilio.release()

    assert [r.outcome for r in fake_twilio.received] == ["hang"]
    assert fake_twilio.messages() == []
    assert _client(fake_twilio).messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi").sid


def test_stopping_the_server_does_not_wait_for_a_hanging_request() -> None:
    errors: list[BaseException] = []

    with running_fake_twilio() as fake:
        fake.script("hang")
        client = _client(fake, timeout=30)

        def send() -> None:
            try:
                client.messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi")
            except Exception as error:
                errors.append(error)

        sender = threading.Thread(target=send)
        sender.start()
        fake.wait_for(lambda f: any(r.outcome == "hang" for r in f.received), timeout=5)
    # Leaving the block stopped the server: the hanging request was let go, unanswered.
    sender.join(timeout=5)

    assert not sender.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], requests.ConnectionError)


@pytest.mark.parametrize(
    ("sid", "token"),
    [
        (None, "0" * 32),  # a wrong token
        ("AC" + "0" * 32, None),  # another account's sid with this account's token
    ],
)
def test_wrong_credentials_are_refused_with_twilios_401(
    fake_twilio: FakeTwilio, sid: str | None, token: str | None
) -> None:
    with pytest.raises(TwilioRestException) as raised:
        _client(fake_twilio, sid=sid, token=token).messages.create(
            to=ALICE, from_=TEAM_NUMBER, body="Hi"
        )

    assert (raised.value.status, raised.value.code) == (401, 20003)
    assert "Authenticate" in raised.value.msg
    assert fake_twilio.messages() == []
    assert [r.outcome for r in fake_twilio.received] == ["401"]


def test_a_wrong_account_in_the_path_is_refused_even_with_good_credentials(
    fake_twilio: FakeTwilio,
) -> None:
    response = requests.post(
        f"{fake_twilio.base_url}/2010-04-01/Accounts/AC{'0' * 32}/Messages.json",
        data={"To": ALICE, "From": TEAM_NUMBER, "Body": "Hi"},
        auth=(fake_twilio.account_sid, fake_twilio.auth_token),
        timeout=2,
    )

    assert response.status_code == 401
    assert response.json() == {
        "code": 20003,
        "detail": "Your AccountSid or AuthToken was incorrect.",
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"to": ALICE, "from_": TEAM_NUMBER, "body": ""}, 21602),
        ({"to": ALICE, "body": "Hi"}, 21603),
        ({"to": "", "from_": TEAM_NUMBER, "body": "Hi"}, 21604),
        ({"to": ALICE, "from_": TEAM_NUMBER, "body": "a" * 1601}, 21617),
    ],
)
def test_a_message_missing_what_twilio_needs_is_a_400(
    fake_twilio: FakeTwilio, arguments: dict[str, str], code: int
) -> None:
    with pytest.raises(TwilioRestException) as raised:
        _client(fake_twilio).messages.create(**arguments)

    assert (raised.value.status, raised.value.code) == (400, code)
    assert fake_twilio.messages() == []


def test_a_call_without_twiml_or_url_is_a_400(fake_twilio: FakeTwilio) -> None:
    with pytest.raises(TwilioRestException) as raised:
        _client(fake_twilio).calls.create(to=ALICE, from_=TEAM_NUMBER)

    assert (raised.value.status, raised.value.code) == (400, 21205)


def test_wait_for_returns_once_another_thread_has_sent(fake_twilio: FakeTwilio) -> None:
    client = _client(fake_twilio)
    sender = threading.Thread(
        target=lambda: client.messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi")
    )
    sender.start()

    created = fake_twilio.wait_for(1, timeout=5)
    sender.join(timeout=5)

    assert [item.params["Body"] for item in created] == ["Hi"]


def test_wait_for_fails_and_says_what_was_received(fake_twilio: FakeTwilio) -> None:
    fake_twilio.script("21610")
    with pytest.raises(TwilioRestException):
        _client(fake_twilio).messages.create(to=ALICE, from_=TEAM_NUMBER, body="Hi")

    with pytest.raises(AssertionError, match=r"Messages\.json -> 21610"):
        fake_twilio.wait_for(1, timeout=0.1)
