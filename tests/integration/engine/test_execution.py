"""What the executor does with a provider's answer, and the tools that read or are not ready
(PROMISES 7 and 25): transient errors retry with growing, jittered delays a bounded number of
times; permanent ones fail at once with their reason; nothing fails silently."""

from __future__ import annotations

import pytest

from assistant.engine.actions import MAX_ATTEMPTS, action_approve, action_execute, action_propose
from assistant.models import Action, AuditEvent
from messaging import providers
from messaging.models import Message
from messaging.providers.base import Outbound, ProviderError, Sent

SMS = {"to": "+14155550101", "body": "Running 10 minutes late"}


class ScriptedProvider:
    """A provider that answers from a script: each entry is an error to raise or "sent".

    The real providers (Twilio, SMTP) come with their own fakes in a later issue; this one
    lets the executor's retry rules be checked against exact failures today.
    """

    name = "scripted"
    label = "Scripted"
    delivers = True
    reports_delivery = False
    settings_template = "messaging/providers/console.html"
    settings_hint = ""
    script: list[ProviderError | str] = []
    sent: list[Outbound] = []

    def __init__(self, *, team, user=None):
        self.team = team

    @classmethod
    def missing_settings(cls) -> list[str]:
        return []

    def send(self, message: Outbound) -> Sent:
        step = self.script.pop(0)
        if isinstance(step, ProviderError):
            raise step
        self.sent.append(message)
        return Sent(provider_id=f"scripted-{len(self.sent)}")

    def was_sent(self, key: str) -> bool | None:
        return any(m.key == key for m in self.sent)


@pytest.fixture
def scripted(monkeypatch, settings):
    monkeypatch.setitem(providers.REGISTRY, "scripted", f"{__name__}.ScriptedProvider")
    settings.MESSAGING_PROVIDERS = {**settings.MESSAGING_PROVIDERS, "sms": "scripted"}
    ScriptedProvider.script, ScriptedProvider.sent = [], []
    yield ScriptedProvider


def timeout() -> ProviderError:
    return ProviderError("PROVIDER_TIMEOUT", "The SMS provider did not answer.", permanent=False)


@pytest.fixture
def approved_sms(task, alice, principal, no_quiet_hours):
    action = action_propose(task=task, tool="send_sms", args=SMS)
    return action_approve(action=action, user=principal, via="web", digest=action.decided_digest)


@pytest.mark.django_db
def test_a_transient_error_retries_later_and_the_retry_sends_one_message(
    scripted, approved_sms, django_capture_on_commit_callbacks
):
    scripted.script = [timeout(), "sent"]

    with django_capture_on_commit_callbacks() as dispatched:
        assert action_execute(action_id=approved_sms.pk).status == "retrying"
    approved_sms.refresh_from_db()
    assert (approved_sms.status, approved_sms.error_code) == ("approved", "PROVIDER_TIMEOUT")
    assert len(dispatched) == 1  # the retry is enqueued again, after the commit
    retry = AuditEvent.objects.get(action=approved_sms, event="retrying")
    assert 2.5 <= retry.details["retry_in_seconds"] <= 7.5

    assert action_execute(action_id=approved_sms.pk).status == "skipped"  # held until run_after
    Action.objects.filter(pk=approved_sms.pk).update(run_after=None)
    assert action_execute(action_id=approved_sms.pk).status == "succeeded"
    approved_sms.refresh_from_db()
    assert (approved_sms.status, approved_sms.attempts, approved_sms.error_code) == (
        "succeeded", 2, "")  # fmt: skip
    (message,) = Message.objects.all()
    assert (message.status, message.provider_id) == ("sent", "scripted-1")
    assert len(scripted.sent) == 1


