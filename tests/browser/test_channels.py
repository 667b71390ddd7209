"""The Channels settings page in the browser: a member proves their phone on a phone-sized
screen and turns on SMS approvals; an admin manages the team's numbers."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from assistant.models import Membership, UserAgentSettings
from messaging.models import Message, TeamNumber
from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

PHONE_NUMBER = "+1 415-555-0122"


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"scrolls sideways: scrollWidth {widths[0]} > {widths[1]}"


def test_on_a_phone_a_member_verifies_their_number_turns_on_sms_approvals_and_gets_a_test_text(
    new_page: Callable[..., Page], live_server, team, teammate
):
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, teammate.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/settings/agent/")
    page.get_by_role("link", name=re.compile("Channels: numbers, quiet hours")).click()
    expect(page.get_by_role("heading", name="Channels", level=1)).to_be_visible()
    assert_no_sideways_scroll(page)

    expect(page.get_by_label("Phone number", exact=True)).to_be_checked()
    page.get_by_label("Number or address").fill("415 555 0122")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sent a code to {PHONE_NUMBER}.")

    page.goto(f"{live_server.url}/messaging/outbox/")
    text = page.get_by_text(re.compile("Your Consigliere code for Corleone Family")).inner_text()
    code = re.search(r"\b(\d{6})\b", text).group(1)
    page.go_back()

    field = page.get_by_label(f"Code sent to {PHONE_NUMBER}")
    field.fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert").filter(has_text="That is not the code")).to_contain_text(
        "4 tries left"
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_no_sideways_scroll(page)

    field.fill(code)
    field.press("Enter")  # the row's first button, Verify, is the form's default
    expect(page.get_by_role("status")).to_contain_text(f"Verified {PHONE_NUMBER}.")
    identities = page.locator("#identities")
    expect(identities.get_by_text("verified", exact=True)).to_be_visible()

    page.get_by_role("button", name="Turn SMS approvals on").click()
    expect(page.get_by_role("status")).to_contain_text("SMS approvals are on")
    expect(page.get_by_text(f"texts go to {PHONE_NUMBER}")).to_be_visible()
    membership = Membership.objects.get(team=team, user=teammate)
    assert UserAgentSettings.objects.get(membership=membership).approve_by_sms is True

    page.get_by_role("button", name="Send me a test SMS").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sent a test text to {PHONE_NUMBER}.")
    assert Message.objects.get(purpose="test").to == ["+14155550122"]
    assert_no_sideways_scroll(page)


def test_an_admin_adds_a_team_number_after_fixing_a_mistake_and_removes_it(
    signed_in: Callable[[str, str], Page], live_server, team_admin
):
    page = signed_in(team_admin.email, PASSWORD)
    page.goto(f"{live_server.url}/settings/channels/")
    number = page.get_by_role("textbox", name="Team number")

    number.fill("12")
    page.get_by_label("Label (optional)").fill("Main line")
    page.get_by_role("button", name="Add the number").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("The number was not added"))
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("12 is not a valid phone number")).to_be_visible()
    expect(page.get_by_label("Label (optional)")).to_have_value("Main line")

    number.fill("+1 415 555 0100")
    page.get_by_role("button", name="Add the number").click()
    expect(page.get_by_role("status")).to_contain_text("Added +1 415-555-0100")
    expect(page.locator("#numbers").get_by_text("Main line")).to_be_visible()
    assert TeamNumber.objects.get().number == "+14155550100"

    page.get_by_role("button", name="Remove +1 415-555-0100").click()
    expect(page.get_by_role("status")).to_contain_text("Removed +1 415-555-0100")
    expect(page.locator("#numbers").get_by_text("No team numbers yet.")).to_be_visible()
    assert not TeamNumber.objects.exists()
