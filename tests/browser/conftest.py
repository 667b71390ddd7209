"""The browser tier: a real Chromium drives the live app the way a person would.

Every test gets a fresh browser context (no cookies, storage or cache carried over) on
pytest-django's ``live_server``, which uses the transactional database. Waits are Playwright's
auto-waiting ``expect`` assertions with a short default timeout; nothing sleeps.

Chromium is Debian's, at ``/usr/bin/chromium``; when it is missing every browser test is
skipped with one reason, instead of failing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread, which would make Django refuse
# ORM calls from fixtures and tests ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = f"Chromium not installed at {CHROMIUM}: browser tests skipped"
TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
_HERE = Path(__file__).parent


def _in_this_tier(item: pytest.Item) -> bool:
    return _HERE in Path(str(item.path)).parents


def pytest_report_header(config: pytest.Config) -> str | None:
    return None if CHROMIUM.exists() else SKIP_REASON


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if _in_this_tier(item):
            item.add_marker(skip)


@dataclass
class ConsoleLog:
    """What the browser reported while a test ran: console messages and uncaught errors."""

    messages: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Messages a person's browser should never show: CSP violations and script errors."""
        blocked = [m for m in self.messages if "Content Security Policy" in m]
        return blocked + self.page_errors


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """allauth keeps its rate-limit counters in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context; keyword arguments go to ``browser.new_context``.

    Tests that need a particular viewport or colour scheme call this; others use ``page``.
    Each page's console is recorded, and a CSP violation or an uncaught script error fails
    the test when it ends.
    """
    contexts = []
    logs: list[ConsoleLog] = []

    def open_page(**context_options: Any) -> Page:
        context_options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        log = ConsoleLog()
        page.on("console", lambda message: log.messages.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: log.page_errors.append(f"pageerror: {error}"))
        logs.append(log)
        return page

    yield open_page

    for context in contexts:
        context.close()
    problems = [problem for log in logs for problem in log.problems()]
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop-sized page in a fresh context, following the default (light) colour scheme."""
    return new_page()


def sign_in(page: Page, live_server, email: str, password: str) -> None:
    """Fill in and submit the sign-in form as a person would (no waiting for the outcome)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


@pytest.fixture
def signed_in(page: Page, live_server) -> Callable[[str, str], Page]:
    """Sign ``page`` in as the given person and wait for the dashboard; returns the page."""

    def sign_in_and_wait(email: str, password: str) -> Page:
        sign_in(page, live_server, email, password)
        expect(page).to_have_url(f"{live_server.url}/")
        return page

    return sign_in_and_wait
