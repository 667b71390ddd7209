"""The remember tool: a fact kept in a contact's memory, once, and only for the team's own
contacts (SPEC §5)."""

from __future__ import annotations

import pytest

from assistant.engine.actions import action_propose, action_summary
from assistant.models import Action
from assistant.tools.registry import tool_get
from contacts.models import Interaction


@pytest.mark.django_db
def test_remembering_a_fact_is_low_risk_and_runs_without_asking(task, alice):
    action = action_propose(task=task, tool="remember", args={"contact": alice.pk, "fact": "x"})

    assert action.status == Action.Status.APPROVED
    assert action.decision == Action.Decision.AUTO
    assert action.risk == "low"
    assert action.reasons == []


@pytest.mark.django_db
def test_the_summary_names_the_contact_by_name(task, alice):
    by_id = action_propose(
        task=task, tool="remember", args={"contact": alice.pk, "fact": "likes oat milk"}
    )
    by_name = action_propose(
        task=task, tool="remember", args={"contact": "Alice Smith", "fact": "likes oat milk"}
    )

    assert action_summary(action=by_id) == 'Remember about Alice Smith: "likes oat milk"'
    assert action_summary(action=by_name) == 'Remember about Alice Smith: "likes oat milk"'


@pytest.mark.django_db
def test_executing_it_stores_a_note_in_the_contacts_memory(task, alice, run):
    action = run(
        action_propose(task=task, tool="remember", args={"contact": alice.pk, "fact": "oat milk"})
    )

    assert action.status == Action.Status.SUCCEEDED
    note = Interaction.objects.get(contact=alice)
    assert (note.channel, note.direction, note.content) == ("note", "internal", "oat milk")
    assert note.team_id == alice.team_id
    assert action.result == {
        "interaction": note.pk, "contact": alice.pk, "name": "Alice Smith", "fact": "oat milk"
    }  # fmt: skip


@pytest.mark.django_db
def test_a_contact_can_be_named_by_phone_email_or_name(task, alice, run):
    for person in ["+1 415 555 0101", "alice@example.com", "alice smith"]:
        action = run(
            action_propose(task=task, tool="remember", args={"contact": person, "fact": person})
        )
        assert action.status == Action.Status.SUCCEEDED, action.error_message

    assert sorted(alice.interactions.values_list("content", flat=True)) == sorted(
        ["+1 415 555 0101", "alice@example.com", "alice smith"]
    )


@pytest.mark.django_db
def test_running_the_handler_twice_for_one_action_stores_one_note(task, alice, run):
    action = run(
        action_propose(task=task, tool="remember", args={"contact": alice.pk, "fact": "oat milk"})
    )

    again = tool_get("remember").run(action)

    assert Interaction.objects.filter(contact=alice).count() == 1
    assert again == action.result


@pytest.mark.django_db
def test_an_unknown_contact_is_denied_when_proposed(task, alice, run):
    for person in [999999, "Sonny", "+14155550199"]:
        action = run(
            action_propose(task=task, tool="remember", args={"contact": person, "fact": "x"})
        )
        assert action.status == Action.Status.DENIED
        assert action.error_code == "CONTACT_NOT_IN_TEAM"
        assert action.error_message
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_an_ambiguous_name_is_denied_and_lists_the_choices(task, team, alice, run):
    from contacts.services import contact_create

    contact_create(team=team, name="Alice Jones", phones=["+14155550102"])
    action = run(action_propose(task=task, tool="remember", args={"contact": "Alice", "fact": "x"}))

    assert (action.status, action.error_code) == (Action.Status.DENIED, "AMBIGUOUS_CONTACT")
    assert "Alice Smith" in action.error_message
    assert "Alice Jones" in action.error_message


@pytest.mark.django_db
def test_another_teams_contact_is_never_touched(task, barzini_contact, run):
    by_id = run(
        action_propose(
            task=task, tool="remember", args={"contact": barzini_contact.pk, "fact": "x"}
        )
    )
    by_phone = run(
        action_propose(task=task, tool="remember", args={"contact": "+14155550177", "fact": "x"})
    )

    assert (by_id.status, by_id.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert by_id.error_message == f"No contact with id {barzini_contact.pk} in this team."
    assert (by_phone.status, by_phone.error_code) == (Action.Status.DENIED, "CONTACT_NOT_IN_TEAM")
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_an_empty_or_overlong_fact_is_denied_before_anything_runs(task, alice):
    empty = action_propose(task=task, tool="remember", args={"contact": alice.pk, "fact": ""})
    long = action_propose(
        task=task, tool="remember", args={"contact": alice.pk, "fact": "x" * 2001}
    )

    assert (empty.status, empty.error_code) == (Action.Status.DENIED, "INVALID_ARGS")
    assert (long.status, long.error_code) == (Action.Status.DENIED, "INVALID_ARGS")
