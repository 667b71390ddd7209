"""Asking in words through the API (issue 4's "done when"): POST /tasks plans the request and
answers with the actions and their decisions; a clarification round trip; ask for changes."""

from __future__ import annotations

import pytest

from assistant.models import Action, TraceEvent
from contacts.services import contact_create
from tasks.models import Task, Todo


@pytest.fixture
def alexes(team):
    return [
        contact_create(team=team, name="Alex Rivera", phones=["+14155550103"]),
        contact_create(team=team, name="Alex Chen", phones=["+14155550104"]),
    ]


@pytest.mark.django_db
def test_text_alice_that_im_running_late_is_a_pending_sms_to_alice_with_those_words(
    api, alice, no_quiet_hours
):
    response = api.post("tasks", {"text": "Text Alice that I'm running late"})

    assert response.status_code == 201, response.json()
    task = response.json()
    assert (task["status"], task["planner"], task["clarification"]) == ("waiting", "offline", None)
    (action,) = task["actions"]
    assert (action["tool"], action["args"]) == (
        "send_sms",
        {"to": alice.pk, "body": "I'm running late"},
    )
    assert (action["status"], action["reasons"]) == ("pending_approval", ["HIGH_RISK"])
    assert action["summary"] == 'Text Alice Smith (+1 415-555-0101): "I\'m running late"'
    assert task["summary"].startswith("Text Alice Smith")


