"""Who may decide what, and how (SPEC §7): ``action_decision_options`` is the one table, and
the web, the API and SMS replies refuse exactly what it refuses."""

from __future__ import annotations

import pytest
from django.test import Client

from assistant.engine.actions import action_decision_options, action_propose
from assistant.models import (
    Action,
    Approval,
    Membership,
    SmsApprovalCode,
    TeamPolicy,
    UserAgentSettings,
)
from assistant.teams.tokens import api_token_create
from messaging.sms_approvals import sms_reply_handle

pytestmark = pytest.mark.django_db

KNOWN = {"to": "+14155550101", "body": "Running late"}  # Alice: high
STRANGER = {"to": "+14155550199", "body": "Hello"}  # nobody the team knows: critical
OK = None
SECOND = "SECOND_PERSON_REQUIRED"
IN_APP = "CRITICAL_IN_APP"
ONE_AT_A_TIME = "CRITICAL_ONE_AT_A_TIME"
DENIED = "PERMISSION_DENIED"

# (risk, second-person rule, who) → what approving answers by web, api, sms, bulk.
APPROVE = [
    ("high", True, "requester", (OK, OK, OK, OK)),
    ("high", True, "admin", (OK, OK, OK, OK)),
    ("high", True, "member", (OK, OK, OK, OK)),
    ("high", True, "outsider", (DENIED, DENIED, DENIED, DENIED)),
    ("critical", True, "requester", (SECOND, SECOND, SECOND, ONE_AT_A_TIME)),
    ("critical", True, "admin", (OK, OK, IN_APP, ONE_AT_A_TIME)),
    ("critical", True, "member", (SECOND, SECOND, SECOND, ONE_AT_A_TIME)),
    ("critical", True, "outsider", (DENIED, DENIED, DENIED, DENIED)),
    ("critical", False, "requester", (OK, OK, IN_APP, ONE_AT_A_TIME)),
    ("critical", False, "member", (OK, OK, IN_APP, ONE_AT_A_TIME)),
]
VIAS = ("web", "api", "sms", "bulk")


@pytest.fixture
def people(principal, team_admin, teammate, outsider):
    return {"requester": principal, "admin": team_admin, "member": teammate,
            "outsider": outsider}  # fmt: skip


def waiting(task, risk, second_person):
    TeamPolicy.objects.filter(team=task.team).update(critical_needs_other_admin=second_person)
    action = action_propose(task=task, tool="send_sms", args=KNOWN if risk == "high" else STRANGER)
    assert (action.status, action.risk) == ("pending_approval", risk)
    return action


@pytest.mark.parametrize(("risk", "second_person", "who", "answers"), APPROVE)
def test_who_may_approve_follows_the_table(
    task, alice, people, no_quiet_hours, risk, second_person, who, answers
):
    action = waiting(task, risk, second_person)
    for via, expected in zip(VIAS, answers, strict=True):
        options = action_decision_options(action=action, user=people[who], via=via)
        code = options.refused.get("approve", (None, ""))[0]
        assert code == expected, f"{who} approving a {risk} action by {via}"


def test_texts_only_approve_or_reject_and_bulk_never_edits(task, alice, principal, no_quiet_hours):
    action = waiting(task, "high", False)
    by_text = action_decision_options(action=action, user=principal, via="sms")
    in_bulk = action_decision_options(action=action, user=principal, via="bulk")
    on_the_web = action_decision_options(action=action, user=principal, via="web")

    assert by_text.allowed == ("approve", "reject")
    assert by_text.refused["edit"][0] == "NOT_BY_TEXT"
    assert in_bulk.allowed == ("approve", "reject")
    assert on_the_web.allowed == ("approve", "reject", "edit", "revise", "undo")


def test_a_member_who_left_cannot_decide_anything(task, alice, teammate, no_quiet_hours):
    action = waiting(task, "high", False)
    teammate.memberships.all().delete()
    options = action_decision_options(action=action, user=teammate, via="web")
    assert options.allowed == ()
    assert options.refused["reject"] == (
        "PERMISSION_DENIED", "Only members of this team can decide its actions."
    )  # fmt: skip


REFUSED = [
    ("critical", True, "member", SECOND),
    ("critical", True, "requester", SECOND),
    ("critical", True, "admin", IN_APP),  # (by text only: the web and API allow it)
    ("critical", False, "requester", IN_APP),
]


def _web(action, user):
    client = Client()
    client.force_login(user)
    client.post(f"/actions/{action.pk}/approve/", {"digest": action.decided_digest})


def _api(action, user):
    token = api_token_create(team=action.team, user=user, name="t")[1]
    response = Client().post(
        f"/api/v1/actions/{action.pk}/approve",
        {"digest": action.decided_digest},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.json().get("code")


def _sms(action, user):
    # A code that reached this member somehow (the app never texts one for a critical action).
    SmsApprovalCode.objects.create(action=action, user=user, phone="+14155550177", code="4821",
                                   digest=action.decided_digest)  # fmt: skip
    membership = Membership.objects.get(team=action.team, user=user)
    UserAgentSettings.objects.update_or_create(  # a member who approves by text
        membership=membership, defaults={"approve_by_sms": True}
    )
    answer = sms_reply_handle(team=action.team, user=user, phone="+14155550177", text="Y 4821")
    return answer.text


@pytest.mark.parametrize(("risk", "second_person", "who", "code"), REFUSED)
def test_the_web_the_api_and_texts_each_refuse_what_the_table_refuses(
    task, alice, people, no_quiet_hours, risk, second_person, who, code
):
    action = waiting(task, risk, second_person)
    user = people[who]
    table = {
        via: action_decision_options(action=action, user=user, via=via).refused.get("approve")
        for via in ("web", "api", "sms")
    }

    if table["web"]:
        _web(action, user)
        assert Action.objects.get(pk=action.pk).status == "pending_approval"
        assert _api(action, user) == (403, table["api"][0])
    sms_answer = _sms(action, user)

    assert sms_answer == f"Consigliere: {table['sms'][1]}"
    assert table["sms"][0] == code
    assert Action.objects.get(pk=action.pk).status == "pending_approval"
    assert not Approval.objects.filter(action=action).exists()


def test_an_approval_by_text_of_an_action_that_became_critical_does_not_run(
    task, alice, principal, no_quiet_hours
):
    """The executor asks the same table: an approval recorded by text for a critical action
    (however it got there) authorises nothing."""
    from assistant.engine.actions import action_execute

    action = waiting(task, "critical", False)
    Approval.objects.create(action=action, user=principal, via="sms", verdict="approved",
                            args_digest=action.decided_digest)  # fmt: skip
    Action.objects.filter(pk=action.pk).update(status="approved")

    assert action_execute(action_id=action.pk).status == "refused"
    assert Action.objects.get(pk=action.pk).error_code == "NOT_AUTHORISED"


def test_the_queue_card_offers_only_what_the_viewer_may_do(
    task, alice, principal, team_admin, no_quiet_hours
):
    action = waiting(task, "critical", True)
    mine, theirs = Client(), Client()
    mine.force_login(principal)
    theirs.force_login(team_admin)

    requester_page = mine.get("/approvals/").content.decode()
    admin_page = theirs.get("/approvals/").content.decode()

    assert f'id="action-{action.pk}"' in requester_page
    assert "data-approve" not in requester_page
    assert "needs an admin of the team other than the person who asked" in requester_page
    assert "data-approve" in admin_page and "data-refused" not in admin_page
