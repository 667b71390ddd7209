"""The Channels settings page: providers, team numbers, quiet hours and limits, the email
sender (admins), and each member's own numbers, SMS approvals and test text."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.test import Client
from django.utils import timezone

from assistant.models import Membership, PrincipalIdentity, TeamPolicy, UserAgentSettings
from messaging.models import ChannelSettings, Message, OptOut, TeamNumber

pytestmark = pytest.mark.django_db
URL = "/settings/channels/"
MY_PHONE = "+14155550111"
LIMITS = {
    "action": "limits_save", "quiet_hours_start": "22:30", "quiet_hours_end": "07:00",
    "daily_limit_sms": "40", "daily_limit_email": "80", "daily_limit_call": "5",
    "user_daily_limit_sms": "10", "user_daily_limit_email": "20", "user_daily_limit_call": "2",
    "principal_sms_counts_as_principal": "on",
}  # fmt: skip


@pytest.fixture
def as_member(client: Client, teammate) -> Client:
    client.force_login(teammate)
    return client


@pytest.fixture
def my_phone(team, principal) -> PrincipalIdentity:
    """The principal's phone, verified (SMS approvals still off)."""
    return PrincipalIdentity.objects.create(
        team=team, user=principal, kind="phone", value=MY_PHONE, verified_at=timezone.now()
    )


def page_of(response) -> str:
    return response.content.decode()


def sent_code(to: str) -> str:
    """The code of the latest verification text to ``to``, as its reader sees it in the Outbox
    (only a digest of it is stored)."""
    text = Message.objects.filter(purpose="verification", to=[to]).latest("created_at").body
    return re.search(r"\b(\d{6})\b", text).group(1)


def settings_of(user, team) -> UserAgentSettings:
    return UserAgentSettings.objects.get(membership=Membership.objects.get(team=team, user=user))


# --- The page -------------------------------------------------------------------------------


def test_the_page_shows_every_section_and_the_settings_page_links_to_it(signed_in):
    page = page_of(signed_in.get(URL))
    for heading in [
        "Providers", "Team numbers", "Quiet hours and daily limits", "Email sender and SMS help",
        "Your numbers and addresses", "SMS approvals", "Send me a test SMS", "Opted-out numbers",
    ]:  # fmt: skip
        assert f">{heading}</h" in page, heading
    assert "Add the number" in page
    assert "Save quiet hours and limits" in page
    assert 'href="/settings/channels/"' in page_of(signed_in.get("/settings/agent/"))


def test_providers_are_described_in_words_with_the_addresses_to_give_twilio(signed_in):
    page = page_of(signed_in.get(URL))
    assert "Texts:</strong>" in page
    assert "console (sends nothing; texts appear in the" in page
    assert "console (sends nothing; emails appear in the" in page
    for path in ["sms", "voice", "status"]:
        assert f"http://testserver/webhooks/twilio/{path}<" in page


def test_the_page_never_shows_the_twilio_token_or_the_email_password(signed_in, settings):
    settings.MESSAGING_PROVIDERS = {"sms": "twilio", "call": "twilio", "email": "smtp"}
    settings.TWILIO_ACCOUNT_SID = "AC" + "1" * 32
    settings.TWILIO_AUTH_TOKEN = "tok" + "9" * 29
    settings.TWILIO_FROM_NUMBER = "+15005550006"
    settings.EMAIL_URL = "smtp+tls://mailer:hunter2-secret@mail.example.com:587"
    page = page_of(signed_in.get(URL))
    assert "Twilio, configured;" in page
    assert "sending from +1 500-555-0006" in page
    assert 'SMTP through <code class="token">smtp+tls://mail.example.com:587</code>' in page
    assert settings.TWILIO_AUTH_TOKEN not in page
    assert "hunter2-secret" not in page
    assert "mailer" not in page


