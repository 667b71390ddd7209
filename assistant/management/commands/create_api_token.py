from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assistant.models import Team, User
from assistant.teams.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a person in one of their teams and print it once "
        "(only its hash is stored)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--team", help="the team's slug; optional when the person has one")
        parser.add_argument("--name", default="api", help="a label to tell tokens apart")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No user with email {options['email']!r}.")
        if not user.is_active:
            raise CommandError(f"{user.email} is disabled; enable the account first.")
        team = self._team(user, options["team"])
        try:
            token, plaintext = api_token_create(team=team, user=user, name=options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Token {token.name!r} ({token.prefix}…) for {user.email} in {team.name}. "
            "Copy it now: it is not stored and cannot be shown again."
        )
        self.stdout.write(plaintext)

    def _team(self, user: User, slug: str | None) -> Team:
        teams = Team.objects.filter(memberships__user=user).order_by("slug")
        slugs = ", ".join(teams.values_list("slug", flat=True)) or "none"
        if slug:
            if not Team.objects.filter(slug=slug).exists():
                raise CommandError(f"No team with slug {slug!r}; {user.email}'s teams: {slugs}.")
            team = teams.filter(slug=slug).first()
            if team is None:
                raise CommandError(
                    f"{user.email} is not a member of {slug!r}; their teams: {slugs}."
                )
            return team
        count = teams.count()
        if count == 0:
            raise CommandError(f"{user.email} is not a member of any team.")
        if count > 1:
            raise CommandError(f"{user.email} is in several teams; choose one with --team: {slugs}")
        return teams.get()
