"""`manage.py create_api_token`: prints a working token once and stores only its hash."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from assistant.models import ApiToken, Membership
from assistant.teams.services import team_create
from tests.integration.api.conftest import ApiClient


def create_token(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    assert "cannot be shown again" in err.getvalue()
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_printed_token_works_and_the_database_holds_only_its_hash(principal, team):
    plaintext = create_token("Vito@Example.com", "--name", "zapier")

    assert plaintext.startswith("csg_") and len(plaintext) > 40
    response = ApiClient(plaintext).get("me")
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "vito@example.com"
    token = ApiToken.objects.get()
    assert (token.name, token.user, token.team) == ("zapier", principal, team)
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext.startswith(token.prefix) and len(token.prefix) < len(plaintext) // 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM assistant_apitoken")
        row = cursor.fetchone()
    assert not any(plaintext in str(value) for value in row)


@pytest.mark.django_db
def test_two_tokens_are_different(principal, team):
    assert create_token("vito@example.com") != create_token("vito@example.com")


@pytest.mark.django_db
def test_a_person_in_several_teams_must_name_one(principal, team):
    team_create(name="Genco Olive Oil", owner=principal, slug="genco")

    with pytest.raises(CommandError, match=r"several teams.*corleone-family, genco"):
        create_token("vito@example.com")
    plaintext = create_token("vito@example.com", "--team", "genco")
    assert ApiClient(plaintext).get("me").json()["team"]["slug"] == "genco"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com"], "No user with email"),
        (["vito@example.com", "--team", "tattaglia"], "No team with slug 'tattaglia'"),
        (["vito@example.com", "--team", "barzini-family"], "not a member of 'barzini-family'"),
        (["vito@example.com", "--name", "  "], "Give the token a name"),
    ],
)
def test_clear_errors_for_unknown_people_teams_and_non_members(
    principal, other_team, args, message
):
    with pytest.raises(CommandError, match=message):
        create_token(*args)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_person_in_no_team_gets_a_clear_error(principal, team):
    Membership.objects.filter(user=principal).delete()

    with pytest.raises(CommandError, match="not a member of any team"):
        create_token("vito@example.com")
