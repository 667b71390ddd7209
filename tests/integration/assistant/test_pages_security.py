"""Every page carries a CSP with a per-request nonce; state changes need CSRF, HTMX too."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def _parameterless_get_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every URL of the project that takes no arguments (a new page is checked automatically)."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or "(" in route:
            continue
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            paths += _parameterless_get_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


def _assert_nonce_matches_scripts(response) -> None:
    header = response["Content-Security-Policy"]
    match = NONCE.search(header)
    assert match, f"{response.request['PATH_INFO']} has no nonce in its CSP: {header}"
    nonce = f'nonce="{match.group(1)}"'
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert any(nonce in tag for tag in scripts) or f'content="{match.group(1)}"' in page
    for tag in scripts:
        inline = "src=" not in tag and 'type="application/json"' not in tag
        if inline:  # same-origin files are allowed by 'self'; inline code needs the nonce
            assert nonce in tag, tag


def test_every_html_page_carries_a_csp_whose_nonce_its_scripts_use(client: Client, principal):
    principal.is_staff = principal.is_superuser = True
    principal.save()
    client.force_login(principal)
    pages = 0
    for path in _parameterless_get_paths():
        if "logout" in path:
            continue
        response = client.get(path)
        assert "Content-Security-Policy" in response, path
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            _assert_nonce_matches_scripts(response)
            pages += 1
    assert pages >= 10, "the walk over the URL patterns found the site's pages"


def test_each_request_gets_a_fresh_nonce(client: Client):
    first = NONCE.search(client.get("/accounts/login/")["Content-Security-Policy"]).group(1)
    second = NONCE.search(client.get("/accounts/login/")["Content-Security-Policy"]).group(1)
    assert first != second


def test_the_not_found_page_also_carries_a_csp_nonce(client: Client, principal):
    client.force_login(principal)
    response = client.get("/teams/999999/")
    assert response.status_code == 404
    _assert_nonce_matches_scripts(response)


def test_an_htmx_post_without_the_csrf_header_is_refused_and_changes_nothing(principal, other_team):
    from assistant.teams.services import membership_set

    membership_set(team=other_team, user=principal, role="member")
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal)
    response = client.post(
        "/teams/switch/", {"team": other_team.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert "current_team_id" not in client.session


def test_an_htmx_post_with_the_csrf_header_from_the_page_is_accepted(principal, other_team):
    from assistant.teams.services import membership_set

    membership_set(team=other_team, user=principal, role="member")
    client = Client(enforce_csrf_checks=True)
    client.force_login(principal)
    page = client.get("/").content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)

    response = client.post(
        "/teams/switch/",
        {"team": other_team.pk},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert client.session["current_team_id"] == other_team.pk