@pytest.mark.django_db
def test_add_a_task_to_renew_the_domain_runs_at_once(
    api, no_quiet_hours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        response = api.post("tasks", {"text": "Add a task to renew the domain"})

    (action,) = response.json()["actions"]
    assert (action["tool"], action["args"]) == ("create_task", {"title": "renew the domain"})
    assert (action["decision"], action["status"]) == ("auto", "approved")
    assert len(enqueued) == 1  # the execution job, sent once the request commits
    assert not Todo.objects.exists()  # the worker creates it; nothing ran inside the request


@pytest.mark.django_db
def test_two_alexes_ask_which_one_and_the_answer_proposes_the_sms(api, alexes, no_quiet_hours):
    asked = api.post("tasks", {"text": "Text Alex that dinner is at 8"}).json()

    assert asked["status"] == "needs_clarification"
    assert asked["actions"] == []
    question = asked["clarification"]
    assert question["mention"] == "Alex"
    assert question["question"] == "Which Alex do you mean?"
    assert {c["value"] for c in question["choices"]} == {a.pk for a in alexes}
    assert "Alex Chen (+1 415-555-0104)" in [c["label"] for c in question["choices"]]

    answered = api.post(f"tasks/{asked['id']}/clarify", {"answer": alexes[1].pk}).json()

    assert answered["status"] == "waiting"
    (action,) = answered["actions"]
    assert (action["tool"], action["args"]) == (
        "send_sms",
        {"to": alexes[1].pk, "body": "dinner is at 8"},
    )


@pytest.mark.django_db
def test_a_wrong_answer_is_422_and_the_question_still_waits(api, alexes, outsider_contact):
    asked = api.post("tasks", {"text": "Text Alex that dinner is at 8"}).json()

    response = api.post(f"tasks/{asked['id']}/clarify", {"answer": outsider_contact.pk})

    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_ANSWER"
    assert Task.objects.get(pk=asked["id"]).status == "needs_clarification"
    again = api.post(f"tasks/{asked['id']}/clarify", {"answer": "not a person"})
    assert again.status_code == 422


@pytest.mark.django_db
def test_an_unknown_person_can_be_answered_with_a_phone_number(api, no_quiet_hours):
    asked = api.post("tasks", {"text": "Text Zed that the car is ready"}).json()
    assert asked["status"] == "needs_clarification"
    assert asked["clarification"]["choices"] == []

    answered = api.post(f"tasks/{asked['id']}/clarify", {"answer": "(415) 555-0199"}).json()

    (action,) = answered["actions"]
    assert action["args"] == {"to": "+14155550199", "body": "the car is ready"}
    assert action["reasons"] == ["CRITICAL_RISK", "NEW_RECIPIENT"]


@pytest.mark.django_db
def test_answering_a_task_that_asks_nothing_is_409(api, alice, no_quiet_hours):
    task = api.post("tasks", {"text": "Text Alice that I'm running late"}).json()

    response = api.post(f"tasks/{task['id']}/clarify", {"answer": alice.pk})

    assert (response.status_code, response.json()["code"]) == (409, "NOT_WAITING")


@pytest.mark.django_db
def test_blah_blah_proposes_nothing_and_says_so(api):
    task = api.post("tasks", {"text": "blah blah"}).json()

    assert task["status"] == "closed"
    assert task["actions"] == []
    assert task["summary"].startswith("I could not tell what to do.")
    assert not Action.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_over_long_request_is_a_validation_error_and_stores_nothing(api, text):
    response = api.post("tasks", {"text": text})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR" and "text" in body["details"]
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_several_requests_in_one_become_several_actions_in_order(api, alice, no_quiet_hours):
    bob = contact_create(team=alice.team, name="Bob Jones", emails=["bob@example.com"])

    task = api.post(
        "tasks", {"text": "Text Alice that I'm late and email Bob that the meeting moved"}
    ).json()

    assert [(a["tool"], a["args"]) for a in task["actions"]] == [
        ("send_sms", {"to": alice.pk, "body": "I'm late"}),
        (
            "send_email",
            {"to": [bob.pk], "subject": "The meeting moved", "body": "the meeting moved"},
        ),
    ]


@pytest.mark.django_db
def test_asking_for_changes_revises_the_words_and_decides_again(api, alice, no_quiet_hours):
    task = api.post("tasks", {"text": "Text Alice that I'm running late"}).json()
    action = task["actions"][0]

    response = api.post(
        f"actions/{action['id']}/revise", {"feedback": "say I'll be there at 4pm instead"}
    )

    assert response.status_code == 200, response.json()
    revised = response.json()
    assert revised["id"] == action["id"]
    assert revised["args"] == {"to": alice.pk, "body": "I'll be there at 4pm instead"}
    assert revised["original_args"] == action["args"]
    assert revised["digest"] != action["digest"]
    assert revised["status"] == "pending_approval"


@pytest.mark.django_db
def test_asking_for_another_recipient_revises_the_person(api, alice, no_quiet_hours):
    bob = contact_create(team=alice.team, name="Bob Jones", phones=["+14155550102"])
    action = api.post("tasks", {"text": "Text Alice that I'm running late"}).json()["actions"][0]

    revised = api.post(f"actions/{action['id']}/revise", {"feedback": "send it to Bob instead"})

    assert revised.json()["args"] == {"to": bob.pk, "body": "I'm running late"}


@pytest.mark.django_db
def test_feedback_the_planner_cannot_use_is_422_and_changes_nothing(api, alice, no_quiet_hours):
    action = api.post("tasks", {"text": "Text Alice that I'm running late"}).json()["actions"][0]

    response = api.post(f"actions/{action['id']}/revise", {"feedback": "hmm, not sure"})

    assert (response.status_code, response.json()["code"]) == (422, "REVISION_NOT_UNDERSTOOD")
    assert Action.objects.get(pk=action["id"]).args == action["args"]


@pytest.mark.django_db
def test_the_plan_is_traced_with_the_planner_and_each_decision(api, alice, no_quiet_hours):
    task = api.post("tasks", {"text": "Text Alice that I'm late; also make me a sandwich"}).json()

    (action,) = task["actions"]
    assert action["args"]["body"] == "I'm late"
    assert action["confidence"] <= 0.7  # part of the request was not understood
    assert "Not understood: 'make me a sandwich'" in task["summary"]
    kinds = list(TraceEvent.objects.filter(task_id=task["id"]).values_list("kind", "payload"))
    assert ("planner", {"not_understood": ["make me a sandwich"]}) in kinds
    assert any(kind == "decision" for kind, _ in kinds)


@pytest.mark.django_db
def test_another_teams_task_is_404_on_every_route(api, outsider_api, alice, no_quiet_hours):
    task = api.post("tasks", {"text": "Text Alice that I'm running late"}).json()
    action_id = task["actions"][0]["id"]

    assert outsider_api.get(f"tasks/{task['id']}").status_code == 404
    assert outsider_api.post(f"tasks/{task['id']}/clarify", {"answer": 1}).status_code == 404
    revise = outsider_api.post(f"actions/{action_id}/revise", {"feedback": "say hi"})
    assert revise.status_code == 404
    assert Action.objects.get(pk=action_id).args["body"] == "I'm running late"


@pytest.fixture
def outsider_contact(other_team):
    return contact_create(team=other_team, name="Alex Barzini", phones=["+14155550177"])