def test_twilio_without_credentials_says_what_to_set(signed_in, settings):
    settings.MESSAGING_PROVIDERS = {"sms": "twilio", "call": "console", "email": "console"}
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = ""
    page = page_of(signed_in.get(URL))
    assert "not configured</strong>: set <code>TWILIO_ACCOUNT_SID</code>" in page


def test_someone_in_no_team_is_sent_to_the_dashboard(client: Client, db):
    from assistant.models import User

    client.force_login(User.objects.create_user(email="nobody@example.com", password="x"))
    response = client.get(URL)
    assert (response.status_code, response["Location"]) == (302, "/")


def test_an_unknown_change_is_refused(signed_in):
    assert signed_in.post(URL, {"action": "drop_tables"}).status_code == 400


# --- Team numbers ---------------------------------------------------------------------------


def test_an_admin_adds_a_number_as_people_write_it_and_it_is_stored_in_e164(signed_in, team):
    response = signed_in.post(
        URL, {"action": "number_add", "number": "(415) 555-0100", "label": "Main"}, follow=True
    )
    assert "Added +1 415-555-0100 to the team&#x27;s numbers." in page_of(response)
    number = TeamNumber.objects.get()
    assert (number.team, number.number, number.label) == (team, "+14155550100", "Main")
    assert "+1 415-555-0100" in page_of(signed_in.get(URL))


def test_an_invalid_number_is_refused_in_words_and_nothing_is_stored(signed_in):
    response = signed_in.post(URL, {"action": "number_add", "number": "12", "label": ""})
    assert response.status_code == 400
    assert "12 is not a valid phone number" in page_of(response)
    assert 'aria-invalid="true"' in page_of(response)
    assert not TeamNumber.objects.exists()


def test_a_number_the_team_has_or_another_team_has_is_refused_without_naming_the_team(
    signed_in, team, other_team
):
    TeamNumber.objects.create(team=team, number="+14155550100")
    TeamNumber.objects.create(team=other_team, number="+14155550102")
    ours = signed_in.post(URL, {"action": "number_add", "number": "+1 415 555 0100"})
    theirs = signed_in.post(URL, {"action": "number_add", "number": "+1 415 555 0102"})
    assert (ours.status_code, theirs.status_code) == (400, 400)
    assert "That number is already one of this team&#x27;s numbers." in page_of(ours)
    assert "That number belongs to another team." in page_of(theirs)
    assert "Barzini" not in page_of(theirs)
    assert TeamNumber.objects.count() == 2


def test_an_admin_removes_a_number(signed_in, team):
    number = TeamNumber.objects.create(team=team, number="+14155550100")
    response = signed_in.post(URL, {"action": "number_remove", "pk": number.pk}, follow=True)
    assert "Removed +1 415-555-0100" in page_of(response)
    assert not TeamNumber.objects.exists()


def test_an_admin_cannot_remove_another_teams_number(signed_in, other_team):
    number = TeamNumber.objects.create(team=other_team, number="+14155550100")
    assert signed_in.post(URL, {"action": "number_remove", "pk": number.pk}).status_code == 404
    assert signed_in.post(URL, {"action": "number_remove", "pk": "x"}).status_code == 404
    assert TeamNumber.objects.filter(pk=number.pk).exists()


def test_a_member_sees_the_numbers_but_the_forms_to_change_them_are_not_there(as_member, team):
    TeamNumber.objects.create(team=team, number="+14155550100", label="Main")
    page = page_of(as_member.get(URL))
    assert "+1 415-555-0100" in page
    assert "Add the number" not in page
    assert "Save quiet hours and limits" not in page
    assert "21:00 to 08:00, in each recipient's time" in page
    assert "100 for the team, 50 for each member" in page


