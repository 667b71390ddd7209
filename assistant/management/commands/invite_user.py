from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from assistant.models import Membership, Team
from assistant.teams.services import user_invite


class Command(BaseCommand):
    help = "Add a person to a team and email them a link to choose their password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--team", required=True, help="the team's slug")
        parser.add_argument("--role", choices=Membership.Role.values, default="member")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            validate_email(options["email"])
        except ValidationError:
            raise CommandError(f"{options['email']!r} is not an email address.") from None
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            slugs = ", ".join(Team.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No team with slug {options['team']!r}; teams: {slugs}.")
        user = user_invite(team=team, email=options["email"], role=options["role"], invited_by=None)
        self.stdout.write(f"Invited {user.email} to {team.name} as {options['role']}.")
