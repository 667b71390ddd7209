"""Sign-in: email only, closed sign-up, invitations, rate limits, sessions, the admin's login."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from assistant.models import Membership, Team, User
from assistant.teams.services import user_invite
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_person_signs_in_with_email_and_password_and_the_session_id_changes(client, principal):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key

    response = _sign_in(client, principal.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session.session_key != before


def test_sign_up_is_closed_by_default(client):
    response = client.get("/accounts/signup/")
    assert "Sign Up Closed" in response.content.decode()
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": "x" * 12})
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_sixth_quick_failed_sign_in_for_an_address_is_refused_even_with_the_right_password(
    client, principal
):
    for _ in range(5):
        response = _sign_in(client, principal.email, "wrong password")
        assert "The email address and/or password you specified are not correct." in (
            response.content.decode()
        )

    response = _sign_in(client, principal.email, PASSWORD)

    assert response.status_code != 302
    assert "Too many failed login attempts" in response.content.decode()


def test_the_admin_signs_in_through_the_rate_limited_sign_in_page(client, principal):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_signed_in_person_who_is_not_staff_is_refused_by_the_admin(client, teammate):
    client.force_login(teammate)
    assert client.get("/admin/login/").status_code == 403


def test_a_disabled_accounts_session_ends_at_its_next_request(client, teammate):
    client.force_login(teammate)
    assert client.get("/").status_code == 200
    teammate.is_active = False
    teammate.save()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_invitation_lets_a_new_person_choose_a_password_and_join_the_team(
    team, principal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(team=team, email="Luca@Example.com", role="member", invited_by=principal)

    (message,) = mail.outbox
    assert message.to == ["luca@example.com"]
    assert message.subject == "You're invited to Corleone Family on Consigliere"
    assert "Vito Corleone added you to Corleone Family" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body).group(1)

    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a fresh long passphrase", "password2": "a fresh long passphrase"},
    )
    assert set_password.status_code == 302

    assert _sign_in(Client(), "luca@example.com", "a fresh long passphrase").status_code == 302
    membership = Membership.objects.get(user__email="luca@example.com")
    assert (membership.team, membership.role) == (team, "member")


def test_an_invitation_is_not_sent_when_its_transaction_rolls_back(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_invite(team=team, email="fredo@example.com", role="member", invited_by=None)
    assert len(callbacks) == 1  # queued for commit, not sent
    assert mail.outbox == []


def test_inviting_an_existing_member_changes_their_role_without_a_second_account(team, teammate):
    user_invite(team=team, email=teammate.email.upper(), role="admin", invited_by=None)
    assert User.objects.filter(email__iexact=teammate.email).count() == 1
    assert Membership.objects.get(team=team, user=teammate).role == "admin"


def test_seed_demo_can_run_twice_and_its_printed_login_works(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out.strip().splitlines()[-3:]

    assert Team.objects.filter(slug="corleone-family").count() == 1
    assert Membership.objects.filter(team__slug="corleone-family").count() == 2
    email, password = re.search(r"principal: (\S+)\s+password: (\S+)", "\n".join(out)).groups()
    client = Client()
    assert _sign_in(client, email, password).status_code == 302
    assert "Corleone Family" in client.get("/").content.decode()


def test_the_sign_in_page_explains_how_accounts_are_made_while_sign_up_is_closed(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Your team's admin creates your account" in page
    assert 'href="/accounts/signup/"' not in page


def test_the_sign_in_page_links_to_sign_up_when_an_admin_opens_it(client, settings):
    settings.ACCOUNT_ALLOW_SIGNUP = True
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/signup/"' in page


def _current_totp_code(secret: str) -> str:
    """What an authenticator app shows right now for ``secret`` (RFC 6238, as allauth checks)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_a_person_turns_on_totp_and_then_signing_in_needs_the_code(client, teammate):
    _sign_in(client, teammate.email, PASSWORD)
    # Turning on two-factor asks for the password again, as allauth does for sensitive steps.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauth")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": _current_totp_code(secret)})
    assert activated.status_code == 302

    fresh = Client()
    response = _sign_in(fresh, teammate.email, PASSWORD)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert fresh.get("/").status_code == 302  # not signed in until the code is given

    response = fresh.post("/accounts/2fa/authenticate/", {"code": _current_totp_code(secret)})
    assert response.status_code == 302
    assert "Corleone Family" in fresh.get("/").content.decode()
