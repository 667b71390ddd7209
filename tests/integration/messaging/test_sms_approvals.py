"""Deciding by text: one short text per waiting action to members who turned it on, and
codes that are single use, bound to their action, member and number, and die with the
action (PROMISES 1 to 3 hold by text too)."""

from __future__ import annotations

import re

import pytest

from assistant.engine.actions import action_edit, action_propose
from assistant.models import Action, Approval, SmsApprovalCode, TeamPolicy, UserAgentSettings
from messaging.models import Message
from messaging.sms_approvals import sms_approvals_request, sms_reply_handle

from .conftest import BOB_PHONE, PRINCIPAL_PHONE, STRANGER_PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(task, bob, principal_phone, no_quiet_hours):
    return action_propose(
        task=task, tool="send_sms", args={"to": BOB_PHONE, "body": "Running late"}
    )


def request_text(action) -> tuple[str, str]:
    """Send the approval texts of ``action``; the body and code the principal received."""
    assert sms_approvals_request(action_id=action.pk) == 1
    text = Message.objects.get(purpose="approval", to=[PRINCIPAL_PHONE])
    code = re.search(r"Reply Y (\d{4}) to approve, N \1 to reject\.", text.body)
    assert code, text.body
    return text.body, code.group(1)


def reply(team, principal, body, phone=PRINCIPAL_PHONE) -> str:
    answer = sms_reply_handle(team=team, user=principal, phone=phone, text=body)
    return answer.text if answer else ""


def test_a_waiting_action_texts_its_approver_once_in_plain_words(waiting):
    body, _ = request_text(waiting)
    assert body.startswith('Consigliere: Text Bob Jones (+1 415-555-0122): "Running late".')
    assert len(body) <= 160
    assert sms_approvals_request(action_id=waiting.pk) == 0  # a retried job texts nobody again


def test_y_and_the_code_approves_exactly_once(
    waiting, team, principal, django_capture_on_commit_callbacks
):
    _, code = request_text(waiting)
    with django_capture_on_commit_callbacks() as dispatched:
        assert reply(team, principal, f"Y {code}").startswith("Consigliere: Approved: Text Bob")
    waiting.refresh_from_db()
    assert waiting.status == "approved"
    assert Approval.objects.get(action=waiting).via == "sms"
    assert len(dispatched) == 1
    assert "no action waits for that code" in reply(team, principal, f"yes {code}")
    assert Approval.objects.filter(action=waiting).count() == 1


def test_n_and_the_code_rejects(waiting, team, principal):
    _, code = request_text(waiting)
    assert reply(team, principal, f"n {code}").startswith("Consigliere: Rejected")
    waiting.refresh_from_db()
    assert waiting.status == "rejected"


def test_a_code_from_another_number_or_member_decides_nothing(waiting, team, principal, teammate):
    _, code = request_text(waiting)
    assert "no action waits" in reply(team, principal, f"Y {code}", phone=STRANGER_PHONE)
    assert "approval by text is off" in reply(team, teammate, f"Y {code}")
    waiting.refresh_from_db()
    assert waiting.status == "pending_approval"


def test_a_code_dies_when_the_action_is_edited(waiting, team, principal):
    _, code = request_text(waiting)
    action_edit(action=waiting, user=principal, via="web",
                args={"to": BOB_PHONE, "body": "Running very late"})  # fmt: skip
    assert "no action waits" in reply(team, principal, f"Y {code}")
    waiting.refresh_from_db()
    assert waiting.status == "pending_approval"


def test_a_code_dies_when_the_action_is_decided_in_the_app(waiting, team, principal):
    _, code = request_text(waiting)
    Action.objects.filter(pk=waiting.pk).update(status="rejected")
    assert "no action waits" in reply(team, principal, f"Y {code}")


def test_five_wrong_codes_lock_the_number_for_an_hour(waiting, team, principal):
    _, code = request_text(waiting)
    wrong = "0000" if code != "0000" else "1111"
    for _ in range(5):
        reply(team, principal, f"Y {wrong}")
    assert "too many wrong codes" in reply(team, principal, f"Y {code}")
    waiting.refresh_from_db()
    assert waiting.status == "pending_approval"


def test_pending_lists_what_waits_with_codes(waiting, team, principal):
    answer = reply(team, principal, "PENDING")
    assert answer.startswith("Consigliere: 1 waiting.")
    code = SmsApprovalCode.objects.get(action=waiting).code
    assert f"Y/N {code}: Text Bob Jones" in answer


@pytest.mark.parametrize("body", ["Y", "no", "YES!"])
def test_a_bare_yes_or_no_gets_the_short_help(waiting, team, principal, body):
    assert "reply Y and the code" in reply(team, principal, body)


def test_anything_else_is_not_an_approval_command(waiting, team, principal):
    assert sms_reply_handle(team=team, user=principal, phone=PRINCIPAL_PHONE,
                            text="Text Bob I'm outside") is None  # fmt: skip


def test_a_critical_action_is_never_decided_by_text(task, team, principal, principal_phone,
                                                    no_quiet_hours):  # fmt: skip
    action = action_propose(task=task, tool="send_sms",
                            args={"to": STRANGER_PHONE, "body": "Hello"})  # fmt: skip
    assert action.risk == "critical"
    sms_approvals_request(action_id=action.pk)
    text = Message.objects.get(purpose="approval")
    assert "Decide in the app: http://testserver/approvals/" in text.body
    assert "Reply Y" not in text.body
    assert "no action waits" in reply(team, principal, "Y 0000")
    assert "(critical, in the app)" in reply(team, principal, "PENDING")


@pytest.mark.parametrize("body", ["Y {code}", "n {code}", "PENDING", "yes"])
def test_a_member_who_turned_approval_by_text_off_decides_and_sees_nothing_by_text(
    waiting, team, principal, body
):
    _, code = request_text(waiting)  # texted while it was on
    UserAgentSettings.objects.filter(membership__user=principal).update(approve_by_sms=False)
    answer = reply(team, principal, body.format(code=code))
    assert answer.startswith("Consigliere: approval by text is off for you, so nothing was")
    assert "Text Bob" not in answer  # PENDING lists nothing
    waiting.refresh_from_db()
    assert waiting.status == "pending_approval"
    assert not Approval.objects.filter(action=waiting).exists()
    assert not SmsApprovalCode.objects.filter(action=waiting, used_at__isnull=False).exists()


def test_a_request_texted_by_a_member_with_approval_by_text_off_is_still_a_request(
    waiting, team, principal
):
    UserAgentSettings.objects.filter(membership__user=principal).update(approve_by_sms=False)
    assert sms_reply_handle(team=team, user=principal, phone=PRINCIPAL_PHONE,
                            text="Text Bob I'm outside") is None  # fmt: skip


def test_members_without_sms_approvals_get_no_text(task, bob, principal, no_quiet_hours,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks() as enqueued:
        action_propose(task=task, tool="send_sms", args={"to": BOB_PHONE, "body": "Hi"})
    assert enqueued == []  # no job at all when nobody in the team approves by text


def test_a_second_person_rule_texts_only_other_admins(task, team, principal, principal_phone,
                                                      no_quiet_hours):  # fmt: skip
    TeamPolicy.objects.filter(team=team).update(critical_needs_other_admin=True)
    action = action_propose(task=task, tool="send_sms", args={"to": STRANGER_PHONE, "body": "Hi"})
    assert sms_approvals_request(action_id=action.pk) == 0  # the principal asked it
