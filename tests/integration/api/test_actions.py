"""Actions through the API: propose, read, approve, reject and edit, as another program would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assistant.models import Action, Approval, TeamPolicy
from assistant.teams.tokens import api_token_create
from contacts.models import Contact
from messaging.models import Message
from tasks.models import Task, Todo
from tests.helpers import wait_for
from tests.integration.api.conftest import ApiClient


def propose_sms(api, to, body="Running 10 minutes late"):
    response = api.post("actions", {"tool": "send_sms", "args": {"to": to, "body": body}})
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
def test_an_sms_to_a_contact_waits_for_approval_as_high_risk_in_plain_words(
    api, alice, principal, no_quiet_hours
):
    action = propose_sms(api, alice.pk)

    assert action["status"] == "pending_approval"
    assert (action["decision"], action["risk"]) == ("approval", "high")
    assert action["reasons"] == ["HIGH_RISK"]
    assert action["reason_texts"] == ["High-risk actions always need a person's approval."]
    assert action["summary"] == 'Text Alice Smith (+1 415-555-0101): "Running 10 minutes late"'
    assert action["error"] is None and action["original_args"] is None
    assert len(action["digest"]) == 64 and action["expires_at"]
    task = Task.objects.get(pk=action["task"])
    assert (task.text, task.source, task.requested_by) == ("API: send_sms", "api", principal)


@pytest.mark.django_db
def test_an_sms_to_a_number_that_is_not_a_contact_is_critical_with_new_recipient(
    api, no_quiet_hours
):
    action = propose_sms(api, "+1 415 555 0199", "Hello")

    assert action["risk"] == "critical"
    assert action["reasons"] == ["CRITICAL_RISK", "NEW_RECIPIENT"]
    assert action["summary"] == 'Text +1 415-555-0199 (not a contact): "Hello"'


@pytest.mark.django_db(transaction=True)
def test_approving_through_the_api_puts_exactly_one_message_in_the_outbox(
    celery_worker, api, alice, principal, no_quiet_hours
):
    action = propose_sms(api, alice.pk)

    response = api.post(f"actions/{action['id']}/approve", {"digest": action["digest"]})

    assert response.status_code == 200
    assert response.json()["status"] in {"approved", "executing", "succeeded"}
    done = wait_for(
        lambda: api.get(f"actions/{action['id']}").json()["status"] == "succeeded",
        what="the send",
    )
    assert done
    (message,) = Message.objects.all()
    assert (message.to, message.body, message.contact) == (
        ["+14155550101"],
        "Running 10 minutes late",
        alice,
    )
    (approval,) = Approval.objects.all()
    assert (approval.user, approval.via, approval.args_digest) == (
        principal,
        "api",
        action["digest"],
    )


@pytest.mark.django_db(transaction=True)
def test_a_to_do_through_the_api_runs_at_once_without_approval(celery_worker, api, team):
    response = api.post("actions", {"tool": "create_task", "args": {"title": "Buy olive oil"}})

    assert response.status_code == 201
    assert (response.json()["decision"], response.json()["reasons"]) == ("auto", [])
    action_id = response.json()["id"]
    wait_for(lambda: Todo.objects.filter(title="Buy olive oil").exists(), what="the to-do")
    wait_for(
        lambda: api.get(f"actions/{action_id}").json()["status"] == "succeeded", what="success"
    )
    assert Todo.objects.get().team == team


@pytest.mark.django_db
def test_approving_twice_answers_409_already_decided_the_second_time(api, alice, no_quiet_hours):
    action = propose_sms(api, alice.pk)

    first = api.post(f"actions/{action['id']}/approve")
    second = api.post(f"actions/{action['id']}/approve", {"digest": action["digest"]})

    assert first.status_code == 200 and first.json()["status"] == "approved"
    assert second.status_code == 409
    assert second.json()["code"] == "ALREADY_DECIDED"
    assert Approval.objects.count() == 1


@pytest.mark.django_db
def test_approving_with_the_digest_of_an_older_version_is_409_stale(api, alice, no_quiet_hours):
    action = propose_sms(api, alice.pk)
    edited = api.post(
        f"actions/{action['id']}/edit", {"args": {"to": alice.pk, "body": "Running late"}}
    ).json()

    response = api.post(f"actions/{action['id']}/approve", {"digest": action["digest"]})

    assert response.status_code == 409
    assert response.json()["code"] == "STALE"
    assert api.get(f"actions/{action['id']}").json()["status"] == "pending_approval"
    assert not Approval.objects.exists()
    fresh = api.post(f"actions/{action['id']}/approve", {"digest": edited["digest"]})
    assert fresh.status_code == 200


@pytest.mark.django_db
def test_approving_an_expired_action_is_409_expired(api, alice, no_quiet_hours):
    action = propose_sms(api, alice.pk)
    Action.objects.filter(pk=action["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = api.post(f"actions/{action['id']}/approve")

    assert (response.status_code, response.json()["code"]) == (409, "EXPIRED")


@pytest.mark.django_db
def test_a_critical_action_needs_another_admin_when_the_team_says_so(
    api, team, team_admin, no_quiet_hours
):
    TeamPolicy.objects.filter(team=team).update(critical_needs_other_admin=True)
    action = propose_sms(api, "+1 415 555 0199", "Hello")

    mine = api.post(f"actions/{action['id']}/approve")
    admin_api = ApiClient(api_token_create(team=team, user=team_admin, name="t")[1])
    theirs = admin_api.post(f"actions/{action['id']}/approve")

    assert (mine.status_code, mine.json()["code"]) == (403, "SECOND_PERSON_REQUIRED")
    assert theirs.status_code == 200 and theirs.json()["status"] == "approved"


@pytest.mark.django_db
def test_editing_with_invalid_args_is_422_by_field_and_changes_nothing(api, alice, no_quiet_hours):
    action = propose_sms(api, alice.pk)

    missing = api.post(f"actions/{action['id']}/edit", {"args": {"to": alice.pk}})
    bad_number = api.post(f"actions/{action['id']}/edit", {"args": {"to": "+1 415", "body": "x"}})

    assert missing.status_code == 422
    assert missing.json()["code"] == "INVALID_ARGS"
    assert missing.json()["details"] == {"body": ["This field is required."]}
    assert bad_number.status_code == 422
    assert list(bad_number.json()["details"]) == ["to"]
    assert api.get(f"actions/{action['id']}").json() == {**action}


@pytest.mark.django_db
def test_editing_valid_args_gives_a_new_digest_and_keeps_the_original(api, alice, no_quiet_hours):
    action = propose_sms(api, alice.pk)

    response = api.post(
        f"actions/{action['id']}/edit", {"args": {"to": alice.pk, "body": "See you at 4"}}
    )

    assert response.status_code == 200
    edited = response.json()
    assert edited["status"] == "pending_approval"
    assert edited["digest"] != action["digest"]
    assert edited["args"] == {"to": alice.pk, "body": "See you at 4"}
    assert edited["original_args"] == {"to": alice.pk, "body": "Running 10 minutes late"}
    assert edited["summary"] == 'Text Alice Smith (+1 415-555-0101): "See you at 4"'


@pytest.mark.django_db
def test_rejecting_records_the_reason_and_a_second_decision_is_409(api, alice, no_quiet_hours):
    action = propose_sms(api, alice.pk)

    response = api.post(f"actions/{action['id']}/reject", {"reason": "Too blunt"})
    again = api.post(f"actions/{action['id']}/approve")

    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert Approval.objects.get().reason == "Too blunt"
    assert (again.status_code, again.json()["code"]) == (409, "ALREADY_DECIDED")


@pytest.mark.django_db
def test_an_action_policy_denies_is_recorded_and_says_why(api, alice, no_quiet_hours):
    Contact.objects.filter(pk=alice.pk).update(sms_opted_out=True)

    action = propose_sms(api, alice.pk)

    assert (action["status"], action["decision"]) == ("denied", "deny")
    assert action["error"]["code"] == "OPTED_OUT"
    assert action["error"]["message"]


@pytest.mark.django_db
def test_proposing_an_unknown_tool_or_bad_args_is_422_and_records_nothing(api):
    unknown = api.post("actions", {"tool": "launch_rocket", "args": {}})
    bad = api.post("actions", {"tool": "send_sms", "args": {"to": "+14155550101"}})
    out_of_range = api.post("actions", {"tool": "create_task", "args": {}, "confidence": 3})

    assert (unknown.status_code, list(unknown.json()["details"])) == (422, ["tool"])
    assert (bad.status_code, bad.json()["details"]) == (422, {"body": ["This field is required."]})
    assert out_of_range.status_code == 422
    assert out_of_range.json()["code"] == "VALIDATION_ERROR"
    assert list(out_of_range.json()["details"]) == ["confidence"]
    assert not Task.objects.exists() and not Action.objects.exists()


@pytest.mark.django_db
def test_malformed_json_is_400_in_the_error_shape(api):
    response = api.post("actions", '{"tool": "send_sms", ')

    assert response.status_code == 400
    assert response.json() == {
        "code": "MALFORMED_JSON",
        "message": "The request body is not valid JSON.",
        "details": {},
    }


@pytest.mark.django_db
def test_the_list_is_newest_first_filters_by_status_and_pages(api, alice, no_quiet_hours):
    first = propose_sms(api, alice.pk, "one")
    second = propose_sms(api, alice.pk, "two")
    third = propose_sms(api, alice.pk, "three")
    api.post(f"actions/{second['id']}/reject")

    everything = api.get("actions").json()
    waiting = api.get("actions?status=pending_approval").json()
    page = api.get("actions?limit=2&offset=2").json()

    assert [a["id"] for a in everything["items"]] == [third["id"], second["id"], first["id"]]
    assert [a["id"] for a in waiting["items"]] == [third["id"], first["id"]]
    assert ([a["id"] for a in page["items"]], page["count"], page["next_offset"]) == (
        [first["id"]],
        3,
        None,
    )
    assert api.get("actions?status=maybe").status_code == 422
    assert api.get("actions?limit=101").status_code == 422


@pytest.mark.django_db
def test_an_unexpected_error_is_a_500_in_the_error_shape_and_is_logged(
    api, alice, no_quiet_hours, monkeypatch, caplog
):
    """Patched: no real input makes the summary crash, and that crash is what is tested."""
    action = propose_sms(api, alice.pk)

    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr("assistant.api.v1.action_summary", broken)
    response = api.get(f"actions/{action['id']}")

    assert response.status_code == 500
    assert response.json()["code"] == "INTERNAL_ERROR"
    assert "template missing" not in response.content.decode()
    assert "template missing" in caplog.text


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get("nothing-here")

    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


@pytest.mark.django_db
def test_listing_5_or_50_actions_costs_the_same_number_of_queries(
    api, alice, principal, no_quiet_hours
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bob = Contact.objects.create(team=alice.team, name="Bob Jones")
    bob.phones.create(number="+14155550122")
    for n in range(50):
        propose_sms(api, alice.pk if n % 2 else bob.pk, body=f"Note {n}")
        if n == 4:
            with CaptureQueriesContext(connection) as five:
                small = api.get("actions?limit=100")
    with CaptureQueriesContext(connection) as fifty:
        large = api.get("actions?limit=100")

    assert (small.json()["count"], large.json()["count"]) == (5, 50)
    assert large.json()["items"][0]["summary"] == 'Text Alice Smith (+1 415-555-0101): "Note 49"'
    assert len(fifty.captured_queries) == len(five.captured_queries)


@pytest.mark.django_db
def test_any_coded_error_answers_with_its_status_code_and_sentence(
    api, alice, no_quiet_hours, monkeypatch
):
    from messaging.providers.base import ProviderError

    action = propose_sms(api, alice.pk)

    def fails(**kwargs):
        raise ProviderError("PROVIDER_TIMEOUT", "Twilio did not answer.", permanent=False)

    monkeypatch.setattr("assistant.api.v1.action_approve", fails)
    response = api.post(f"actions/{action['id']}/approve")

    assert response.status_code == 502
    assert response.json() == {
        "code": "PROVIDER_TIMEOUT", "message": "Twilio did not answer.", "details": {}
    }  # fmt: skip
