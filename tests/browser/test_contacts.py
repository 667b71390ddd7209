"""Contacts in the browser: adding one with a mistake and fixing it, searching, deleting."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from contacts.services import contact_create
from tests.conftest import PASSWORD


def test_a_person_adds_a_contact_sees_the_bad_phone_marked_fixes_it_and_finds_it_listed(
    signed_in: Callable[[str, str], Page], live_server, principal
):
    page = signed_in(principal.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    expect(page.get_by_role("heading", name="No contacts yet")).to_be_visible()
    page.get_by_role("link", name="Add a contact").first.click()

    page.get_by_label("Name", exact=True).fill("Luca Brasi")
    page.get_by_label("Phones").fill("12")
    page.get_by_label("Email addresses").fill("luca@example.com")
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_role("alert")).to_have_text(re.compile("Nothing was saved"))
    phones = page.get_by_label("Phones")
    expect(phones).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("12 is not a valid phone number")).to_be_visible()
    expect(page.get_by_label("Email addresses")).to_have_value("luca@example.com")

    phones.fill("+1 415 555 0102")
    page.get_by_role("button", name="Save contact").click()

    expect(page).to_have_url(f"{live_server.url}/contacts/")
    expect(page.get_by_role("status")).to_contain_text("Saved Luca Brasi.")
    row = page.get_by_role("row", name=re.compile("Luca Brasi"))
    expect(row).to_contain_text("+1 415-555-0102")
    expect(row).to_contain_text("luca@example.com")


def test_typing_in_the_search_box_narrows_the_list_without_reloading_the_page(
    signed_in: Callable[[str, str], Page], live_server, principal, team
):
    contact_create(team=team, name="Alice Smith", phones=["+14155550101"])
    contact_create(team=team, name="Bob Jones", emails=["bob@example.com"])
    page = signed_in(principal.email, PASSWORD)
    page.goto(f"{live_server.url}/contacts/")
    expect(page.get_by_role("row", name=re.compile("Bob Jones"))).to_be_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")

    with page.expect_request(re.compile(r"/contacts/\?q=ali")) as search:
        page.get_by_role("searchbox", name="Search contacts").fill("ali")

    assert search.value.headers.get("hx-request") == "true", "the search should go through HTMX"
    expect(page.get_by_role("row", name=re.compile("Bob Jones"))).to_have_count(0)
    expect(page.get_by_role("row", name=re.compile("Alice Smith"))).to_be_visible()
    expect(page.get_by_text("1 contact matching “ali”.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/contacts/?q=ali")
    assert page.evaluate("() => window.stillTheSamePage") is True, "the page reloaded"


def test_deleting_from_the_list_asks_first_and_removes_only_that_row(
    signed_in: Callable[[str, str], Page], live_server, principal, team
):
    contact_create(team=team, name="Alice Smith")
    contact_create(team=team, name="Bob Jones")
    page = signed_in(principal.email, PASSWORD)
    page.goto(f"{live_server.url}/contacts/")
    questions = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("link", name="Delete Bob Jones").click()

    expect(page.get_by_role("row", name=re.compile("Bob Jones"))).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Deleted Bob Jones.")
    expect(page.get_by_role("row", name=re.compile("Alice Smith"))).to_be_visible()
    assert questions == ["Delete Bob Jones? This cannot be undone."]
    expect(page).to_have_url(f"{live_server.url}/contacts/")
