"""The approval queue in the browser: approve, reject, edit, revise, bulk, live, undo, keys."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from assistant.engine.actions import action_propose
from assistant.engine.jobs import execute_action_job
from assistant.models import Action, Approval, UserAgentSettings
from assistant.teams.tokens import api_token_create
from contacts.models import Contact
from contacts.services import contact_create
from messaging.models import Message
from tasks.models import Task
from tasks.services import task_create
from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.conftest import PASSWORD
from tests.helpers import wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # the worker must see committed rows
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TO_ALICE = "Text Alice Smith (+1 415-555-0101): "
LATE = TO_ALICE + '"Running 10 minutes late"'
DINNER = TO_ALICE + '"Dinner is at 8"'
LIVE_UPDATE = re.compile(r"/approvals/\?(.*&)?since=")  # the queue's poll: "anything new?"


@pytest.fixture
def alice(team):
    return contact_create(team=team, name="Alice Smith", phones=["+14155550101"])


@pytest.fixture
def task(team, principal):
    return task_create(team=team, text="Tell Alice I'm late", requested_by=principal)


def sms(task: Task, to: Contact, body: str = "Running 10 minutes late") -> Action:
    return action_propose(task=task, tool="send_sms", args={"to": to.pk, "body": body})


def open_queue(signed_in: Callable[[str, str], Page], email: str) -> Page:
    """Sign in and go to the queue by the navigation, marking the page to detect a reload."""
    page = signed_in(email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Approvals").click()
    expect(page.get_by_role("heading", name="Waiting for your approval")).to_be_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")
    return page


def still_the_same_page(page: Page) -> bool:
    return page.evaluate("() => window.stillTheSamePage") is True


def card(page: Page, summary: str) -> Locator:
    return page.get_by_role("article", name=summary, exact=True)


def api_post(live_server, token: str, path: str, body: dict[str, object]) -> dict[str, object]:
    """Call the JSON API over HTTP, as another program would."""
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def sent_bodies() -> list[str]:
    return sorted(Message.objects.values_list("body", flat=True))


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways: scrollWidth {widths[0]} > {widths[1]}"


@pytest.mark.worker
def test_an_approved_text_goes_out_and_the_outbox_lists_it(
    celery_worker, signed_in, principal, alice, task, no_quiet_hours
):
    action = sms(task, alice)
    page = open_queue(signed_in, principal.email)
    late = card(page, LATE)

    late.get_by_role("button", name="Approve").click()
    expect(late.get_by_role("status")).to_have_text(
        re.compile(r"^\s*(Approved: sending…|Sending…|Sent\.)\s*$")
    )
    expect(late.get_by_role("button", name="Approve")).to_have_count(0)

    assert still_the_same_page(page), "the page reloaded"
    wait_for(lambda: Message.objects.filter(action=action).exists(), what="the text to be sent")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    row = page.get_by_role("row", name=re.compile("Running 10 minutes late"))
    expect(row).to_contain_text("Text message to Alice Smith (+1 415-555-0101)")
    expect(row).to_contain_text("Sent")
    assert sent_bodies() == ["Running 10 minutes late"]


@pytest.mark.worker
def test_the_card_of_an_approved_text_says_sent_once_it_has_gone(
    celery_worker, signed_in, principal, alice, task, no_quiet_hours
):
    action = sms(task, alice)
    page = open_queue(signed_in, principal.email)
    late = card(page, LATE)

    late.get_by_role("button", name="Approve").click()
    wait_for(lambda: Message.objects.filter(action=action).exists(), what="the text to be sent")

    expect(late.get_by_role("status")).to_have_text(re.compile(r"^\s*Sent\.\s*$"))
    assert still_the_same_page(page), "the page reloaded"


def test_a_rejection_shows_on_the_card_and_keeps_the_typed_or_chosen_reason(
    signed_in, principal, alice, task, no_quiet_hours
):
    dinner = sms(task, alice, "Dinner is at 8")
    late = sms(task, alice)
    page = open_queue(signed_in, principal.email)

    first = card(page, LATE)
    first.get_by_label("Why reject (optional)").fill("I will be on time after all")
    first.get_by_role("button", name="Reject", exact=True).click()
    expect(first.get_by_role("status")).to_have_text(
        re.compile(r"^\s*Rejected: nothing was sent\.\s*$")
    )
    second = card(page, DINNER)
    second.get_by_role("button", name="Wrong recipient").click()
    expect(second.get_by_role("status")).to_have_text(
        re.compile(r"^\s*Rejected: nothing was sent\.\s*$")
    )

    assert still_the_same_page(page), "the page reloaded"
    reasons = dict(Approval.objects.values_list("action_id", "reason"))
    assert reasons == {late.pk: "I will be on time after all", dinner.pk: "Wrong recipient"}
    assert set(Approval.objects.values_list("verdict", flat=True)) == {"rejected"}
    assert not Message.objects.exists()


@pytest.mark.worker
def test_an_edit_with_a_bad_number_is_marked_beside_the_field_and_the_fixed_words_are_sent(
    celery_worker, signed_in, live_server, principal, alice, task, no_quiet_hours
):
    action = sms(task, alice)
    page = open_queue(signed_in, principal.email)
    card(page, LATE).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit before approving")).to_be_visible()

    page.get_by_label("To").fill("+1 555 0000")
    page.get_by_label("Body").fill("Running 20 minutes late, sorry")
    page.get_by_role("button", name="Save changes").click()

    to = page.get_by_label("To")
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(to).to_have_accessible_description(re.compile("is not a valid phone number"))
    expect(
        page.get_by_text(re.compile(r"\+1 555 0000 is not a valid phone number"))
    ).to_be_visible()
    expect(page.get_by_label("Body")).to_have_value("Running 20 minutes late, sorry")
    action.refresh_from_db()
    assert action.args == {"to": alice.pk, "body": "Running 10 minutes late"}

    to.fill("+1 415 555 0101")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(f"{live_server.url}/approvals/")
    edited = card(page, TO_ALICE + '"Running 20 minutes late, sorry"')
    expect(edited.get_by_text("Changed before approval")).to_be_visible()
    expect(
        edited.get_by_role("deletion").filter(has_text="Running 10 minutes late")
    ).to_be_visible()
    expect(
        edited.get_by_role("insertion").filter(has_text="Running 20 minutes late, sorry")
    ).to_be_visible()
    expect(card(page, LATE)).to_have_count(0)
    edited.get_by_role("button", name="Approve").click()

    wait_for(lambda: Message.objects.filter(action=action).exists(), what="the text to be sent")
    assert sent_bodies() == ["Running 20 minutes late, sorry"]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    expect(
        page.get_by_role("row", name=re.compile("Running 20 minutes late, sorry"))
    ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Running 10 minutes late"))).to_have_count(0)


def test_asking_for_changes_in_words_brings_the_card_back_with_the_new_words(
    signed_in, principal, alice, task, no_quiet_hours
):
    action = sms(task, alice)
    page = open_queue(signed_in, principal.email)

    late = card(page, LATE)
    late.get_by_label("Ask for changes").fill("say I'm 20 minutes late")
    late.get_by_role("button", name="Revise").click()

    revised = card(page, TO_ALICE + '"I\'m 20 minutes late"')
    expect(revised.get_by_role("insertion").filter(has_text="I'm 20 minutes late")).to_be_visible()
    expect(revised.get_by_role("button", name="Approve")).to_be_visible()
    expect(card(page, LATE)).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Revised:")).to_be_visible()
    action.refresh_from_db()
    assert (action.status, action.args["body"]) == ("pending_approval", "I'm 20 minutes late")
    assert not Message.objects.exists()


@pytest.mark.worker
def test_three_ticked_actions_are_approved_together_and_the_unticked_one_still_waits(
    celery_worker, signed_in, principal, alice, task, no_quiet_hours
):
    bodies = ["Running 10 minutes late", "Dinner is at 8", "Bring the cannoli"]
    chosen = [sms(task, alice, body) for body in bodies]
    left = sms(task, alice, "Leave the gun")
    page = open_queue(signed_in, principal.email)

    for body in bodies:
        page.get_by_role("checkbox", name=f'Select: {TO_ALICE}"{body}"').check()
    page.get_by_role("button", name="Approve selected").click()

    expect(page.get_by_role("status").filter(has_text="Approved 3 actions.")).to_be_visible()
    waiting = card(page, TO_ALICE + '"Leave the gun"')
    expect(waiting.get_by_role("button", name="Approve")).to_be_visible()
    for body in bodies:
        expect(page.get_by_role("checkbox", name=f'Select: {TO_ALICE}"{body}"')).to_have_count(0)
    approved = Approval.objects.filter(verdict="approved").values_list("action_id", flat=True)
    assert sorted(approved) == sorted(a.pk for a in chosen)
    wait_for(lambda: Message.objects.count() == 3, what="three texts to be sent")
    assert sent_bodies() == sorted(bodies)
    left.refresh_from_db()
    assert left.status == "pending_approval"


def test_an_action_proposed_through_the_api_appears_in_the_open_queue_without_a_reload(
    signed_in, live_server, principal, team, alice, no_quiet_hours
):
    token = api_token_create(team=team, user=principal, name="another agent")[1]
    page = open_queue(signed_in, principal.email)
    expect(page.get_by_text(re.compile(r"^Nothing is waiting\."))).to_be_visible()

    proposed = api_post(
        live_server, token, "actions",
        {"tool": "send_sms", "args": {"to": alice.pk, "body": "Running 10 minutes late"}},
    )  # fmt: skip

    assert proposed["status"] == "pending_approval"
    expect(card(page, LATE).get_by_role("button", name="Approve")).to_be_visible()
    expect(page.get_by_text("1 new action waiting for approval.")).to_be_attached()
    expect(page.get_by_text(re.compile(r"^Nothing is waiting\."))).to_have_count(0)
    assert still_the_same_page(page), "the page reloaded"


@pytest.mark.worker
def test_an_action_approved_in_another_tab_leaves_the_first_tab_without_a_reload(
    celery_worker, signed_in, live_server, principal, alice, task, no_quiet_hours
):
    dinner = sms(task, alice, "Dinner is at 8")
    late = sms(task, alice)
    page = open_queue(signed_in, principal.email)
    expect(card(page, LATE).get_by_role("button", name="Approve")).to_be_visible()

    other_tab = page.context.new_page()
    other_tab.goto(f"{live_server.url}/approvals/")
    card(other_tab, LATE).get_by_role("button", name="Approve").click()
    wait_for(lambda: Message.objects.filter(action=late).exists(), what="the text to be sent")

    expect(card(page, LATE)).to_have_count(0)
    expect(page.get_by_text("1 action waiting.", exact=True)).to_be_attached()
    expect(card(page, DINNER).get_by_role("button", name="Approve")).to_be_visible()
    assert still_the_same_page(page), "the page reloaded"
    dinner.refresh_from_db()
    assert dinner.status == "pending_approval"


@pytest.mark.worker
def test_undo_within_the_window_sends_nothing_even_when_the_text_comes_due(
    celery_worker, signed_in, principal, alice, task, no_quiet_hours
):
    UserAgentSettings.objects.filter(membership__user=principal).update(undo_seconds=30)
    action = sms(task, alice)
    page = open_queue(signed_in, principal.email)
    late = card(page, LATE)

    late.get_by_role("button", name="Approve").click()
    expect(late.get_by_role("status")).to_contain_text(re.compile(r"Sending in (30|29|28) s"))
    late.get_by_role("button", name="Undo").click()
    expect(late.get_by_role("status")).to_have_text(
        re.compile(r"^\s*Undone: nothing was sent\.\s*$")
    )

    assert still_the_same_page(page), "the page reloaded"
    # The window is 30 s: fast-forward it and let the worker run the job that comes due.
    Action.objects.filter(pk=action.pk).update(run_after=timezone.now())
    assert (
        execute_action_job.apply_async((action.pk,), ignore_result=False).get(timeout=30)
        == "skipped"
    )
    action.refresh_from_db()
    assert action.status == "cancelled"
    assert not Message.objects.exists()


@pytest.mark.worker
def test_a_person_approves_with_the_keyboard_alone_and_can_call_up_the_keys(
    celery_worker, signed_in, principal, alice, task, no_quiet_hours
):
    dinner = sms(task, alice, "Dinner is at 8")
    late = sms(task, alice)  # the newest: the first card
    page = open_queue(signed_in, principal.email)

    page.keyboard.press("?")
    keys = page.get_by_role("dialog", name="Keyboard")
    expect(keys).to_be_visible()
    expect(keys).to_contain_text("approve the current action")
    page.keyboard.press("Escape")
    expect(keys).to_be_hidden()

    page.keyboard.press("j")
    expect(card(page, LATE)).to_be_focused()
    page.keyboard.press("a")

    expect(card(page, DINNER)).to_be_focused()
    expect(card(page, LATE).get_by_role("button", name="Approve")).to_have_count(0)
    wait_for(lambda: Message.objects.filter(action=late).exists(), what="the text to be sent")
    expect(card(page, DINNER)).to_be_focused()
    assert still_the_same_page(page), "the page reloaded"
    assert Approval.objects.get().action_id == late.pk
    dinner.refresh_from_db()
    assert dinner.status == "pending_approval"


def test_at_360_px_a_long_message_in_the_queue_does_not_scroll_sideways(
    new_page, live_server, principal, alice, task, no_quiet_hours
):
    sms(
        task, alice,
        "Running late: the bridge is closed, so I am taking the long way round past the "
        "harbour. Here is the detour: https://maps.example.com/directions/from/little-italy/"
        "to/long-beach/via/the-old-harbour-road?avoid=bridges&mode=driving Save me a seat.",
    )  # fmt: skip
    sms(task, alice)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, principal.email, PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/approvals/")
    expect(page.get_by_role("article")).to_have_count(2)

    no_horizontal_scroll(page)
    page.screenshot(path=SCREENSHOTS / "queue-360.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    no_horizontal_scroll(page)
    page.screenshot(path=SCREENSHOTS / "queue-desktop.png", full_page=True)
