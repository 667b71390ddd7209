"""The Ask box and the request's page, with and without HTMX (issue 4), and Ask for changes on
the approvals page."""

from __future__ import annotations

import pytest

from assistant.models import Action
from contacts.services import contact_create
from tasks.models import Task

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def alexes(team):
    return [
        contact_create(team=team, name="Alex Rivera", phones=["+14155550103"]),
        contact_create(team=team, name="Alex Chen", phones=["+14155550104"]),
    ]


def test_the_dashboard_has_the_ask_box(signed_in):
    page = signed_in.get("/").content.decode()
    assert 'action="/tasks/ask/"' in page
    assert "What should I do?" in page


def test_asking_without_javascript_leads_to_the_requests_page_with_its_plan(
    signed_in, alice, no_quiet_hours
):
    response = signed_in.post("/tasks/ask/", {"text": "Text Alice that I'm running late"})

    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Text Alice Smith (+1 415-555-0101): &quot;I&#x27;m running late&quot;" in page
    assert "Waiting for approval" in page


def test_asking_with_htmx_answers_with_the_plan_and_a_fresh_box(signed_in, alice, no_quiet_hours):
    response = signed_in.post(
        "/tasks/ask/", {"text": "Text Alice that I'm running late"}, headers=HX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'class="card task-result"' in page
    assert 'hx-swap-oob="true"' in page and "I&#x27;m running late</textarea>" not in page


def test_an_empty_request_shows_the_error_beside_the_box_and_stores_nothing(signed_in):
    plain = signed_in.post("/tasks/ask/", {"text": "  "})
    assert plain.status_code == 422
    assert "Say what you would like done." in plain.content.decode()

    htmx = signed_in.post("/tasks/ask/", {"text": ""}, headers=HX)
    assert htmx["HX-Retarget"] == "#ask-form" and htmx["HX-Reswap"] == "outerHTML"
    assert "Say what you would like done." in htmx.content.decode()
    assert not Task.objects.exists()


def test_an_over_long_request_is_refused_with_a_sentence(signed_in):
    response = signed_in.post("/tasks/ask/", {"text": "x" * 2001})
    assert response.status_code == 422
    assert "at most 2000 characters" in response.content.decode()
    assert not Task.objects.exists()


def test_two_alexes_are_a_question_and_a_click_on_one_proposes_the_text(
    signed_in, alexes, no_quiet_hours
):
    signed_in.post("/tasks/ask/", {"text": "Text Alex that dinner is at 8"})
    task = Task.objects.get()
    page = signed_in.get(f"/tasks/{task.pk}/").content.decode()
    assert "Which Alex do you mean?" in page
    assert "Alex Chen (+1 415-555-0104)" in page

    answer = signed_in.post(f"/tasks/{task.pk}/clarify/", {"answer": alexes[1].pk}, headers=HX)

    page = answer.content.decode()
    assert "Text Alex Chen (+1 415-555-0104): &quot;dinner is at 8&quot;" in page
    assert Action.objects.get().args == {"to": alexes[1].pk, "body": "dinner is at 8"}


def test_a_bad_answer_says_why_and_the_question_stays(signed_in, alexes):
    signed_in.post("/tasks/ask/", {"text": "Text Alex that dinner is at 8"})
    task = Task.objects.get()

    response = signed_in.post(f"/tasks/{task.pk}/clarify/", {"other": "not a number"})

    assert response.status_code == 422
    page = response.content.decode()
    assert "not one contact" in page and "Which Alex do you mean?" in page
    assert not Action.objects.exists()


def test_a_request_of_another_team_is_404(client, other_team, outsider, alexes):
    from tasks.services import task_create

    task = task_create(team=alexes[0].team, text="Text Alex that hi")
    client.force_login(outsider)
    assert client.get(f"/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/tasks/{task.pk}/clarify/", {"answer": alexes[0].pk}).status_code == 404


def test_asking_for_changes_on_the_approvals_page_revises_the_card(
    signed_in, alice, no_quiet_hours
):
    signed_in.post("/tasks/ask/", {"text": "Text Alice that I'm running late"})
    action = Action.objects.get()

    response = signed_in.post(
        f"/actions/{action.pk}/revise/", {"feedback": "say I'm 20 minutes late"}, follow=True
    )

    page = response.content.decode()
    assert "Revised: Text Alice Smith" in page
    action.refresh_from_db()
    assert action.args["body"] == "I'm 20 minutes late"
    assert action.original_args["body"] == "I'm running late"


def test_feedback_that_cannot_be_used_says_nothing_changed(signed_in, alice, no_quiet_hours):
    signed_in.post("/tasks/ask/", {"text": "Text Alice that I'm running late"})
    action = Action.objects.get()

    response = signed_in.post(f"/actions/{action.pk}/revise/", {"feedback": ""}, follow=True)
    assert "Say what you would like done." in response.content.decode()
    response = signed_in.post(f"/actions/{action.pk}/revise/", {"feedback": "meh"}, follow=True)
    assert "Nothing changed:" in response.content.decode()
    assert Action.objects.get().args == action.args
