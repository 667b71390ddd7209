"""History, exports, feedback, the request's page with its trace, and the analytics (issue 5)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.engine.actions import action_approve, action_execute, action_propose, action_reject
from assistant.models import Feedback
from assistant.planning.services import task_submit
from contacts.services import contact_create

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def done(task, alice, principal, no_quiet_hours):
    """An SMS that was approved and sent, and a reminder that was rejected."""
    sent = action_propose(task=task, tool="send_sms", args={"to": alice.pk, "body": "Sent one"})
    action_approve(action=sent, user=principal, via="web", digest=sent.decided_digest)
    action_execute(action_id=sent.pk)
    rejected = action_propose(
        task=task,
        tool="create_reminder",
        args={"text": "Water plants", "due_at": "2026-12-01T09:00:00+00:00"},
    )
    action_reject(action=rejected, user=principal, via="web", reason="Not needed")
    return sent, rejected


def test_the_history_lists_every_action_with_its_status(signed_in, done):
    page = signed_in.get("/history/").content.decode()
    assert "Text Alice Smith (+1 415-555-0101): &quot;Sent one&quot;" in page
    assert "Water plants" in page
    assert "Done" in page and "Rejected" in page


def test_filters_and_search_narrow_the_history(signed_in, done, alice):
    assert "Water plants" not in signed_in.get("/history/?status=succeeded").content.decode()
    assert "Sent one" not in signed_in.get("/history/?tool=create_reminder").content.decode()
    assert "Water plants" not in signed_in.get(f"/history/?contact={alice.pk}").content.decode()
    assert "Sent one" in signed_in.get("/history/?q=sent+one").content.decode()
    assert "Sent one" not in signed_in.get("/history/?q=plants").content.decode()
    future = signed_in.get("/history/?since=2099-01-01").content.decode()
    assert "Nothing matches these filters." in future


def test_a_backwards_date_range_says_so(signed_in, done):
    page = signed_in.get("/history/?since=2026-12-02&until=2026-12-01").content.decode()
    assert "The end comes before the start." in page


def test_the_history_answers_htmx_with_the_results_alone(signed_in, done):
    response = signed_in.get("/history/?status=succeeded", headers=HX)
    page = response.content.decode()
    assert "<html" not in page and 'id="history-results"' in page and "Sent one" in page


def test_the_csv_export_holds_the_filtered_rows(signed_in, done):
    sent, _ = done
    response = signed_in.get("/history/export.csv?status=succeeded")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["tool"], row["status"], row["contact__name"]) == (
        str(sent.pk),
        "send_sms",
        "succeeded",
        "Alice Smith",
    )
    assert json.loads(row["args"]) == {"to": sent.args["to"], "body": "Sent one"}
    assert row["requested_by__email"] == "vito@example.com"


def test_the_json_export_is_one_array_of_every_row(signed_in, done):
    response = signed_in.get("/history/export.json")
    data = json.loads(b"".join(response.streaming_content))
    assert {row["tool"] for row in data} == {"send_sms", "create_reminder"}
    rejected = next(row for row in data if row["tool"] == "create_reminder")
    assert rejected["status"] == "rejected" and rejected["args"]["text"] == "Water plants"


def test_feedback_on_an_action_that_ran_is_kept_and_can_change(signed_in, principal, done):
    sent, rejected = done
    signed_in.post(f"/actions/{sent.pk}/feedback/", {"rating": "1", "comment": "Good wording"})
    signed_in.post(f"/actions/{sent.pk}/feedback/", {"rating": "-1"})
    feedback = Feedback.objects.get(action=sent, user=principal)
    assert feedback.rating == -1
    refused = signed_in.post(f"/actions/{rejected.pk}/feedback/", {"rating": "1"}, follow=True)
    assert "Feedback is for actions that ran" in refused.content.decode()
    assert not Feedback.objects.filter(action=rejected).exists()


def test_another_teams_history_and_exports_hold_nothing_of_this_team(client, outsider, done):
    client.force_login(outsider)
    assert "Sent one" not in client.get("/history/").content.decode()
    assert b"Sent one" not in b"".join(client.get("/history/export.csv").streaming_content)
    assert client.get(f"/tasks/{done[0].task_id}/").status_code == 404


def test_the_requests_page_shows_plan_decisions_approvals_and_trace(
    signed_in, principal, alice, no_quiet_hours
):
    task = task_submit(team=alice.team, user=principal, text="Text Alice that I'm running late")
    action = task.actions.get()
    action_approve(action=action, user=principal, via="web", digest=action.decided_digest)
    action_execute(action_id=action.pk)

    page = signed_in.get(f"/tasks/{task.pk}/").content.decode()

    assert "About this request" in page and "the offline planner" in page
    assert "Policy: <strong>Needs approval</strong>, high risk" in page
    assert "Approved by Vito Corleone via Web" in page and "s after it was proposed" in page
    assert "Now: <strong>Done</strong>" in page
    for kind in ("Decision", "Tool call", "Tool result"):
        assert f"<strong>{kind}</strong>" in page


def test_insights_show_rates_reasons_and_a_suggestion_to_admins_only(
    client, principal, teammate, team, no_quiet_hours
):
    from tasks.services import task_create

    bob = contact_create(team=team, name="Bob Jones", phones=["+14155550102"])
    task = task_create(team=team, text="texts", requested_by=principal)
    for n in range(10):
        action = action_propose(task=task, tool="send_sms", args={"to": bob.pk, "body": f"Hi {n}"})
        action_approve(action=action, user=principal, via="web", digest=action.decided_digest)
    refused = action_propose(task=task, tool="create_task", args={"title": "x"})
    client.force_login(principal)

    page = client.get("/insights/").content.decode()

    assert "You approved all 10 texts to Bob Jones in the last 30 days" in page
    assert '<td data-label="Tool">send_sms</td><td data-label="Approved">10</td>' in page
    assert refused.decision == "auto"
    client.force_login(teammate)
    denied = client.get("/insights/")
    assert denied.status_code == 403
    assert "Only the team&#x27;s owners and admins" in denied.content.decode()
