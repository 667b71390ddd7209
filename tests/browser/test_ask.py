"""The dashboard's Ask box in the browser: a question back, an answer, a plan, no reloads."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from assistant.models import Action
from contacts.services import contact_create
from tasks.models import Task
from tests.conftest import PASSWORD


def ask(page: Page, text: str) -> None:
    """Type a request into the Ask box and send it, marking the page to detect a reload."""
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_label("What should I do?").fill(text)
    page.get_by_role("button", name="Ask", exact=True).click()


def still_the_same_page(page: Page) -> bool:
    return page.evaluate("() => window.stillTheSamePage") is True


def test_asking_to_text_alex_asks_which_one_and_a_click_on_one_shows_the_plan(
    signed_in: Callable[[str, str], Page], live_server, principal, team, no_quiet_hours
):
    contact_create(team=team, name="Alex Rivera", phones=["+14155550103"])
    chen = contact_create(team=team, name="Alex Chen", phones=["+14155550104"])
    page = signed_in(principal.email, PASSWORD)

    ask(page, "Text Alex that dinner is at 8")

    card = page.get_by_role("region", name=re.compile("Text Alex that dinner is at 8"))
    expect(card.get_by_text("Which Alex do you mean?")).to_be_visible()
    expect(card.get_by_role("button", name="Alex Rivera (+1 415-555-0103)")).to_be_visible()
    expect(page.get_by_label("What should I do?")).to_have_value("")
    card.get_by_role("button", name="Alex Chen (+1 415-555-0104)").click()

    step = card.get_by_role("listitem")
    expect(step).to_contain_text('Text Alex Chen (+1 415-555-0104): "dinner is at 8"')
    expect(step).to_contain_text("Waiting for approval")
    expect(card.get_by_text("Which Alex do you mean?")).to_have_count(0)
    expect(page.get_by_label("What should I do?")).to_have_value("")
    expect(page).to_have_url(f"{live_server.url}/")
    assert still_the_same_page(page), "the page reloaded"
    assert list(Action.objects.values_list("args", flat=True)) == [
        {"to": chen.pk, "body": "dinner is at 8"}
    ]


def test_a_number_typed_for_someone_who_is_not_a_contact_proposes_the_text_to_it(
    signed_in: Callable[[str, str], Page], principal, no_quiet_hours
):
    page = signed_in(principal.email, PASSWORD)

    ask(page, "Text Zed that the car is ready")

    card = page.get_by_role("region", name=re.compile("Text Zed that the car is ready"))
    card.get_by_label("A phone number or email").fill("(415) 555-0199")
    card.get_by_role("button", name="Use this").click()

    expect(card.get_by_role("listitem")).to_contain_text(
        'Text +1 415-555-0199 (not a contact): "the car is ready"'
    )
    assert still_the_same_page(page), "the page reloaded"


def test_a_request_that_makes_no_sense_says_so_and_proposes_nothing(
    signed_in: Callable[[str, str], Page], principal
):
    page = signed_in(principal.email, PASSWORD)

    ask(page, "blah blah")

    card = page.get_by_role("region", name=re.compile("blah blah"))
    expect(card.get_by_text(re.compile(r"^I could not tell what to do\."))).to_be_visible()
    assert still_the_same_page(page), "the page reloaded"
    assert not Action.objects.exists()


def test_an_empty_request_is_refused_with_a_sentence_beside_the_box(
    signed_in: Callable[[str, str], Page], principal
):
    page = signed_in(principal.email, PASSWORD)

    ask(page, "   ")  # the box is required: only spaces get past the browser to the server

    ask_box = page.get_by_role("region", name="Ask Consigliere")
    expect(ask_box.get_by_text("Say what you would like done.")).to_be_visible()
    expect(ask_box.get_by_role("button", name="Ask", exact=True)).to_be_visible()
    assert still_the_same_page(page), "the page reloaded"
    assert not Task.objects.exists()