@pytest.mark.parametrize(
    "data",
    [
        {"action": "number_add", "number": "+1 415 555 0103"},
        {"action": "number_remove"},
        LIMITS,
        {"action": "sender_save", "email_from_name": "Michael"},
    ],
    ids=["add number", "remove number", "limits", "sender"],
)
def test_a_member_who_is_not_an_admin_changes_nothing_of_the_teams(as_member, team, data):
    number = TeamNumber.objects.create(team=team, number="+14155550100")
    response = as_member.post(URL, {"pk": number.pk, **data})
    assert response.status_code == 403
    assert list(TeamNumber.objects.values_list("number", flat=True)) == ["+14155550100"]
    assert not TeamPolicy.objects.filter(team=team).exists()
    assert not ChannelSettings.objects.filter(team=team).exists()


# --- Quiet hours and limits; the email sender -----------------------------------------------


def test_quiet_hours_and_daily_limits_are_saved(signed_in, team):
    response = signed_in.post(URL, LIMITS, follow=True)
    assert "Saved the quiet hours and daily limits." in page_of(response)
    policy = TeamPolicy.objects.get(team=team)
    assert (policy.quiet_hours_start, policy.quiet_hours_end) == (time(22, 30), time(7, 0))
    assert (policy.daily_limit_sms, policy.daily_limit_email, policy.daily_limit_call) == (
        40,
        80,
        5,
    )
    assert (
        policy.user_daily_limit_sms, policy.user_daily_limit_email, policy.user_daily_limit_call
    ) == (10, 20, 2)  # fmt: skip
    assert policy.principal_sms_counts_as_principal is True


def test_bad_hours_and_limits_are_refused_in_words_and_nothing_changes(signed_in, team):
    TeamPolicy.objects.create(team=team, daily_limit_sms=7)
    bad = {**LIMITS, "quiet_hours_start": "25:00", "daily_limit_sms": "-1", "daily_limit_call": ""}
    response = signed_in.post(URL, bad)
    page = page_of(response)
    assert response.status_code == 400
    assert "Enter a time of day such as 21:00." in page
    assert page.count("Enter a whole number, 0 or more.") == 2
    policy = TeamPolicy.objects.get(team=team)
    assert (policy.daily_limit_sms, policy.quiet_hours_start) == (7, time(21, 0))
    assert policy.principal_sms_counts_as_principal is False


def test_the_email_sender_is_saved_and_a_bad_address_is_refused(signed_in, team):
    bad = signed_in.post(
        URL, {"action": "sender_save", "email_from_name": "Tom", "email_from_address": "tom@"}
    )
    assert bad.status_code == 400
    assert "Enter an email address, such as team@example.com." in page_of(bad)
    assert not ChannelSettings.objects.filter(team=team).exclude(email_from_name="").exists()

    signed_in.post(
        URL,
        {"action": "sender_save", "email_from_name": "Tom Hagen",
         "email_from_address": "tom@example.com", "email_reply_to": "office@example.com",
         "sms_help_text": "Text Tom at the office."},
    )  # fmt: skip
    saved = ChannelSettings.objects.get(team=team)
    assert (saved.email_from_name, saved.email_from_address) == ("Tom Hagen", "tom@example.com")
    assert (saved.email_reply_to, saved.sms_help_text) == (
        "office@example.com",
        "Text Tom at the office.",
    )


# --- My numbers and addresses ---------------------------------------------------------------


def test_adding_my_phone_texts_a_code_and_only_the_right_code_verifies_it(
    signed_in, team, principal
):
    response = signed_in.post(
        URL, {"action": "identity_add", "kind": "phone", "value": "415 555 0111"}, follow=True
    )
    assert "Sent a code to +1 415-555-0111." in page_of(response)
    identity = PrincipalIdentity.objects.get(user=principal, team=team)
    assert (identity.value, identity.verified_at) == (MY_PHONE, None)
    code = sent_code(MY_PHONE)
    assert Message.objects.get(purpose="verification").provider == "console"

    wrong = "000000" if code != "000000" else "111111"
    refused = signed_in.post(URL, {"action": "identity_verify", "pk": identity.pk, "code": wrong})
    assert refused.status_code == 400
    assert "That is not the code; 4 tries left." in page_of(refused)
    identity.refresh_from_db()
    assert identity.verified_at is None

    response = signed_in.post(
        URL, {"action": "identity_verify", "pk": identity.pk, "code": code}, follow=True
    )
    assert "Verified +1 415-555-0111." in page_of(response)
    assert '<span class="badge">verified</span>' in page_of(response)
    identity.refresh_from_db()
    assert identity.verified_at is not None


