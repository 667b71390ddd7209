"""Signing in and out through allauth's form, as a person at a browser does it."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

DEMO_PASSWORD = "demo principal's known password"
WRONG_PASSWORD = "not the right one at all"
WRONG_CREDENTIALS = "The email address and/or password you specified are not correct."
TOO_MANY_ATTEMPTS = "Too many failed login attempts. Try again later."


def _expect_sign_in_page(page: Page, live_server) -> None:
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/accounts/login/")))
    expect(page.get_by_role("heading", name="Sign In", level=1)).to_be_visible()


def _expect_refused(page: Page, live_server, message: str) -> None:
    """The sign-in page came back with ``message``; the password box is empty again."""
    _expect_sign_in_page(page, live_server)
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_label("Password")).to_be_empty()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_the_demo_principal_signs_in_sees_the_team_and_signs_out_again(page: Page, live_server):
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=StringIO())

    sign_in(page, live_server, "vito@example.com", DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page).to_have_title("Dashboard · Consigliere")
    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Successfully signed in as Vito Corleone")
    people = page.get_by_role("region", name="People")
    expect(people.get_by_role("listitem")).to_have_text(
        [re.compile("Tom Hagen"), re.compile("Vito Corleone")]
    )

    page.get_by_role("button", name="Sign out").click()

    _expect_sign_in_page(page, live_server)
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    _expect_sign_in_page(page, live_server)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")


def test_a_wrong_password_shows_an_error_and_does_not_sign_in(page: Page, live_server, principal):
    sign_in(page, live_server, principal.email, WRONG_PASSWORD)

    _expect_refused(page, live_server, WRONG_CREDENTIALS)
    expect(page.get_by_label("Email")).to_have_value(principal.email)
    page.goto(f"{live_server.url}/")
    _expect_sign_in_page(page, live_server)


def test_the_sixth_quick_failed_attempt_is_refused_even_with_the_right_password_after(
    page: Page, live_server, principal
):
    for _ in range(5):
        sign_in(page, live_server, principal.email, WRONG_PASSWORD)
        _expect_refused(page, live_server, WRONG_CREDENTIALS)

    sign_in(page, live_server, principal.email, WRONG_PASSWORD)
    _expect_refused(page, live_server, TOO_MANY_ATTEMPTS)

    sign_in(page, live_server, principal.email, PASSWORD)
    _expect_refused(page, live_server, TOO_MANY_ATTEMPTS)
    expect(page.get_by_text(WRONG_CREDENTIALS)).to_have_count(0)
    page.goto(f"{live_server.url}/")
    _expect_sign_in_page(page, live_server)


def test_the_rate_limit_is_per_email_so_a_teammate_still_signs_in(
    page: Page, live_server, principal, teammate
):
    for _ in range(6):
        sign_in(page, live_server, principal.email, WRONG_PASSWORD)
        expect(page.get_by_label("Password")).to_be_empty()
    expect(page.get_by_text(TOO_MANY_ATTEMPTS)).to_be_visible()

    sign_in(page, live_server, teammate.email, PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()
