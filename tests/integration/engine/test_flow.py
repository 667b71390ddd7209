"""Propose → decide → approve → execute once, on a real Celery worker (SPEC §4, PROMISES 1 to 5)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from assistant.engine.actions import (
    ActionError,
    action_approve,
    action_edit,
    action_execute,
    action_propose,
    action_reject,
    action_summary,
    actions_expire,
    actions_sweep,
    args_digest,
)
from assistant.models import Action, Approval, AuditEvent, TeamPolicy
from messaging.models import Message
from tasks.models import Task, Todo
from tasks.services import task_create
from tests.helpers import wait_for

SMS = {"to": "+14155550101", "body": "Running 10 minutes late"}


def propose_sms(task, args=SMS):
    return action_propose(task=task, tool="send_sms", args=args, confidence=0.95)


def approve(action, user, via="web"):
    return action_approve(action=action, user=user, via=via, digest=action.decided_digest)


@pytest.mark.django_db
def test_an_sms_to_a_contact_waits_for_approval_as_high_risk_in_plain_words(
    task, alice, no_quiet_hours
):
    action = propose_sms(task)

    assert action.status == Action.Status.PENDING_APPROVAL
    assert action.reasons == ["HIGH_RISK"]
    assert (
        action_summary(action=action)
        == 'Text Alice Smith (+1 415-555-0101): "Running 10 minutes late"'
    )
    task.refresh_from_db()
    assert task.status == Task.Status.WAITING


@pytest.mark.django_db
def test_an_sms_to_a_number_that_is_not_a_contact_is_critical_with_new_recipient(
    task, no_quiet_hours
):
    action = propose_sms(task, {"to": "+1 415 555 0199", "body": "Hello"})
    assert action.risk == "critical"
    assert action.reasons == ["CRITICAL_RISK", "NEW_RECIPIENT"]
    assert action_summary(action=action) == 'Text +1 415-555-0199 (not a contact): "Hello"'


@pytest.mark.django_db(transaction=True)
def test_approving_puts_exactly_one_message_in_the_outbox(
    celery_worker, task, alice, principal, no_quiet_hours
):
    action = propose_sms(task)
    approve(action, principal)

    wait_for(lambda: Action.objects.get(pk=action.pk).status == "succeeded", what="the send")
    (message,) = Message.objects.all()
    assert (message.to, message.body, message.provider) == (
        ["+14155550101"],
        SMS["body"],
        "console",
    )
    assert message.status == "sent" and message.contact == alice
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    events = list(AuditEvent.objects.filter(action=action).values_list("event", flat=True))
    assert events == ["proposed", "decided", "approved", "executing", "succeeded"]


@pytest.mark.django_db(transaction=True)
def test_a_low_risk_to_do_runs_at_once_without_approval(celery_worker, task, no_quiet_hours):
    action = action_propose(task=task, tool="create_task", args={"title": "Buy milk"})
    assert action.decision == "auto"
    wait_for(lambda: Action.objects.get(pk=action.pk).status == "succeeded", what="the run")
    assert Todo.objects.filter(title="Buy milk", team=task.team).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_send_one_message(
    celery_worker, task, alice, principal, team_admin, no_quiet_hours
):
    action = propose_sms(task)
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def click(user, via):
        start.wait()
        try:
            approve(Action.objects.get(pk=action.pk), user, via)
            outcomes.append("approved")
        except ActionError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    people = [(principal, "web"), (team_admin, "api")] * 10
    threads = [threading.Thread(target=click, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("approved") == 1
    assert set(outcomes) == {"approved", "ALREADY_DECIDED"}
    wait_for(lambda: Action.objects.get(pk=action.pk).status == "succeeded", what="the send")
    assert Message.objects.count() == 1
    assert Approval.objects.filter(action=action, verdict="approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_edited_action_sends_the_edited_words_and_keeps_the_original(
    celery_worker, task, alice, principal, no_quiet_hours
):
    action = propose_sms(task)
    old_digest = action.decided_digest
    edited = action_edit(
        action=action, user=principal, via="web", args={**SMS, "body": "Running 20 minutes late"}
    )

    assert edited.original_args == SMS
    with pytest.raises(ActionError) as stale:
        action_approve(action=edited, user=principal, via="web", digest=old_digest)
    assert stale.value.code == "STALE"

    approve(edited, principal)
    wait_for(lambda: Message.objects.exists(), what="the message")
    assert Message.objects.get().body == "Running 20 minutes late"


@pytest.mark.django_db
def test_arguments_changed_after_approval_never_run(task, alice, principal, no_quiet_hours):
    action = propose_sms(task)
    approve(action, principal)
    Action.objects.filter(pk=action.pk).update(args={**SMS, "to": "+14155550199"})  # forged

    outcome = action_execute(action_id=action.pk)

    assert outcome.status == "refused"
    action.refresh_from_db()
    assert (action.status, action.error_code) == ("failed", "NOT_AUTHORISED")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_an_action_nobody_approved_never_runs_whoever_calls_the_executor(
    task, alice, no_quiet_hours
):
    action = propose_sms(task)
    Action.objects.filter(pk=action.pk).update(status="approved")  # skipping the approval

    assert action_execute(action_id=action.pk).status == "refused"
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_an_expired_action_never_runs_and_cannot_be_approved(
    task, alice, principal, no_quiet_hours
):
    action = propose_sms(task)
    Action.objects.filter(pk=action.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ActionError) as expired:
        approve(Action.objects.get(pk=action.pk), principal)
    assert expired.value.code == "EXPIRED"
    assert actions_expire() == 1
    assert Action.objects.get(pk=action.pk).status == "expired"
    assert action_execute(action_id=action.pk).status == "skipped"
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_rejected_action_records_who_and_why(task, alice, principal, no_quiet_hours):
    action = propose_sms(task)
    action_reject(action=action, user=principal, via="web", reason="wrong wording")
    approval = Approval.objects.get(action=action)
    assert (approval.verdict, approval.reason, approval.user) == (
        "rejected",
        "wrong wording",
        principal,
    )
    task.refresh_from_db()
    assert task.status == Task.Status.CLOSED


@pytest.mark.django_db
def test_a_member_of_another_team_cannot_decide(task, alice, outsider, no_quiet_hours):
    action = propose_sms(task)
    with pytest.raises(ActionError) as refused:
        approve(action, outsider)
    assert refused.value.code == "PERMISSION_DENIED"


@pytest.mark.django_db
def test_a_critical_action_needs_an_admin_other_than_the_requester_when_the_team_says_so(
    task, principal, teammate, team_admin, no_quiet_hours
):
    TeamPolicy.objects.filter(team=task.team).update(critical_needs_other_admin=True)
    action = propose_sms(task, {"to": "+14155550199", "body": "Hello"})
    for person in (principal, teammate):  # the requester, then a member who is not an admin
        with pytest.raises(ActionError) as refused:
            approve(action, person)
        assert refused.value.code == "SECOND_PERSON_REQUIRED"
    assert approve(action, team_admin).status == "approved"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_approval_enqueues_nothing_and_the_sweeper_sends_a_lost_one(
    celery_worker, task, alice, principal, no_quiet_hours
):
    action = propose_sms(task)
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(action, principal)
        raise RuntimeError("the request failed after approving")
    assert Action.objects.get(pk=action.pk).status == "pending_approval"

    approve(Action.objects.get(pk=action.pk), principal)
    wait_for(lambda: Message.objects.exists(), what="the message")
    assert Message.objects.count() == 1

    # A crash between commit and enqueue leaves an approved action that was never dispatched.
    lost_task = task_create(team=task.team, text="again", requested_by=principal)
    lost = propose_sms(lost_task, {**SMS, "body": "Second message"})
    Action.objects.filter(pk=lost.pk).update(status="approved")
    from assistant.models import Approval as ApprovalRow

    ApprovalRow.objects.create(
        action=lost, user=principal, via="web", verdict="approved", args_digest=lost.decided_digest
    )
    assert actions_sweep()["dispatched"] == 1
    wait_for(lambda: Message.objects.filter(body="Second message").exists(), what="the swept send")
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_an_action_a_dead_worker_left_mid_send_is_retried_once_when_nothing_left(
    task, alice, principal, no_quiet_hours, django_capture_on_commit_callbacks
):
    action = propose_sms(task)
    approve(action, principal)
    # What a worker killed mid-send leaves: executing, a queued message without provider id.
    Action.objects.filter(pk=action.pk).update(
        status="executing", started_at=timezone.now() - timedelta(hours=1)
    )
    Message.objects.create(
        team=task.team,
        action=action,
        channel="sms",
        to=SMS["to"],
        body=SMS["body"],
        provider="console",
    )

    with django_capture_on_commit_callbacks(execute=False):
        assert actions_sweep()["retried"] == 1
    assert action_execute(action_id=action.pk).status == "succeeded"
    assert action_execute(action_id=action.pk).status == "skipped"  # a redelivered job
    (message,) = Message.objects.all()
    assert message.provider_id.startswith("console-")


@pytest.mark.django_db
def test_an_action_whose_message_already_left_is_recovered_not_resent(
    task, alice, principal, no_quiet_hours
):
    action = propose_sms(task)
    approve(action, principal)
    Action.objects.filter(pk=action.pk).update(
        status="executing", started_at=timezone.now() - timedelta(hours=1)
    )
    Message.objects.create(
        team=task.team, action=action, channel="sms", to=SMS["to"], body=SMS["body"],
        provider="console", provider_id="console-abc", status="sent",
    )  # fmt: skip

    assert actions_sweep()["recovered"] == 1
    assert Action.objects.get(pk=action.pk).status == "succeeded"
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_the_digest_binds_tool_and_arguments():
    assert args_digest("send_sms", SMS) == args_digest("send_sms", dict(reversed(SMS.items())))
    assert args_digest("send_sms", SMS) != args_digest("make_call", SMS)
    assert args_digest("send_sms", SMS) != args_digest("send_sms", {**SMS, "body": "x"})


@pytest.mark.django_db
def test_the_sweeper_leaves_an_action_that_is_still_running_alone(
    task, alice, principal, no_quiet_hours
):
    action = propose_sms(task)
    approve(action, principal)
    Action.objects.filter(pk=action.pk).update(status="executing", started_at=timezone.now())

    assert actions_sweep() == {
        "dispatched": 0,
        "redispatched": 0,
        "recovered": 0,
        "retried": 0,
        "needs_review": 0,
    }
    assert Action.objects.get(pk=action.pk).status == "executing"


@pytest.mark.django_db(transaction=True)
def test_the_api_and_the_web_approving_at_once_send_one_message(
    celery_worker, task, alice, principal, team_admin, no_quiet_hours
):
    from django.test import Client

    from assistant.teams.tokens import api_token_create

    action = propose_sms(task)
    _, token = api_token_create(team=task.team, user=team_admin, name="race")
    web = Client()
    web.force_login(principal)
    start = threading.Barrier(10)
    statuses: list[int] = []

    def by_web():
        start.wait()
        response = web.post(f"/actions/{action.pk}/approve/", {"digest": action.decided_digest})
        statuses.append(response.status_code)
        connection.close()

    def by_api():
        start.wait()
        response = Client().post(
            f"/api/v1/actions/{action.pk}/approve",
            {"digest": action.decided_digest},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=f) for f in [by_web, by_api] * 5]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    api_wins = statuses.count(200)  # the web answers 302 either way; the API says who won
    assert api_wins <= 1
    assert statuses.count(409) == 5 - api_wins
    wait_for(lambda: Action.objects.get(pk=action.pk).status == "succeeded", what="the send")
    assert Message.objects.count() == 1
    assert Approval.objects.filter(action=action, verdict="approved").count() == 1


@pytest.mark.django_db
def test_the_executor_refuses_a_critical_action_approved_only_by_its_requester(
    task, principal, no_quiet_hours
):
    TeamPolicy.objects.filter(team=task.team).update(critical_needs_other_admin=True)
    action = propose_sms(task, {"to": "+14155550199", "body": "Hello"})
    # An approval row the service would never have written (the requester's own).
    Approval.objects.create(
        action=action,
        user=principal,
        via="api",
        verdict="approved",
        args_digest=action.decided_digest,
    )
    Action.objects.filter(pk=action.pk).update(status="approved")

    assert action_execute(action_id=action.pk).status == "refused"
    assert not Message.objects.exists()