@pytest.mark.django_db
def test_transient_errors_stop_after_the_last_attempt_with_the_reason(scripted, approved_sms):
    scripted.script = [timeout() for _ in range(MAX_ATTEMPTS)]

    outcomes = []
    for _ in range(MAX_ATTEMPTS):
        Action.objects.filter(pk=approved_sms.pk).update(run_after=None)  # the hold has passed
        outcomes.append(action_execute(action_id=approved_sms.pk).status)

    assert outcomes == ["retrying"] * (MAX_ATTEMPTS - 1) + ["failed"]
    approved_sms.refresh_from_db()
    assert approved_sms.status == "failed"
    assert approved_sms.error_message == "The SMS provider did not answer."
    delays = list(
        AuditEvent.objects.filter(action=approved_sms, event="retrying")
        .order_by("id")
        .values_list("details__retry_in_seconds", flat=True)
    )
    assert len(delays) == MAX_ATTEMPTS - 1
    for attempt, delay in enumerate(delays, start=1):  # 5, 10, 20 s, each times 0.5 to 1.5
        base = 5 * 2 ** (attempt - 1)
        assert base * 0.5 <= delay <= base * 1.5
    assert Message.objects.get().status == "failed"
    assert not scripted.sent


@pytest.mark.django_db
def test_a_permanent_error_fails_at_once_and_says_why(
    scripted, approved_sms, django_capture_on_commit_callbacks
):
    scripted.script = [
        ProviderError("INVALID_NUMBER", "+1 415-555-0101 cannot receive texts.", permanent=True)
    ]

    with django_capture_on_commit_callbacks() as dispatched:
        assert action_execute(action_id=approved_sms.pk).status == "failed"

    assert dispatched == []
    approved_sms.refresh_from_db()
    assert (approved_sms.status, approved_sms.error_code, approved_sms.attempts) == (
        "failed",
        "INVALID_NUMBER",
        1,
    )
    assert approved_sms.error_message == "+1 415-555-0101 cannot receive texts."
    assert approved_sms.task.status == "failed"
    assert not AuditEvent.objects.filter(action=approved_sms, event="retrying").exists()


@pytest.mark.django_db
def test_a_calendar_tool_is_denied_before_anyone_approves_until_a_calendar_is_connected(
    task, no_quiet_hours
):
    action = action_propose(
        task=task,
        tool="list_events",
        args={"start": "2026-11-24T09:00:00+00:00", "end": "2026-11-24T17:00:00+00:00"},
    )

    assert (action.decision, action.status) == ("deny", "denied")
    assert action.reasons == ["NO_CALENDAR_CONNECTED"]
    assert action.error_code == "NO_CALENDAR_CONNECTED"
    assert "connect one before booking" in action.error_message
    assert action_execute(action_id=action.pk).status == "skipped"  # it never runs


@pytest.mark.django_db
def test_looking_up_a_contact_runs_at_once_and_returns_the_matches(task, alice, no_quiet_hours):
    action = action_propose(task=task, tool="lookup_contact", args={"query": "alice"})
    assert action.decision == "auto"

    assert action_execute(action_id=action.pk).status == "succeeded"

    action.refresh_from_db()
    assert action.result == {
        "matches": [
            {"id": alice.pk, "name": "Alice Smith", "phone": "+14155550101",
             "email": "alice@example.com"}
        ],
        "ambiguous": False,
    }  # fmt: skip


@pytest.mark.django_db
def test_the_audit_trail_cannot_be_changed_or_deleted(approved_sms):
    event = AuditEvent.objects.filter(action=approved_sms).first()

    event.event = "nothing happened"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).event == "proposed"
    assert Action.objects.get(pk=approved_sms.pk).status == "approved"


@pytest.mark.django_db
def test_a_job_that_arrives_before_the_hold_ends_is_sent_again_for_its_time(
    approved_sms, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(minutes=5)
    Action.objects.filter(pk=approved_sms.pk).update(run_after=later, dispatched_at=timezone.now())

    with django_capture_on_commit_callbacks() as dispatched:
        assert action_execute(action_id=approved_sms.pk).status == "skipped"

    assert len(dispatched) == 1  # enqueued again (for its time), not dropped
    approved_sms.refresh_from_db()
    # Until that enqueue happens the action counts as never dispatched: were it lost, the
    # sweeper would dispatch it when it is due.
    assert approved_sms.status == "approved" and approved_sms.dispatched_at is None
    assert not Message.objects.exists()
