"""Teams in the browser: switching the current team, and never seeing another team's page."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_a_person_in_two_teams_switches_team_from_the_header(
    signed_in: Callable[[str, str], Page], live_server, principal, other_team
):
    from assistant.models import Membership
    from assistant.teams.services import membership_set

    membership_set(team=other_team, user=principal, role=Membership.Role.MEMBER)
    page = signed_in(principal.email, PASSWORD)
    # With no choice made yet, the current team is the first by name: Barzini before Corleone.
    expect(page.get_by_role("heading", name="Barzini Family", level=1)).to_be_visible()
    expect(page.get_by_text("You are a member of this team.")).to_be_visible()
    switcher = page.get_by_label("Current team")
    expect(switcher.get_by_role("option", selected=True)).to_have_text("Barzini Family")

    with page.expect_request(f"{live_server.url}/teams/switch/") as switch:
        switcher.select_option(label="Corleone Family")

    assert switch.value.headers.get("hx-request") == "true", "the switch should go through HTMX"
    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()
    expect(page.get_by_text("You are the owner of this team.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You are now working in Corleone Family.")
    expect(page.get_by_label("Current team").get_by_role("option", selected=True)).to_have_text(
        "Corleone Family"
    )
    expect(page).to_have_url(f"{live_server.url}/")

    page.reload()

    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()


def test_a_member_of_one_team_gets_not_found_for_another_teams_page(
    signed_in: Callable[[str, str], Page], live_server, principal, other_team
):
    page = signed_in(principal.email, PASSWORD)

    response = page.goto(f"{live_server.url}/teams/{other_team.pk}/")

    assert response is not None and response.status == 404
    expect(page).to_have_title("Not found · Consigliere")
    expect(page.get_by_role("heading", name="Not found", level=1)).to_be_visible()
    expect(page.get_by_text("Barzini Family")).to_have_count(0)
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_role("heading", name="Corleone Family", level=1)).to_be_visible()
