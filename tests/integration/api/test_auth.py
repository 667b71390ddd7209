"""Who may call the API: a valid bearer token of an active member, and nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assistant.models import ApiToken, Membership
from assistant.teams.tokens import api_token_revoke
from tests.conftest import PASSWORD
from tests.integration.api.conftest import ApiClient


def assert_unauthenticated(response) -> None:
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"
    assert response.json()["details"] == {}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_me_says_who_the_token_acts_as_in_which_team(api, principal, team):
    response = api.get("me")

    assert response.status_code == 200
    assert response.json() == {
        "user": {"id": principal.pk, "email": "vito@example.com", "name": "Vito Corleone"},
        "team": {"id": team.pk, "name": "Corleone Family", "slug": "corleone-family"},
        "time_zone": principal.time_zone,
    }


@pytest.mark.django_db
def test_a_request_without_a_token_is_401(team):
    assert_unauthenticated(ApiClient(None).get("me"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "Bearer csg_not-a-real-token-at-all",
        "Bearer ",
        "Basic dml0b0BleGFtcGxlLmNvbTpwYXNzd29yZA==",
        "csg_missing-the-scheme",
    ],
)
def test_a_wrong_token_is_401(principal_token, header):
    assert_unauthenticated(ApiClient(None).get("me", headers={"Authorization": header}))


@pytest.mark.django_db
def test_a_token_with_one_character_changed_is_401(principal_token):
    changed = principal_token[:-1] + ("A" if principal_token[-1] != "A" else "B")
    assert_unauthenticated(ApiClient(changed).get("me"))


@pytest.mark.django_db
def test_a_revoked_token_is_401(api):
    assert api.get("me").status_code == 200
    api_token_revoke(token=ApiToken.objects.get())

    assert_unauthenticated(api.get("me"))


@pytest.mark.django_db
def test_a_token_of_a_disabled_user_is_401(api, principal):
    principal.is_active = False
    principal.save()

    assert_unauthenticated(api.get("contacts"))


@pytest.mark.django_db
def test_a_token_of_someone_who_left_the_team_is_401(api, principal, team):
    Membership.objects.filter(team=team, user=principal).delete()

    assert_unauthenticated(api.get("me"))


@pytest.mark.django_db
def test_a_signed_in_browser_session_is_not_api_auth(team, principal):
    browser = Client()
    assert browser.login(email=principal.email, password=PASSWORD)

    assert_unauthenticated(browser.get("/api/v1/me"))
    response = browser.post(
        "/api/v1/actions", {"tool": "create_task", "args": {"title": "x"}}, "application/json"
    )
    assert_unauthenticated(response)


@pytest.mark.django_db
def test_posting_with_a_token_needs_no_csrf_token(api, team):
    """The ApiClient enforces CSRF like a browser; a bearer token is enough anyway."""
    response = api.post("contacts", {"name": "Luca Brasi"})

    assert response.status_code == 201


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(api):
    assert ApiToken.objects.get().last_used_at is None
    api.get("me")
    first = ApiToken.objects.get().last_used_at
    api.get("me")
    assert first is not None and ApiToken.objects.get().last_used_at == first

    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    api.get("me")
    assert ApiToken.objects.get().last_used_at > timezone.now() - timedelta(seconds=30)
