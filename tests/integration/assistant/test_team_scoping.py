"""A member of one team gets 404 for another team's objects, through the one scoping helper."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client, RequestFactory

from assistant.models import Team
from assistant.teams.scoping import get_for_member
from assistant.teams.services import membership_set

pytestmark = pytest.mark.django_db


def _request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_helper_returns_a_team_the_user_belongs_to(principal, team):
    assert get_for_member(_request_for(principal), Team.objects.all(), pk=team.pk) == team


def test_the_helper_raises_404_for_another_teams_object(principal, other_team):
    with pytest.raises(Http404):
        get_for_member(_request_for(principal), Team.objects.all(), pk=other_team.pk)


def test_the_helper_refuses_a_queryset_that_is_not_team_scoped(principal):
    from django_celery_beat.models import PeriodicTask

    with pytest.raises(TypeError, match="not team-scoped"):
        get_for_member(_request_for(principal), PeriodicTask.objects.all(), pk=1)


def test_an_anonymous_or_disabled_user_sees_no_team(principal, team):
    from django.contrib.auth.models import AnonymousUser

    assert not Team.objects.for_member(AnonymousUser()).exists()
    principal.is_active = False
    principal.save()
    assert not Team.objects.for_member(principal).exists()


def test_for_team_and_for_member_list_only_that_teams_rows(principal, team, other_team):
    assert list(Team.objects.for_member(principal)) == [team]
    assert list(Team.objects.for_team(other_team)) == [other_team]


def test_a_member_of_team_a_gets_404_for_team_bs_page(client: Client, principal, other_team):
    client.force_login(principal)
    response = client.get(f"/teams/{other_team.pk}/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert other_team.name not in response.content.decode()


def test_a_member_sees_their_own_teams_page_with_its_members(client: Client, teammate, team):
    client.force_login(teammate)
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert team.name in page
    assert "vito@example.com" in page and "tom@example.com" in page


def test_switching_to_a_team_one_is_not_in_is_404_and_keeps_the_current_team(
    client: Client, principal, team, other_team
):
    client.force_login(principal)
    response = client.post("/teams/switch/", {"team": other_team.pk})
    assert response.status_code == 404
    assert "current_team_id" not in client.session
    assert team.name in client.get("/").content.decode()


def test_switching_team_changes_what_the_dashboard_shows(client: Client, principal, other_team):
    membership_set(team=other_team, user=principal, role="member")
    client.force_login(principal)

    response = client.post("/teams/switch/", {"team": other_team.pk, "next": "/"}, follow=True)

    page = response.content.decode()
    assert '<h1 id="team-heading">Barzini Family</h1>' in page
    assert "You are now working in Barzini Family." in page


def test_switching_team_never_redirects_off_site(client: Client, principal, other_team):
    membership_set(team=other_team, user=principal, role="member")
    client.force_login(principal)
    response = client.post(
        "/teams/switch/", {"team": other_team.pk, "next": "https://evil.example"}
    )
    assert response["Location"] == "/"
