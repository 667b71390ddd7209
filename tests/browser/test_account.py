"""Account pages (allauth's) inside the site's layout, reachable from the header."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_a_signed_in_person_reaches_two_factor_set_up_from_the_account_menu(
    signed_in: Callable[[str, str], Page], live_server, principal
):
    page = signed_in(principal.email, PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=principal.display_name
    ).click()

    expect(page).to_have_url(f"{live_server.url}/accounts/email/")
    expect(page.get_by_role("heading", name="Email Addresses", level=1)).to_be_visible()
    account_menu = page.get_by_role("navigation", name="Account")
    expect(account_menu.get_by_role("link", name="Email")).to_have_attribute("aria-current", "page")

    account_menu.get_by_role("link", name="Two-factor authentication").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
    expect(page.get_by_role("heading", name="Two-Factor Authentication", level=1)).to_be_visible()
    expect(account_menu.get_by_role("link", name="Two-factor authentication")).to_have_attribute(
        "aria-current", "page"
    )


def test_the_sign_in_form_sits_in_a_narrow_card_not_across_the_whole_page(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")

    form_box = page.locator("form").filter(has=page.get_by_label("Email")).bounding_box()
    main_box = page.get_by_role("main").bounding_box()

    assert form_box is not None and main_box is not None
    assert form_box["width"] < main_box["width"] / 2, (form_box, main_box)
    expect(page.get_by_role("navigation", name="Account")).to_have_count(0)
