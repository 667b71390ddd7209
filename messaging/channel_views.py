"""The Channels settings page (/settings/channels/): which providers carry texts, calls and
email; the team's numbers, quiet hours, daily limits and email sender (admins change these);
and each member's own numbers, SMS approvals and a test text.

One URL: GET shows the page, and each form on it POSTs an ``action`` naming what it changes.
A change redirects back to the page (a reload never repeats it); a refused one renders the
page again, status 400, with the error beside its form and nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assistant.models import PrincipalIdentity, Team, TeamPolicy, UserAgentSettings
from assistant.teams.scoping import get_for_member
from assistant.tools.registry import Channel
from contacts.phones import phone_display
from messaging.channels import CALL, EMAIL, SMS
from messaging.forms import (
    ChannelSettingsForm,
    IdentityAddForm,
    IdentityCodeForm,
    RowForm,
    SmsApprovalsForm,
    SmsTestForm,
    TeamLimitsForm,
    TeamNumberForm,
)
from messaging.identities import (
    IdentityError,
    identity_add,
    identity_remove,
    identity_send_code,
    identity_verify,
)
from messaging.models import ChannelSettings, Message, OptOut, TeamNumber
from messaging.providers import provider_class
from messaging.services import message_send_plain, public_url, team_sender

TEST_SMS = "Consigliere test: texts from {team} reach you."
OPT_OUTS_SHOWN = 50

Handler = Callable[[HttpRequest], HttpResponse]
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class ProviderFacts:
    """What carries one channel, as the page describes it (never a secret)."""

    channel: Channel
    provider: str
    label: str
    missing: list[str]  # the settings the provider needs that are not set
    sender: str
    template: str  # how the provider explains its own set-up

    @property
    def configured(self) -> bool:
        return not self.missing


@require_http_methods(["GET", "POST"])
@login_required
def channel_settings(request: HttpRequest) -> HttpResponse:
    if request.team is None:
        return redirect("dashboard")
    if request.method == "GET":
        return _page(request)
    action = request.POST.get("action", "")
    if action in ADMIN_ACTIONS:
        if not request.membership.is_admin:
            raise PermissionDenied("Only the team's admins change this.")
        return ADMIN_ACTIONS[action](request)
    if action in MEMBER_ACTIONS:
        return MEMBER_ACTIONS[action](request)
    return HttpResponseBadRequest("There is no such change on this page.")


# --- The page -------------------------------------------------------------------------------


def _page(request: HttpRequest, *, status: int = 200, **forms: object) -> HttpResponse:
    """The whole page; ``forms`` replace the blank forms of the sections they belong to."""
    team, membership = request.team, request.membership
    # Reading the page writes nothing: rows that do not exist yet show their defaults.
    policy = TeamPolicy.objects.filter(team=team).first() or TeamPolicy(team=team)
    channel = ChannelSettings.objects.filter(team=team).first() or ChannelSettings(team=team)
    mine = UserAgentSettings.objects.filter(membership=membership).first()
    identities = list(PrincipalIdentity.objects.filter(team=team, user=request.user))
    verified_phone = _verified_phone(request)
    context = {
        "is_admin": membership.is_admin,
        "providers": _providers(team),
        "email_server": _email_server(),
        "webhooks": {
            "sms": public_url("webhooks:twilio-sms"),
            "voice": public_url("webhooks:twilio-voice"),
            "status": public_url("webhooks:twilio-status"),
        },
        "numbers": TeamNumber.objects.for_team(team),
        "number_form": TeamNumberForm(),
        "policy": policy,
        "limits_form": TeamLimitsForm(instance=policy),
        "channel": channel,
        "channel_form": ChannelSettingsForm(instance=channel),
        "identities": identities,
        "identity_form": IdentityAddForm(),
        "code_form": IdentityCodeForm(),
        "code_identity": None,
        "verified_phone": verified_phone,
        "sms_approvals_on": bool(mine and mine.approve_by_sms),
        "approvals_form": SmsApprovalsForm(has_verified_phone=verified_phone is not None),
        "test_form": SmsTestForm(),
        "test_sms_preview": TEST_SMS.format(team=team.name),
        "opt_outs_shown": OPT_OUTS_SHOWN,
        "opt_outs": OptOut.objects.for_team(team)[:OPT_OUTS_SHOWN],
        **forms,
    }
    return render(request, "messaging/channels.html", context, status=status)


def _providers(team: Team) -> list[ProviderFacts]:
    facts = []
    for channel in (SMS, CALL, EMAIL):
        provider = provider_class(channel.name)
        facts.append(
            ProviderFacts(
                channel=channel, provider=provider.name, label=provider.label,
                missing=provider.missing_settings(), sender=team_sender(team, channel.name)[0],
                template=provider.settings_template,
            )
        )  # fmt: skip
    return facts


def _email_server() -> str:
    """EMAIL_URL without its user and password: scheme, host and port."""
    parts = urlsplit(settings.EMAIL_URL)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


def _verified_phone(request: HttpRequest) -> str | None:
    """The member's verified phone in this team: the one SMS approvals go to."""
    return (
        PrincipalIdentity.objects.filter(
            team=request.team,
            user=request.user,
            kind=PrincipalIdentity.Kind.PHONE,
            verified_at__isnull=False,
        )
        .values_list("value", flat=True)
        .first()
    )


def _row(request: HttpRequest, queryset: QuerySet[M]) -> M:
    """The row the button was for: 404 for a bad id or another team's (or person's) row."""
    form = RowForm(request.POST)
    if not form.is_valid():
        raise Http404("No such row.")
    return get_for_member(request, queryset, pk=form.cleaned_data["pk"])


