"""A caller of another team gets 404 on every route for this team's objects (PROMISES.md #21).

The answer is the one a missing id gets, so another team's ids cannot even be probed, and
nothing changes.
"""

from __future__ import annotations

import pytest

from assistant.models import Action, Approval
from contacts.models import Contact

CONTACT_ROUTES = [
    ("get", "contacts/{id}", None),
    ("patch", "contacts/{id}", {"name": "Taken over"}),
    ("delete", "contacts/{id}", None),
]
ACTION_ROUTES = [
    ("get", "actions/{id}", None),
    ("post", "actions/{id}/approve", {}),
    ("post", "actions/{id}/approve", {"digest": "{digest}"}),
    ("post", "actions/{id}/reject", {"reason": "mine now"}),
    ("post", "actions/{id}/edit", {"args": {"to": "+14155550199", "body": "Hijacked"}}),
]


def call(client, method, path, body, **values):
    path = path.format(**values)
    if isinstance(body, dict) and body.get("digest") == "{digest}":
        body = {"digest": values["digest"]}
    if method in {"get", "delete"}:
        return getattr(client, method)(path)
    return getattr(client, method)(path, body)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), CONTACT_ROUTES)
def test_another_teams_contact_is_404_on_every_route(api, outsider_api, alice, method, path, body):
    before = api.get(f"contacts/{alice.pk}").json()

    response = call(outsider_api, method, path, body, id=alice.pk)
    missing = call(outsider_api, method, path, body, id=alice.pk + 1000)

    assert response.status_code == 404
    assert response.json() == {
        "code": "NOT_FOUND",
        "message": f"There is no contact #{alice.pk}.",
        "details": {},
    }
    assert missing.json()["message"] == f"There is no contact #{alice.pk + 1000}."
    assert Contact.objects.filter(pk=alice.pk).exists()
    assert api.get(f"contacts/{alice.pk}").json() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body"), ACTION_ROUTES)
def test_another_teams_action_is_404_on_every_route(
    api, outsider_api, alice, no_quiet_hours, method, path, body
):
    action = api.post("actions", {"tool": "send_sms", "args": {"to": alice.pk, "body": "Hi"}})
    action = action.json()

    response = call(outsider_api, method, path, body, id=action["id"], digest=action["digest"])

    assert response.status_code == 404
    assert response.json() == {
        "code": "NOT_FOUND",
        "message": f"There is no action #{action['id']}.",
        "details": {},
    }
    assert api.get(f"actions/{action['id']}").json() == action
    assert Action.objects.get().status == "pending_approval"
    assert not Approval.objects.exists()


@pytest.mark.django_db
def test_another_teams_lists_show_nothing_of_this_team(api, outsider_api, alice, no_quiet_hours):
    api.post("actions", {"tool": "send_sms", "args": {"to": alice.pk, "body": "Hi"}})

    assert outsider_api.get("actions").json()["count"] == 0
    assert outsider_api.get("contacts").json()["count"] == 0


@pytest.mark.django_db
def test_a_contact_of_another_team_cannot_be_named_as_a_recipient(
    api, outsider_api, alice, no_quiet_hours
):
    response = outsider_api.post(
        "actions", {"tool": "send_sms", "args": {"to": alice.pk, "body": "Hi"}}
    )

    assert response.status_code == 422
    assert response.json()["details"] == {"to": [f"No contact with id {alice.pk} in this team."]}