def test_adding_my_email_address_emails_a_code(signed_in, principal, mailoutbox):
    signed_in.post(URL, {"action": "identity_add", "kind": "email", "value": "Vito@Example.com"})
    identity = PrincipalIdentity.objects.get(user=principal)
    assert (identity.kind, identity.value) == ("email", "vito@example.com")
    assert mailoutbox[-1].to == ["vito@example.com"]
    assert re.search(r"\b\d{6}\b", mailoutbox[-1].body)


def test_a_new_code_can_be_asked_for_and_the_old_one_stops_working(signed_in, principal):
    signed_in.post(URL, {"action": "identity_add", "kind": "phone", "value": MY_PHONE})
    identity = PrincipalIdentity.objects.get(user=principal)
    first = sent_code(MY_PHONE)
    response = signed_in.post(URL, {"action": "identity_resend", "pk": identity.pk}, follow=True)
    assert "Sent a new code to +1 415-555-0111." in page_of(response)
    assert Message.objects.filter(purpose="verification").count() == 2
    second = sent_code(MY_PHONE)
    if first != second:
        signed_in.post(URL, {"action": "identity_verify", "pk": identity.pk, "code": first})
        identity.refresh_from_db()
        assert identity.verified_at is None
    signed_in.post(URL, {"action": "identity_verify", "pk": identity.pk, "code": second})
    identity.refresh_from_db()
    assert identity.verified_at is not None


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        ("phone", "12", "12 is not a valid phone number"),
        ("email", "vito@", "vito@ is not an email address."),
        ("", "+14155550111", "Choose a phone number or an email address."),
        ("phone", "", "Enter a phone number or an email address."),
    ],
)
def test_a_bad_number_or_address_is_refused_in_words_and_nothing_is_stored(
    signed_in, kind, value, words
):
    response = signed_in.post(URL, {"action": "identity_add", "kind": kind, "value": value})
    assert response.status_code == 400
    assert words in page_of(response)
    assert not PrincipalIdentity.objects.exists()
    assert not Message.objects.exists()


def test_a_phone_another_member_has_is_refused(signed_in, team, teammate):
    PrincipalIdentity.objects.create(team=team, user=teammate, kind="phone", value=MY_PHONE)
    response = signed_in.post(URL, {"action": "identity_add", "kind": "phone", "value": MY_PHONE})
    assert response.status_code == 400
    assert "belongs to another member of this team" in page_of(response)
    assert PrincipalIdentity.objects.get().user == teammate


def test_i_remove_my_own_number(signed_in, my_phone):
    response = signed_in.post(URL, {"action": "identity_remove", "pk": my_phone.pk}, follow=True)
    assert "Removed +1 415-555-0111." in page_of(response)
    assert not PrincipalIdentity.objects.exists()


@pytest.mark.parametrize("action", ["identity_verify", "identity_resend", "identity_remove"])
def test_another_teams_or_another_members_numbers_get_404(
    signed_in, team, teammate, other_team, outsider, action
):
    theirs = [
        PrincipalIdentity.objects.create(team=other_team, user=outsider, kind="phone",
                                         value="+14155550133"),
        PrincipalIdentity.objects.create(team=team, user=teammate, kind="phone",
                                         value="+14155550144"),
    ]  # fmt: skip
    for identity in theirs:
        response = signed_in.post(URL, {"action": action, "pk": identity.pk, "code": "123456"})
        assert response.status_code == 404
    assert PrincipalIdentity.objects.count() == 2
    assert not PrincipalIdentity.objects.exclude(code_attempts=0).exists()
    assert not Message.objects.exists()


# --- SMS approvals and the test text --------------------------------------------------------


