"""Messages added during an HTMX request reach the person as toasts, never lost."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.integration.assistant.htmx_urls")]


def test_an_htmx_fragment_carries_its_message_as_an_out_of_band_toast(client: Client):
    body = client.get("/fragment/", headers={"HX-Request": "true"}).content.decode()
    assert body.startswith("<p id='fragment'>updated</p>")
    assert 'id="toasts"' in body and 'hx-swap-oob="beforeend"' in body
    assert "Saved the note." in body


def test_a_message_on_an_htmx_refresh_waits_for_the_refreshed_page(client: Client):
    response = client.get("/refresh/", headers={"HX-Request": "true"})
    assert "Switched." not in response.content.decode()
    stored = [str(m) for m in response.wsgi_request._messages]
    assert stored == ["Switched."]


def test_a_plain_request_leaves_messages_for_the_full_page_to_render(client: Client):
    body = client.get("/fragment/").content.decode()
    assert "Saved the note." not in body
