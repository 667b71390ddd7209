"""No input reaches the database as a 500 (``assistant/inputs.py``): text with a NUL or an
unpaired surrogate, values longer than their column, numbers that only look like numbers
("²"), offsets past any bigint. Each case is sent to the boundary people or programs use
(the API, the pages, Twilio's webhooks); each answers a coded 4xx and changes nothing, except
the webhooks, which keep a text without the characters (refusing would make Twilio retry it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from assistant.engine.actions import action_submit
from assistant.models import Action, ApiToken, Approval, AuditEvent, Feedback
from assistant.planning.services import task_submit
from assistant.teams.tokens import api_token_create
from contacts.models import Contact, ContactEmail, Interaction
from messaging.models import Message, OptOut, TeamNumber
from tasks.models import Task
from tests.conftest import TEAM_NUMBER
from tests.integration.api.conftest import ApiClient
from tests.integration.messaging.conftest import BOB_PHONE, WEBHOOK_TOKEN, sid, signed_post

pytestmark = pytest.mark.django_db

NUL, SURROGATE = "\x00", "\ud800"
# 290 characters that Django's validate_email accepts: longer than the column (254).
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + "." + "c" * 29 + ".com"
PAST_BIGINT = "9223372036854775808"


@dataclass
class World:
    """One team with something of everything a request could change."""

    api: ApiClient
    web: Client
    alice: Contact
    action: Action  # a text to Alice, waiting for approval
    asking: Task  # "Which Zed?": waiting for a clarification
    sent: Message  # a text of ours that Twilio will report on

    def fill(self, text: str) -> str:
        return text.format(alice=self.alice.pk, action=self.action.pk, task=self.asking.pk)


@pytest.fixture
def world(team, principal, alice, no_quiet_hours, settings) -> World:
    settings.TWILIO_AUTH_TOKEN = WEBHOOK_TOKEN
    TeamNumber.objects.create(team=team, number=TEAM_NUMBER, label="Main")
    action = action_submit(
        team=team, user=principal, tool="send_sms", args={"to": alice.pk, "body": "Late"}
    )
    asking = task_submit(team=team, user=principal, text="Text Zed that the car is ready")
    assert (action.status, asking.status) == ("pending_approval", "needs_clarification")
    sent = Message.objects.create(
        team=team, channel="sms", to=[BOB_PHONE], body="Hi", provider="twilio",
        provider_id=sid(), status="sent",
    )  # fmt: skip
    web = Client()
    web.force_login(principal)
    token = api_token_create(team=team, user=principal, name="tests")[1]
    return World(ApiClient(token), web, alice, action, asking, sent)


def stored() -> dict[str, list[Any]]:
    """Everything a refused request could have changed."""
    return {
        "tasks": list(Task.objects.order_by("pk").values("pk", "text", "status", "clarification")),
        "actions": list(
            Action.objects.order_by("pk").values("pk", "status", "args", "decided_digest")
        ),
        "approvals": list(Approval.objects.values_list("pk", flat=True)),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True)),
        "contacts": list(Contact.objects.order_by("pk").values("pk", "name", "notes")),
        "emails": list(ContactEmail.objects.order_by("pk").values_list("address", flat=True)),
        "messages": list(
            Message.objects.order_by("pk").values("pk", "body", "status", "error_code")
        ),
        "opt_outs": list(OptOut.objects.values_list("number", flat=True)),
        "interactions": list(Interaction.objects.values_list("pk", flat=True)),
        "tokens": list(ApiToken.objects.values_list("name", flat=True)),
        "feedback": list(Feedback.objects.values_list("pk", flat=True)),
    }


# --- The API --------------------------------------------------------------------------------

Body = Callable[[World], Any]
API_CASES = [
    pytest.param("POST", "tasks", lambda w: {"text": f"Text Alice{NUL} I'm late"},
                 id="NUL in a task's text"),
    pytest.param("POST", "tasks", lambda w: {"text": f"Text Alice {SURROGATE}"},
                 id="a lone surrogate in a task's text"),
    pytest.param("POST", "contacts", lambda w: {"name": f"Fredo{NUL}"},
                 id="NUL in a contact's name"),
    pytest.param("POST", "contacts", lambda w: {"name": "Fredo", "notes": f"Owes{NUL} us"},
                 id="NUL in a contact's notes"),
    pytest.param("PATCH", "contacts/{alice}", lambda w: {"notes": f"{SURROGATE} likes tea"},
                 id="a lone surrogate in a contact's notes, edited"),
    pytest.param("POST", "contacts", lambda w: {"name": "Fredo", "emails": [LONG_EMAIL]},
                 id="a 290-character email address"),
    pytest.param("PATCH", "contacts/{alice}", lambda w: {"emails": [LONG_EMAIL]},
                 id="a 290-character email address, edited"),
    pytest.param("POST", "contacts", lambda w: {"name": "Fredo", "time_zone": "Europe/" * 50},
                 id="a 350-character time zone"),
    pytest.param("POST", "actions", lambda w: {
        "tool": "send_sms", "args": {"to": w.alice.pk, "body": f"Late{NUL}"}},
        id="NUL in a tool argument"),
    pytest.param("POST", "actions", lambda w: {
        "tool": "send_sms", "args": {"to": w.alice.pk, "body": f"Late {SURROGATE}"}},
        id="a lone surrogate in a tool argument"),
    pytest.param("POST", "actions", lambda w: {
        "tool": "send_sms", "args": {"to": w.alice.pk, f"body{NUL}": "Late"}},
        id="NUL in a tool argument's name"),
    pytest.param("POST", "actions", lambda w: {
        "tool": "send_sms", "args": {"to": w.alice.pk, "body": "Late"}, "rationale": f"{NUL}"},
        id="NUL in a rationale"),
    pytest.param("POST", "tasks/{task}/clarify", lambda w: {"answer": f"Zed{NUL}"},
                 id="NUL in a clarification answer"),
    pytest.param("POST", "tasks/{task}/clarify", lambda w: {"answer": "²"},
                 id="answer=² in a clarification"),
    pytest.param("POST", "actions/{action}/reject", lambda w: {"reason": f"No{NUL}"},
                 id="NUL in a reject reason"),
    pytest.param("POST", "actions/{action}/revise", lambda w: {"feedback": f"Say 4pm{NUL}"},
                 id="NUL in a revision"),
    pytest.param("POST", "actions/{action}/edit", lambda w: {
        "args": {"to": w.alice.pk, "body": f"Late{NUL}"}}, id="NUL in an edit"),
    pytest.param("POST", "actions/{action}/approve", lambda w: {"digest": f"{NUL}"},
                 id="NUL in an approval's digest"),
    pytest.param("GET", f"contacts?q=Al{NUL}", None, id="NUL in a search"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body"), API_CASES)
def test_bad_input_to_the_api_is_a_coded_4xx_and_changes_nothing(world, method, path, body):
    before = stored()

    response = world.api.call(method, world.fill(path), body(world) if body else None)

    assert response.status_code in {400, 422}, response.content
    error = response.json()
    assert error["code"] and error["message"]
    assert stored() == before


def test_a_nul_in_the_api_is_refused_by_field_with_a_sentence(world):
    response = world.api.post("tasks", {"text": f"Text Alice{NUL}"})

    assert response.status_code == 422
    assert response.json() == {
        "code": "VALIDATION_ERROR",
        "message": "Some fields have problems.",
        "details": {
            "text": ["This holds a NUL character (\\x00), which text cannot hold; remove it."]
        },
    }


def test_text_nested_in_arguments_is_named_by_its_place(world):
    args = {"to": world.alice.pk, "body": "Late", "media": [f"{SURROGATE}"]}

    response = world.api.post("actions", {"tool": "send_sms", "args": args})

    assert response.status_code == 422
    (problem,) = response.json()["details"]["args"]
    assert problem.startswith("At media.0: this holds an unpaired surrogate")


def test_a_body_too_large_is_413_and_too_many_fields_400_each_with_a_code(world):
    before = stored()

    large = world.api.post("tasks", json.dumps({"text": "x" * 3_000_000}))
    many = world.api.get("contacts?" + "&".join(f"f{i}=1" for i in range(1500)))

    assert (large.status_code, large.json()["code"]) == (413, "REQUEST_TOO_LARGE")
    assert (many.status_code, many.json()["code"]) == (400, "BAD_REQUEST")
    assert stored() == before


@pytest.mark.parametrize("path", ["actions", "contacts"])
@pytest.mark.parametrize("offset", [PAST_BIGINT, "1000000"])
def test_an_offset_past_the_data_is_an_empty_page(world, path, offset):
    response = world.api.get(f"{path}?offset={offset}")

    assert response.status_code == 200
    page = response.json()
    assert (page["items"], page["next_offset"]) == ([], None)
    assert page["count"] >= 1


def test_every_request_body_of_the_api_is_cleaned_by_the_one_base_schema():
    from assistant.api.common import InputSchema
    from assistant.api.v1 import api

    bodies = {
        operation.view_func.__name__: annotation
        for router in [api.default_router, *(r for _, r in api._routers)]
        for view in router.path_operations.values()
        for operation in view.operations
        for model in operation.models
        if model.__ninja_param_source__ == "body"
        for field in model.model_fields.values()
        for annotation in [field.annotation.__args__[0] if hasattr(field.annotation, "__args__")
                           else field.annotation]
    }  # fmt: skip

    assert len(bodies) >= 9
    assert {name for name, schema in bodies.items() if not issubclass(schema, InputSchema)} == set()


# --- The pages ------------------------------------------------------------------------------

PAGE_CASES = [
    pytest.param("POST", "/tasks/ask/", {"text": f"Text Alice{NUL} I'm late"},
                 id="NUL in a task's text"),
    pytest.param("POST", "/contacts/new/", {"name": f"Fredo{NUL}"},
                 id="NUL in a contact's name"),
    pytest.param("POST", "/contacts/new/", {"name": "Fredo", "notes": f"Owes{NUL} us"},
                 id="NUL in a contact's notes"),
    pytest.param("POST", "/contacts/{alice}/edit/", {"name": "Alice", "notes": f"Tea{NUL}"},
                 id="NUL in a contact's notes, edited"),
    pytest.param("POST", "/contacts/new/", {"name": "Fredo", "emails": LONG_EMAIL},
                 id="a 290-character email address"),
    pytest.param("GET", "/contacts/", {"q": f"Al{NUL}"}, id="NUL in a search"),
    pytest.param("POST", "/actions/{action}/reject/", {"reason": f"No{NUL}"},
                 id="NUL in a reject reason"),
    pytest.param("POST", "/actions/{action}/reject/", {"quick": f"Wrong time{NUL}"},
                 id="NUL in a quick reject reason"),
    pytest.param("POST", "/actions/{action}/reject/", {"reason": "No" * 300},
                 id="a reject reason too long"),
    pytest.param("POST", "/actions/{action}/revise/", {"feedback": f"Say 4pm{NUL}"},
                 id="NUL in a revision"),
    pytest.param("POST", "/actions/{action}/edit/", {"to": "{alice}", "body": f"Late{NUL}"},
                 id="NUL in a tool argument"),
    pytest.param("POST", "/actions/{action}/edit/", {"to": "²", "body": "Late"}, id="to=²"),
    pytest.param("POST", "/actions/{action}/approve/", {"digest": f"{NUL}"},
                 id="NUL in an approval's digest"),
    pytest.param("POST", "/actions/{action}/feedback/", {"rating": "1", "comment": f"{NUL}"},
                 id="NUL in feedback"),
    pytest.param("POST", "/tasks/{task}/clarify/", {"answer": f"Zed{NUL}"},
                 id="NUL in a clarification answer"),
    pytest.param("POST", "/tasks/{task}/clarify/", {"answer": "²"}, id="answer=²"),
    pytest.param("POST", "/approvals/bulk/", {"selected": "²:abc", "decision": "approve"},
                 id="selected=²:abc"),
    pytest.param("GET", "/approvals/", {"before": "²"}, id="before=² in the queue"),
    pytest.param("GET", "/history/", {"before": "²"}, id="before=² in the history"),
    pytest.param("POST", "/settings/api-tokens/", {"name": f"n8n{NUL}"},
                 id="NUL in a token's name"),
    pytest.param("POST", "/actions/{action}/reject/", {f"reason{NUL}": "No"},
                 id="NUL in a field's name"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "data"), PAGE_CASES)
def test_bad_input_to_a_page_is_a_4xx_saying_what_to_change_and_changes_nothing(
    world, method, path, data
):
    before = stored()
    filled = {world.fill(name): world.fill(value) for name, value in data.items()}

    response = getattr(world.web, method.lower())(world.fill(path), filled)

    assert response.status_code in {400, 422}, response.content[:300]
    assert b'class="errorlist' in response.content
    assert stored() == before


def test_a_page_refuses_a_nul_with_its_code_and_the_field_it_was_in(world):
    response = world.web.post("/tasks/ask/", {"text": f"Text Alice{NUL}"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-code="UNSAFE_TEXT"' in page
    assert "nothing was changed" in page
    assert "text" in page and "which text cannot hold; remove it." in page


def test_an_htmx_request_is_refused_in_json_its_toast_shows(world):
    response = world.web.post(
        f"/actions/{world.action.pk}/reject/",
        {"reason": f"No{NUL}"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "UNSAFE_TEXT"
    assert response.json()["details"] == {
        "reason": ["This holds a NUL character (\\x00), which text cannot hold; remove it."]
    }


@pytest.mark.parametrize("path", ["/approvals/", "/history/"])
def test_a_cursor_past_every_id_is_the_first_page(world, path):
    first = world.web.get(path)

    response = world.web.get(path, {"before": PAST_BIGINT})

    assert response.status_code == 200
    links = re.compile(rb"/(?:actions|tasks)/\d+/")
    assert links.findall(response.content) == links.findall(first.content) != []


# --- Twilio's webhooks ----------------------------------------------------------------------

SMS = "/webhooks/twilio/sms"
SPEECH = "/webhooks/twilio/voice?speech=1"
STATUS = "/webhooks/twilio/status"


def text_params(**overrides: str) -> dict[str, str]:
    return {"MessageSid": sid(), "From": BOB_PHONE, "To": TEAM_NUMBER, "Body": "Hi", **overrides}


def call_params(**overrides: str) -> dict[str, str]:
    return {"CallSid": sid("CA"), "From": BOB_PHONE, "To": TEAM_NUMBER,
            "SpeechResult": "Tell Vito the shipment is late", **overrides}  # fmt: skip


def test_a_nul_in_an_sms_body_is_stripped_and_the_rest_stored(world, client):
    response = signed_post(client, SMS, text_params(Body=f"Meet{NUL} at 8"))

    assert response.status_code == 200
    assert Message.objects.get(direction="inbound").body == "Meet at 8"


def test_a_nul_in_a_speech_result_is_stripped_and_the_rest_stored(world, client):
    response = signed_post(client, SPEECH, call_params(SpeechResult=f"Call{NUL} me back"))

    assert response.status_code == 200
    assert Message.objects.get(direction="inbound").body == "Call me back"


def test_a_nul_in_a_status_callbacks_error_code_is_stripped(world, client):
    params = {"MessageSid": world.sent.provider_id, "MessageStatus": "undelivered",
              "ErrorCode": f"300{NUL}03"}  # fmt: skip

    assert signed_post(client, STATUS, params).status_code == 200

    world.sent.refresh_from_db()
    assert (world.sent.status, world.sent.error_code) == ("undelivered", "30003")


WEBHOOK_REFUSALS = [
    pytest.param(SMS, text_params(MessageSid="SM" + "a" * 198),
                 id="a 200-character MessageSid"),
    pytest.param(SMS, text_params(From="+1" + "5" * 298), id="a 300-character From"),
    pytest.param(SMS, text_params(From="+1" + "5" * 28, Body="STOP"),
                 id="STOP from a 30-character From"),
    pytest.param(SPEECH, call_params(CallSid="CA" + "a" * 198), id="a 200-character CallSid"),
    pytest.param(SPEECH, call_params(From="+1" + "5" * 298), id="a 300-character caller"),
    pytest.param("/webhooks/twilio/voice?reply=1", call_params(CallSid="CA" + "a" * 198),
                 id="a 200-character CallSid answering our call"),
    pytest.param(STATUS, {"MessageSid": "SM" + "a" * 198, "MessageStatus": "delivered"},
                 id="a 200-character MessageSid in a status"),
    pytest.param(STATUS, {"CallSid": "CA" + "a" * 198, "CallStatus": "completed"},
                 id="a 200-character CallSid in a status"),
    pytest.param(STATUS, {"MessageSid": "{sent}", "MessageStatus": "failed",
                          "ErrorCode": "3" * 50}, id="a 50-character error code"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "params"), WEBHOOK_REFUSALS)
def test_a_webhook_value_too_long_for_its_column_is_a_coded_400_storing_nothing(
    world, client, path, params
):
    params = {
        name: value.replace("{sent}", world.sent.provider_id) for name, value in params.items()
    }
    before = stored()

    response = signed_post(client, path, params)

    assert response.status_code == 400
    error = json.loads(response.content)
    assert error["code"] == "TOO_LONG" and error["message"] and error["details"]
    assert stored() == before