def test_sms_approvals_cannot_be_turned_on_without_a_verified_phone(signed_in, team, principal):
    PrincipalIdentity.objects.create(team=team, user=principal, kind="phone", value=MY_PHONE)
    response = signed_in.post(URL, {"action": "sms_approvals_save", "approve_by_sms": "on"})
    assert response.status_code == 400
    assert "Verify a phone number first." in page_of(response)
    assert "SMS approvals are off" in page_of(response)
    assert settings_of(principal, team).approve_by_sms is False


def test_sms_approvals_turn_on_with_a_verified_phone_and_off_again(
    signed_in, team, principal, my_phone
):
    response = signed_in.post(
        URL, {"action": "sms_approvals_save", "approve_by_sms": "on"}, follow=True
    )
    assert "SMS approvals are on: new actions waiting for you will text you." in page_of(response)
    assert "texts go to +1 415-555-0111" in page_of(response)
    assert settings_of(principal, team).approve_by_sms is True

    signed_in.post(URL, {"action": "sms_approvals_save"})
    assert settings_of(principal, team).approve_by_sms is False


def test_a_test_sms_goes_to_my_verified_phone_and_shows_in_the_outbox(signed_in, my_phone):
    response = signed_in.post(URL, {"action": "test_sms_send"}, follow=True)
    assert "Sent a test text to +1 415-555-0111." in page_of(response)
    message = Message.objects.get(purpose="test")
    assert message.to == [MY_PHONE]
    assert message.body == "Consigliere test: texts from Corleone Family reach you."
    assert message.body in page_of(signed_in.get("/messaging/outbox/"))


def test_a_test_sms_without_a_verified_phone_is_refused_in_words(signed_in, team, principal):
    PrincipalIdentity.objects.create(team=team, user=principal, kind="phone", value=MY_PHONE)
    response = signed_in.post(URL, {"action": "test_sms_send"})
    assert response.status_code == 400
    assert "Verify a phone number first: the test text goes to it." in page_of(response)
    assert not Message.objects.exists()


def test_a_test_sms_reaches_twilio_or_says_why_it_did_not(signed_in, my_phone, real_providers):
    signed_in.post(URL, {"action": "test_sms_send"})
    assert real_providers.messages()[-1]["To"] == MY_PHONE
    assert real_providers.messages()[-1]["Body"].startswith("Consigliere test:")

    real_providers.script("21408")
    response = signed_in.post(URL, {"action": "test_sms_send"}, follow=True)
    failed = Message.objects.filter(purpose="test").latest("created_at")
    assert failed.status == "failed"
    assert "The test text to +1 415-555-0111 failed:" in page_of(response)
    assert "Twilio may not send to +14155550111&#x27;s country" in page_of(response)


# --- Opted-out numbers ----------------------------------------------------------------------


def test_opted_out_numbers_of_the_team_are_listed_with_how_and_when(as_member, team, other_team):
    OptOut.objects.create(team=team, number="+14155550199", source="keyword", keyword="STOP")
    OptOut.objects.create(team=other_team, number="+14155550188", source="manual")
    page = page_of(as_member.get(URL))
    assert "+1 415-555-0199" in page
    assert "Replied with a stop word (STOP)" in page
    assert "+1 415-555-0188" not in page


def test_removing_my_last_verified_phone_turns_sms_approvals_off(team, principal):
    from django.utils import timezone

    from assistant.models import Membership, PrincipalIdentity, UserAgentSettings
    from messaging.identities import identity_remove

    phone = PrincipalIdentity.objects.create(
        team=team, user=principal, kind="phone", value="+14155550111", verified_at=timezone.now()
    )
    membership = Membership.objects.get(team=team, user=principal)
    UserAgentSettings.objects.update_or_create(
        membership=membership, defaults={"approve_by_sms": True}
    )
    identity_remove(identity=phone, user=principal)
    assert not UserAgentSettings.objects.get(membership=membership).approve_by_sms
