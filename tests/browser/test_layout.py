"""How the pages look and work for people: system colour scheme, small screens, keyboards."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)")


def _relative_luminance(css_colour: str) -> float:
    """WCAG relative luminance (0 black to 1 white) of a computed ``rgb(...)`` colour."""
    match = _RGB.match(css_colour)
    assert match, f"not an rgb() colour: {css_colour!r}"

    def linear(channel: str) -> float:
        value = float(channel) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in match.groups())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _open(page: Page, live_server, email: str, path: str) -> None:
    """Open ``path``: the sign-in page as anyone, the dashboard signed in as ``email``."""
    if path == "/":
        sign_in(page, live_server, email, PASSWORD)
    else:
        page.goto(f"{live_server.url}{path}")
    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.get_by_role("main")).to_be_visible()


def _body_colours(page: Page) -> tuple[float, float]:
    background, text = page.locator("body").evaluate(
        "body => [getComputedStyle(body).backgroundColor, getComputedStyle(body).color]"
    )
    return _relative_luminance(background), _relative_luminance(text)


def _contrast(first: float, second: float) -> float:
    lighter, darker = max(first, second), min(first, second)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_the_page_is_dark_when_the_system_asks_for_dark(
    new_page: Callable[..., Page], live_server, principal, path: str
):
    page = new_page(color_scheme="dark")
    _open(page, live_server, principal.email, path)

    background, text = _body_colours(page)

    assert background < 0.05, "the background should be dark"
    assert text > background
    assert _contrast(background, text) >= 7


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_the_page_is_light_when_the_system_asks_for_light(
    new_page: Callable[..., Page], live_server, principal, path: str
):
    page = new_page(color_scheme="light")
    _open(page, live_server, principal.email, path)

    background, text = _body_colours(page)

    assert background > 0.8, "the background should be light"
    assert text < background
    assert _contrast(background, text) >= 7


def test_at_360_px_the_dashboard_does_not_scroll_sideways_and_the_navigation_works(
    new_page: Callable[..., Page], live_server, principal
):
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, principal.email, PASSWORD)
    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()

    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"scrolls sideways: scrollWidth {widths[0]} > {widths[1]}"
    navigation = page.get_by_role("navigation", name="Main")
    controls = [
        navigation.get_by_role("link", name="Dashboard"),
        navigation.get_by_role("link", name="Team", exact=True),
        navigation.get_by_role("link", name=principal.display_name),
        navigation.get_by_role("button", name="Sign out"),
    ]
    for control in controls:
        expect(control).to_be_in_viewport()
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], control

    navigation.get_by_role("link", name="Team", exact=True).click()

    expect(page).to_have_url(re.compile(r"/teams/\d+/$"))
    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()
    expect(navigation.get_by_role("link", name="Team", exact=True)).to_have_attribute(
        "aria-current", "page"
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_the_first_tab_reaches_skip_to_content_which_moves_focus_to_the_main_content(
    page: Page, live_server, principal, path: str
):
    _open(page, live_server, principal.email, path)
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
    expect(skip_link).not_to_be_in_viewport()
