"""Every person an action names belongs to the team when it is proposed and when it is edited
(issue 12, item 7): for every tool field that names a contact, another team's contact and a
missing one are refused at once, in the same words ("No contact with id 7 in this team.",
which never reveals that another team's contact exists), by the API, the web page and the
engine, and nothing is created."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.engine.actions import (
    ActionError,
    action_approve,
    action_edit,
    action_execute,
    action_propose,
    action_submit,
)
from assistant.models import Action
from assistant.teams.tokens import api_token_create
from contacts.models import Commitment, Contact, Interaction
from contacts.services import commitment_record, contact_create
from tasks.models import Reminder, Task
from tests.integration.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

DUE = "2026-11-23T09:00:00+01:00"

# The tools with a contact field, and arguments naming ``contact`` in it.
CONTACT_TOOLS: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "remember": ("contact", lambda c: {"contact": c, "fact": "Likes oat milk"}),
    "record_commitment": (
        "contact", lambda c: {"contact": c, "direction": "we_owe", "what": "Send the contract"},
    ),
    "create_reminder": (
        "target", lambda c: {"text": "Call back", "due_at": DUE, "target": c, "channel": "sms"},
    ),
}  # fmt: skip


@pytest.fixture
def barzini_contact(other_team) -> Contact:
    return contact_create(team=other_team, name="Emilio Barzini", phones=["+14155550177"])


@pytest.fixture
def not_ours(request, barzini_contact) -> int:
    """A contact id that is not the team's: another team's contact, or one that is missing."""
    if request.param == "another team's":
        return barzini_contact.pk
    return barzini_contact.pk + 1000


@pytest.fixture
def api(team, principal) -> ApiClient:
    return ApiClient(api_token_create(team=team, user=principal, name="tests")[1])


def nothing_created() -> bool:
    return not (
        Interaction.objects.exists() or Commitment.objects.exists() or Reminder.objects.exists()
    )


def words(contact_id: int) -> str:
    return f"No contact with id {contact_id} in this team."


WHOSE = pytest.mark.parametrize("not_ours", ["another team's", "missing"], indirect=True)


@WHOSE
@pytest.mark.parametrize("tool", CONTACT_TOOLS)
def test_the_api_refuses_a_contact_not_in_the_team_and_records_nothing(api, tool, not_ours):
    field, args = CONTACT_TOOLS[tool]

    response = api.post("actions", {"tool": tool, "args": args(not_ours)})

    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_ARGS"
    assert response.json()["details"] == {field: [words(not_ours)]}
    assert not Action.objects.exists() and not Task.objects.exists()
    assert nothing_created()


@WHOSE
@pytest.mark.parametrize("tool", CONTACT_TOOLS)
@pytest.mark.parametrize("way", ["proposed by the planner", "submitted"])
def test_the_engine_denies_a_contact_not_in_the_team_when_proposed_and_runs_nothing(
    team, principal, task, tool, not_ours, way
):
    _, args = CONTACT_TOOLS[tool]

    if way == "submitted":
        action = action_submit(team=team, user=principal, tool=tool, args=args(not_ours))
    else:
        action = action_propose(task=task, tool=tool, args=args(not_ours))

    action.refresh_from_db()
    assert (action.status, action.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert action.error_message == words(not_ours)
    assert action.contact_id is None
    assert action_execute(action_id=action.pk).status == "skipped"
    assert nothing_created()


@pytest.fixture
def waiting(task, alice) -> Callable[[str], Action]:
    """A waiting action of ``tool`` about Alice, the team's own contact (low confidence, so
    even a low-risk tool waits for a person)."""

    def propose(tool: str) -> Action:
        _, args = CONTACT_TOOLS[tool]
        action = action_propose(task=task, tool=tool, args=args(alice.pk), confidence=0.0)
        assert action.status == Action.Status.PENDING_APPROVAL
        assert action.contact_id == alice.pk
        return action

    return propose


def unchanged(action: Action) -> bool:
    before = (action.status, action.args, action.decided_digest, action.original_args)
    action.refresh_from_db()
    return (action.status, action.args, action.decided_digest, action.original_args) == before


@WHOSE
@pytest.mark.parametrize("tool", CONTACT_TOOLS)
def test_the_api_refuses_an_edit_to_a_contact_not_in_the_team_and_keeps_the_action(
    api, waiting, tool, not_ours
):
    action = waiting(tool)
    field, args = CONTACT_TOOLS[tool]

    response = api.post(f"actions/{action.pk}/edit", {"args": args(not_ours)})

    assert response.status_code == 422
    assert response.json()["details"] == {field: [words(not_ours)]}
    assert unchanged(action)


@WHOSE
@pytest.mark.parametrize("tool", CONTACT_TOOLS)
def test_the_engine_refuses_an_edit_to_a_contact_not_in_the_team_and_keeps_the_action(
    principal, waiting, tool, not_ours
):
    action = waiting(tool)
    field, args = CONTACT_TOOLS[tool]

    with pytest.raises(ActionError) as refused:
        action_edit(action=action, user=principal, via="web", args=args(not_ours))

    assert (refused.value.code, refused.value.status) == ("INVALID_ARGS", 422)
    assert refused.value.details == {field: [words(not_ours)]}
    assert unchanged(action)
    assert nothing_created()


@WHOSE
@pytest.mark.parametrize("tool", CONTACT_TOOLS)
def test_the_edit_page_refuses_a_contact_not_in_the_team_beside_the_field(
    signed_in, waiting, tool, not_ours
):
    action = waiting(tool)
    _, args = CONTACT_TOOLS[tool]
    form = {name: str(value) for name, value in args(not_ours).items()}

    response = signed_in.post(f"/actions/{action.pk}/edit/", form)

    assert response.status_code == 422
    assert words(not_ours) in response.content.decode()
    assert unchanged(action)


# --- Commitments: the other row of the team a tool names by id ---------------------------


@pytest.fixture
def not_our_commitment(request, barzini_contact) -> int:
    theirs, _ = commitment_record(contact=barzini_contact, direction="we_owe", what="Nothing")
    return theirs.pk if request.param == "another team's" else theirs.pk + 1000


COMMITMENT_WHOSE = pytest.mark.parametrize(
    "not_our_commitment", ["another team's", "missing"], indirect=True
)


@COMMITMENT_WHOSE
def test_completing_a_commitment_not_in_the_team_is_refused_by_the_api_and_the_engine(
    api, team, principal, not_our_commitment
):
    args = {"commitment": not_our_commitment}
    sentence = f"No commitment with id {not_our_commitment} in this team."

    response = api.post("actions", {"tool": "complete_commitment", "args": args})
    assert response.status_code == 422
    assert response.json()["details"] == {"commitment": [sentence]}
    assert not Action.objects.exists()

    action = action_submit(team=team, user=principal, tool="complete_commitment", args=args)
    action.refresh_from_db()
    assert (action.status, action.error_code) == (Action.Status.DENIED, "COMMITMENT_NOT_IN_TEAM")
    assert action.error_message == sentence
    assert Commitment.objects.get().status == "open"


@COMMITMENT_WHOSE
def test_an_edit_to_a_commitment_not_in_the_team_is_refused_and_keeps_the_action(
    api, task, principal, alice, not_our_commitment
):
    ours, _ = commitment_record(contact=alice, direction="we_owe", what="Send flowers")
    action = action_propose(task=task, tool="complete_commitment", args={"commitment": ours.pk})
    assert action.status == Action.Status.PENDING_APPROVAL
    sentence = f"No commitment with id {not_our_commitment} in this team."

    response = api.post(f"actions/{action.pk}/edit", {"args": {"commitment": not_our_commitment}})
    assert response.status_code == 422
    assert response.json()["details"] == {"commitment": [sentence]}
    with pytest.raises(ActionError) as refused:
        action_edit(
            action=action, user=principal, via="web", args={"commitment": not_our_commitment}
        )

    assert refused.value.details == {"commitment": [sentence]}
    assert unchanged(action)
    assert set(Commitment.objects.values_list("status", flat=True)) == {"open"}


# --- Every other field that names a person --------------------------------------------------


@WHOSE
def test_a_recipient_not_in_the_team_is_refused_in_the_same_words(api, not_ours, no_quiet_hours):
    response = api.post("actions", {"tool": "send_sms", "args": {"to": not_ours, "body": "Hi"}})

    assert response.status_code == 422
    assert response.json()["details"] == {"to": [words(not_ours)]}
    assert not Action.objects.exists()


@WHOSE
def test_an_attendee_id_not_in_the_team_is_denied_before_anything_else(task, not_ours):
    action = action_propose(
        task=task, tool="find_free_slots",
        args={"duration_minutes": 30, "window_start": DUE, "window_end": DUE,
              "attendees": ["luca@example.com", not_ours]},
    )  # fmt: skip

    assert (action.status, action.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert action.error_message == words(not_ours)


def test_a_contact_removed_after_the_proposal_fails_the_run_in_the_same_words(
    task, principal, alice
):
    action = action_propose(
        task=task, tool="record_commitment",
        args={"contact": alice.pk, "direction": "we_owe", "what": "Send the contract"},
    )  # fmt: skip
    gone = alice.pk
    alice.delete()
    action_approve(action=action, user=principal, via="web", digest=action.decided_digest)
    action_execute(action_id=action.pk)

    action.refresh_from_db()
    assert (action.status, action.error_code) == (Action.Status.FAILED, "CONTACT_NOT_IN_TEAM")
    assert action.error_message == words(gone)
    assert not Commitment.objects.exists()
