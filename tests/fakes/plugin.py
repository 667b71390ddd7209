"""Fixtures for the local Twilio and SMTP fakes (import them into a conftest.py).

Each xdist worker process starts one server of each kind the first time a test asks for it
and stops it at the end of the session; ``fake_twilio`` and ``fake_smtp`` hand a test that
server with its records and script cleared.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.smtp_server import FakeSmtp, running_fake_smtp
from tests.fakes.twilio_server import FakeTwilio, running_fake_twilio


@pytest.fixture(scope="session")
def twilio_fake_server() -> Iterator[FakeTwilio]:
    """The fake Twilio of this test process, shared by its tests (prefer ``fake_twilio``)."""
    with running_fake_twilio() as fake:
        yield fake


@pytest.fixture(scope="session")
def smtp_fake_server() -> Iterator[FakeSmtp]:
    """The fake SMTP server of this test process, shared by its tests (prefer ``fake_smtp``)."""
    with running_fake_smtp() as fake:
        yield fake


@pytest.fixture
def fake_twilio(twilio_fake_server: FakeTwilio) -> Iterator[FakeTwilio]:
    """The fake Twilio, with nothing received and nothing scripted."""
    twilio_fake_server.reset()
    yield twilio_fake_server
    twilio_fake_server.release()  # a test that scripted "hang" leaves no thread waiting


@pytest.fixture
def fake_smtp(smtp_fake_server: FakeSmtp) -> Iterator[FakeSmtp]:
    """The fake SMTP server, with nothing received and nothing scripted."""
    smtp_fake_server.reset()
    yield smtp_fake_server
