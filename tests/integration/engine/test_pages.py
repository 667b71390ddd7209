"""The plain web pages of the engine: approvals, editing, the Outbox and agent settings."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from assistant.engine.actions import action_execute, action_propose
from assistant.models import Action, UserAgentSettings
from messaging.models import Message

pytestmark = pytest.mark.django_db
SMS = {"to": "+14155550101", "body": "Running 10 minutes late"}


@pytest.fixture
def pending(task, alice, no_quiet_hours):
    return action_propose(task=task, tool="send_sms", args=SMS, confidence=0.9)


def test_the_approvals_page_shows_what_waits_in_plain_words_with_the_reasons(signed_in, pending):
    page = signed_in.get("/approvals/").content.decode()
    assert "Text Alice Smith (+1 415-555-0101): &quot;Running 10 minutes late&quot;" in page
    assert "High-risk actions always need a person&#x27;s approval." in page
    assert pending.decided_digest in page


def test_approving_on_the_web_approves_exactly_what_was_shown(signed_in, pending):
    response = signed_in.post(
        f"/actions/{pending.pk}/approve/", {"digest": pending.decided_digest}, follow=True
    )
    assert "Approved: it will run in a moment." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "approved"
    assert action_execute(action_id=pending.pk).status == "succeeded"
    assert Message.objects.get().body == SMS["body"]


def test_approving_with_an_old_digest_says_it_changed_and_approves_nothing(signed_in, pending):
    response = signed_in.post(f"/actions/{pending.pk}/approve/", {"digest": "0" * 64}, follow=True)
    assert "The action changed since you saw it" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending_approval"


def test_rejecting_records_the_reason(signed_in, pending):
    signed_in.post(f"/actions/{pending.pk}/reject/", {"reason": "wrong time"})
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert pending.approvals.get().reason == "wrong time"


def test_editing_with_an_invalid_number_shows_the_error_beside_the_field(signed_in, pending):
    response = signed_in.post(f"/actions/{pending.pk}/edit/", {"to": "+1 555 0000", "body": "Hi"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "is not a valid phone number" in page
    pending.refresh_from_db()
    assert pending.args == SMS


def test_editing_to_a_contact_that_does_not_exist_says_so_and_keeps_the_action(signed_in, pending):
    response = signed_in.post(f"/actions/{pending.pk}/edit/", {"to": "999", "body": "Hi"})
    assert "No contact with id 999 in this team." in response.content.decode()
    pending.refresh_from_db()
    assert (pending.status, pending.args) == ("pending_approval", SMS)


def test_editing_the_words_keeps_the_original_and_redecides(signed_in, pending):
    signed_in.post(f"/actions/{pending.pk}/edit/", {"to": "+14155550101", "body": "Twenty minutes"})
    pending.refresh_from_db()
    assert pending.args == {"to": "+14155550101", "body": "Twenty minutes"}
    assert pending.original_args == SMS
    assert pending.status == "pending_approval"


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/actions/{}/approve/"), ("post", "/actions/{}/reject/"), ("get", "/actions/{}/edit/"),
     ("post", "/actions/{}/edit/")],
)  # fmt: skip
def test_a_member_of_another_team_gets_404_for_every_action_page(
    client: Client, outsider, pending, method, path
):
    client.force_login(outsider)
    response = getattr(client, method)(path.format(pending.pk), {"digest": pending.decided_digest})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending_approval"


def test_another_teams_pending_actions_and_messages_are_not_listed(
    client: Client, outsider, pending
):
    client.force_login(outsider)
    assert "Alice" not in client.get("/approvals/").content.decode()
    assert "Running" not in client.get("/messaging/outbox/").content.decode()


def test_the_outbox_shows_what_the_console_provider_recorded(signed_in, pending, principal):
    signed_in.post(f"/actions/{pending.pk}/approve/", {"digest": pending.decided_digest})
    action_execute(action_id=pending.pk)
    page = signed_in.get("/messaging/outbox/").content.decode()
    assert "Text message to Alice Smith (+1 415-555-0101)" in page
    assert "Running 10 minutes late" in page


def test_agent_settings_save_and_refuse_a_confidence_outside_zero_to_one(
    signed_in, principal, team
):
    response = signed_in.post(
        "/settings/agent/", {"confidence_threshold": "1.5", "undo_seconds": "5"}
    )
    assert "Use a number from 0 to 1" in response.content.decode()
    signed_in.post(
        "/settings/agent/",
        {"auto_approve_low": "on", "confidence_threshold": "0.7", "always_ask_channels": ["sms"],
         "undo_seconds": "10"},
    )  # fmt: skip
    mine = UserAgentSettings.objects.get(membership__team=team, membership__user=principal)
    assert (mine.confidence_threshold, mine.always_ask_channels, mine.undo_seconds) == (
        0.7,
        ["sms"],
        10,
    )
    assert Action.objects.count() == 0


def test_a_token_made_on_the_settings_page_is_shown_once_and_works_for_the_api(signed_in, team):
    page = signed_in.post("/settings/api-tokens/", {"name": "my script"}).content.decode()
    token = re.search(r'<code class="token">(csg_[^<]+)</code>', page).group(1)

    me = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["team"]["slug"] == team.slug
    assert token not in signed_in.get("/settings/agent/").content.decode()


def test_revoking_a_token_on_the_settings_page_stops_it(signed_in):
    page = signed_in.post("/settings/api-tokens/", {"name": "old"}).content.decode()
    token = re.search(r'<code class="token">(csg_[^<]+)</code>', page).group(1)
    from assistant.models import ApiToken

    signed_in.post(f"/settings/api-tokens/{ApiToken.objects.get().pk}/revoke/")
    assert (
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_another_persons_token_cannot_be_revoked(client: Client, teammate, signed_in):
    signed_in.post("/settings/api-tokens/", {"name": "mine"})
    from assistant.models import ApiToken

    client.force_login(teammate)
    assert (
        client.post(f"/settings/api-tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 404
    )
    assert ApiToken.objects.get().revoked_at is None


def test_the_edit_page_says_who_a_contact_id_is(signed_in, task, alice, no_quiet_hours):
    action = action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": "Hi"})
    page = signed_in.get(f"/actions/{action.pk}/edit/").content.decode()
    assert f"Now: #{alice.pk} is Alice Smith." in page
