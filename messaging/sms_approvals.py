"""Deciding actions by text message: "Reply Y 4821 to approve, N 4821 to reject".

A member who turns SMS approvals on gets one short text for each new action waiting for
them, at their verified number. A code is single use and good only for its action, that
member and that number, and only while the action waits with the arguments the text
described. Critical actions are never decided by text: the text says to open the app.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from assistant.engine.actions import (
    ActionError,
    action_approve,
    action_decision_options,
    action_reject,
    action_summaries,
)
from assistant.models import (
    Action,
    Membership,
    PrincipalIdentity,
    SmsApprovalCode,
    Team,
    User,
    UserAgentSettings,
)
from messaging.jobs import request_sms_approvals_job
from messaging.models import Message
from messaging.services import message_send_plain, public_url

logger = logging.getLogger(__name__)

S = Action.Status
COMMAND = re.compile(r"^\s*(?P<verdict>y|yes|n|no)\b[\s:#-]*(?P<code>\d{3,8})?\s*[.!]*\s*$", re.I)
PENDING = re.compile(r"^\s*pending\s*[?.!]*\s*$", re.I)
MAX_WRONG_CODES = 5  # per number per hour; then codes from it are refused for the hour
LIST_LIMIT = 5
OFF = (
    "Consigliere: approval by text is off for you, so nothing was decided. Decide in the app, "
    "or turn it on in Settings, Channels."
)
HELP = (
    "Consigliere: reply Y and the code to approve, N and the code to reject, PENDING to see "
    "what waits. Anything else you text is a request to your assistant."
)


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sms_approvers(action: Action) -> list[tuple[User, str]]:
    """Members who turned SMS approvals on, may decide ``action``, and have a verified
    phone in its team: (member, number) pairs, one number each."""
    settings_on = list(
        UserAgentSettings.objects.filter(
            membership__team_id=action.team_id, approve_by_sms=True,
            membership__user__is_active=True,
        ).select_related("membership__user")
    )  # fmt: skip
    phones: dict[int, str] = {}
    for user_id, phone in PrincipalIdentity.objects.filter(
        team_id=action.team_id, kind=PrincipalIdentity.Kind.PHONE, verified_at__isnull=False,
        user_id__in=[mine.membership.user_id for mine in settings_on],
    ).order_by("-value").values_list("user_id", "value"):  # fmt: skip
        phones[user_id] = phone  # the first by number, as Settings → Channels shows it
    people: list[tuple[User, str]] = []
    for mine in settings_on:
        member = mine.membership
        # Told are those who may decide it at all (a critical one is decided in the app).
        options = action_decision_options(
            action=action, user=member.user, via="web", membership=member
        )
        if options.may("approve") and member.user_id in phones:
            people.append((member.user, phones[member.user_id]))
    return people


def _new_code(phone: str) -> str:
    """Four digits no other live code for ``phone`` uses."""
    live = set(
        SmsApprovalCode.objects.filter(
            phone=phone, used_at__isnull=True, action__status=S.PENDING_APPROVAL
        ).values_list("code", flat=True)
    )
    while True:
        code = f"{secrets.randbelow(10_000):04d}"
        if code not in live:
            return code


def _code_for(action: Action, user: User, phone: str) -> SmsApprovalCode:
    code, _ = SmsApprovalCode.objects.get_or_create(
        action=action, user=user,
        defaults={"phone": phone, "code": _new_code(phone), "digest": action.decided_digest},
    )  # fmt: skip
    return code


def _app_link(action: Action) -> str:
    return public_url("approvals") + f"#action-{action.pk}"


def sms_approvals_request(*, action_id: int) -> int:
    """Text each SMS approver of a waiting action, once; returns how many texts went out.

    The code row and the text commit together: a retried job sends nothing new, and a job
    that died before sending leaves no code behind, so its redelivery sends the text.
    """
    action = Action.objects.select_related("team").filter(pk=action_id).first()
    if action is None or action.status != S.PENDING_APPROVAL:
        return 0
    summary = _short(action_summaries(actions=[action])[action.pk])
    sent = 0
    for user, phone in sms_approvers(action):
        with transaction.atomic():
            if SmsApprovalCode.objects.filter(action=action, user=user).exists():
                continue
            if not action_decision_options(action=action, user=user, via="sms").may("approve"):
                # Decided in the app, never by a text: the row records the notice, no code.
                SmsApprovalCode.objects.create(
                    action=action, user=user, phone=phone, code="",
                    digest=action.decided_digest, used_at=timezone.now(),
                )  # fmt: skip
                body = (
                    f"Consigliere: critical, waiting for you: {summary}. "
                    f"Decide in the app: {_app_link(action)}"
                )
            else:
                code = _code_for(action, user, phone).code
                body = f"Consigliere: {summary}. Reply Y {code} to approve, N {code} to reject."
            message_send_plain(
                team=action.team, channel="sms", to=phone, body=body,
                purpose=Message.Purpose.APPROVAL, task_id=action.task_id,
            )  # fmt: skip
        sent += 1
    return sent


@dataclass(frozen=True)
class Reply:
    text: str
    decided: Action | None = None


def _wrong_code(phone: str) -> Reply:
    key = f"sms-approval-wrong:{phone}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
    return Reply(
        "Consigliere: no action waits for that code from this number (it may be decided, "
        "expired or changed). Reply PENDING to see what waits."
    )


def _locked(phone: str) -> bool:
    return (cache.get(f"sms-approval-wrong:{phone}") or 0) >= MAX_WRONG_CODES


def sms_pending_list(*, team: Team, user: User, phone: str) -> Reply:
    """What waits for ``user``, newest first, each with its code (made now if needed)."""
    membership = Membership.objects.filter(team=team, user=user).first()
    waiting = list(
        Action.objects.filter(
            team=team, status=S.PENDING_APPROVAL, expires_at__gt=timezone.now()
        ).order_by("-created_at")[: LIST_LIMIT + 1]
    )
    if not waiting or membership is None:
        return Reply("Consigliere: nothing waits for your approval.")
    summaries = action_summaries(actions=waiting[:LIST_LIMIT])
    lines = []
    for action in waiting[:LIST_LIMIT]:
        options = action_decision_options(
            action=action, user=user, via="sms", membership=membership
        )
        if not options.may("approve"):
            lines.append(f"(critical, in the app) {_short(summaries[action.pk], 60)}")
            continue
        code = _code_for(action, user, phone)
        lines.append(f"Y/N {code.code}: {_short(summaries[action.pk], 60)}")
    more = " More in the app." if len(waiting) > LIST_LIMIT else ""
    return Reply(f"Consigliere: {len(lines)} waiting.\n" + "\n".join(lines) + more)


def sms_reply_handle(*, team: Team, user: User, phone: str, text: str) -> Reply | None:
    """Answer a text from ``user``'s verified ``phone`` if it is an approval command ("Y
    4821", "N 4821", "PENDING", or a bare Y/N); None when it is something else (a request).

    A code decides its action only when it was sent to this member at this number, is
    unused, and its action still waits with the arguments the text described, and only while
    the member has approval by text on in ``team`` (a code texted before they turned it off
    decides nothing); with it off, a command is answered with how to turn it on (``OFF``),
    never taken as a request.
    """
    command = COMMAND.match(text)
    if not PENDING.match(text) and command is None:
        return None
    if not _sms_approvals_on(team=team, user=user):
        return Reply(OFF)
    if PENDING.match(text):
        return sms_pending_list(team=team, user=user, phone=phone)
    if not command["code"]:
        return Reply(HELP)
    if _locked(phone):
        return Reply(
            "Consigliere: too many wrong codes from this number; "
            "decide in the app for the next hour."
        )
    approve = command["verdict"].lower().startswith("y")
    code = (
        SmsApprovalCode.objects.select_related("action__team")
        .filter(
            phone=phone,
            user=user,
            code=command["code"],
            used_at__isnull=True,
            action__team=team,
            action__status=S.PENDING_APPROVAL,
        )
        .first()
    )
    if code is None:
        return _wrong_code(phone)
    options = action_decision_options(action=code.action, user=user, via="sms")
    if not options.may("approve" if approve else "reject"):
        _, why = options.refused["approve" if approve else "reject"]
        return Reply(f"Consigliere: {why}")
    # Single use: whoever marks it used first is the only one to decide with it.
    if not SmsApprovalCode.objects.filter(pk=code.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    ):
        return _wrong_code(phone)
    action = code.action
    summary = _short(action_summaries(actions=[action])[action.pk], 80)
    try:
        if approve:
            action_approve(action=action, user=user, via="sms", digest=code.digest)
        else:
            action_reject(action=action, user=user, via="sms", reason="Rejected by text.")
    except ActionError as error:
        return Reply(f"Consigliere: {error.message}")
    verb = "Approved" if approve else "Rejected"
    return Reply(f"Consigliere: {verb}: {summary}.", decided=action)


def _sms_approvals_on(*, team: Team, user: User) -> bool:
    return UserAgentSettings.objects.filter(
        membership__team=team, membership__user=user, approve_by_sms=True
    ).exists()


def sms_approvals_on_waiting(*, action: Action, again: bool) -> None:
    """The ``ACTION_WAITS`` hook: text the members who decide by SMS about a newly waiting
    action, after commit. Codes texted for earlier arguments (before an edit) stop working:
    the action is new to them."""
    if again:
        SmsApprovalCode.objects.filter(action=action, used_at__isnull=True).delete()
    if UserAgentSettings.objects.filter(
        membership__team_id=action.team_id, approve_by_sms=True
    ).exists():
        request_sms_approvals_job.delay_on_commit(action.pk)