def _done(request: HttpRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("channel_settings")


def _shown(value: str) -> str:
    return phone_display(value) if value.startswith("+") else value


# --- Admins: the team's numbers, quiet hours and limits, email sender -----------------------


def _number_add(request: HttpRequest) -> HttpResponse:
    form = TeamNumberForm(request.POST, instance=TeamNumber(team=request.team))
    if not form.is_valid():
        return _page(request, status=400, number_form=form)
    try:
        with transaction.atomic():
            number = form.save()
    except IntegrityError:  # another admin added it a moment ago
        form.add_error("number", "That number is already in use: a team has it.")
        return _page(request, status=400, number_form=form)
    return _done(request, f"Added {phone_display(number.number)} to the team's numbers.")


def _number_remove(request: HttpRequest) -> HttpResponse:
    number = _row(request, TeamNumber.objects.filter(team=request.team))
    number.delete()
    return _done(request, f"Removed {phone_display(number.number)} from the team's numbers.")


def _limits_save(request: HttpRequest) -> HttpResponse:
    policy, _ = TeamPolicy.objects.get_or_create(team=request.team)
    form = TeamLimitsForm(request.POST, instance=policy)
    if not form.is_valid():
        return _page(request, status=400, limits_form=form)
    form.save()
    return _done(request, "Saved the quiet hours and daily limits.")


def _sender_save(request: HttpRequest) -> HttpResponse:
    channel, _ = ChannelSettings.objects.get_or_create(team=request.team)
    form = ChannelSettingsForm(request.POST, instance=channel)
    if not form.is_valid():
        return _page(request, status=400, channel_form=form)
    form.save()
    return _done(request, "Saved the email sender and the answer to HELP.")


# --- Each member: their own numbers and addresses, SMS approvals, a test text ---------------


def _my_identity(request: HttpRequest) -> PrincipalIdentity:
    return _row(request, PrincipalIdentity.objects.filter(team=request.team, user=request.user))


def _identity_add(request: HttpRequest) -> HttpResponse:
    form = IdentityAddForm(request.POST)
    identity = None
    if form.is_valid():
        try:
            identity = identity_add(
                team=request.team, user=request.user, kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
            )  # fmt: skip
        except IdentityError as error:
            form.add_error("value", error.message)
    if identity is None:
        return _page(request, status=400, identity_form=form)
    if identity.verified_at:
        return _done(request, f"{_shown(identity.value)} is already yours and verified.")
    return _done(request, f"Sent a code to {_shown(identity.value)}. Enter it below.")


def _identity_verify(request: HttpRequest) -> HttpResponse:
    identity = _my_identity(request)
    form = IdentityCodeForm(request.POST)
    if form.is_valid():
        try:
            identity_verify(identity=identity, code=form.cleaned_data["code"])
        except IdentityError as error:
            form.add_error("code", error.message)
        else:
            return _done(request, f"Verified {_shown(identity.value)}.")
    return _page(request, status=400, code_form=form, code_identity=identity.pk)


def _identity_resend(request: HttpRequest) -> HttpResponse:
    identity = _my_identity(request)
    if identity.verified_at:
        return _done(request, f"{_shown(identity.value)} is already verified.")
    try:
        identity_send_code(identity=identity)
    except IdentityError as error:
        messages.error(request, error.message)
        return redirect("channel_settings")
    return _done(request, f"Sent a new code to {_shown(identity.value)}.")


def _identity_remove(request: HttpRequest) -> HttpResponse:
    identity = _my_identity(request)
    identity_remove(identity=identity, user=request.user)
    return _done(request, f"Removed {_shown(identity.value)}.")


def _sms_approvals_save(request: HttpRequest) -> HttpResponse:
    mine, _ = UserAgentSettings.objects.get_or_create(membership=request.membership)
    form = SmsApprovalsForm(
        request.POST, instance=mine, has_verified_phone=_verified_phone(request) is not None
    )
    if not form.is_valid():
        return _page(request, status=400, approvals_form=form)
    form.save()
    if form.cleaned_data["approve_by_sms"]:
        return _done(request, "SMS approvals are on: new actions waiting for you will text you.")
    return _done(request, "SMS approvals are off.")


def _test_sms_send(request: HttpRequest) -> HttpResponse:
    phone = _verified_phone(request)
    if phone is None:
        form = SmsTestForm(data={})
        form.add_error(None, "Verify a phone number first: the test text goes to it.")
        return _page(request, status=400, test_form=form)
    sent = message_send_plain(
        team=request.team, channel="sms", to=phone,
        body=TEST_SMS.format(team=request.team.name), purpose=Message.Purpose.TEST,
    )  # fmt: skip
    if sent.status == Message.Status.FAILED:
        messages.error(
            request, f"The test text to {phone_display(phone)} failed: {sent.error_message}"
        )
        return redirect("channel_settings")
    return _done(request, f"Sent a test text to {phone_display(phone)}.")


ADMIN_ACTIONS: dict[str, Handler] = {
    "number_add": _number_add,
    "number_remove": _number_remove,
    "limits_save": _limits_save,
    "sender_save": _sender_save,
}
MEMBER_ACTIONS: dict[str, Handler] = {
    "identity_add": _identity_add,
    "identity_verify": _identity_verify,
    "identity_resend": _identity_resend,
    "identity_remove": _identity_remove,
    "sms_approvals_save": _sms_approvals_save,
    "test_sms_send": _test_sms_send,
}
