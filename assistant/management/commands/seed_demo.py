from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from assistant.models import Membership, Team, User
from assistant.teams.services import membership_set, team_create
from contacts.models import Contact
from contacts.services import contact_create

DEMO_TEAM_SLUG = "corleone-family"
PRINCIPAL_EMAIL = "vito@example.com"
TEAMMATE_EMAIL = "tom@example.com"
# Numbers in the 555-01xx range are reserved for fiction; example.com is reserved for examples.
DEMO_CONTACTS = [
    {"name": "Alice Smith", "phones": ["+14155550101"], "emails": ["alice@example.com"]},
    {"name": "Alex Rivera", "phones": ["+14155550102"], "emails": ["alex.rivera@example.com"]},
    {"name": "Alex Chen", "phones": ["+14155550103"], "company": "Chen & Partners"},
    {"name": "Bob Jones", "emails": ["bob@example.com"], "preferred_channel": "email"},
    {"name": "Priya Patel", "nickname": "Dr. Patel", "phones": ["+14155550104"]},
    {"name": "Carmela Corleone", "nickname": "mom", "phones": ["+14155550105"]},
]


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo team, its principal and a teammate, and print their "
        "sign-in details. Safe to run again: it never duplicates anything, and each run "
        "sets fresh passwords unless --password is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="use this password for both demo users")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            principal = self._user(PRINCIPAL_EMAIL, "Vito", "Corleone", superuser=True)
            teammate = self._user(TEAMMATE_EMAIL, "Tom", "Hagen")
            team = Team.objects.filter(slug=DEMO_TEAM_SLUG).first()
            if team is None:
                team = team_create(name="Corleone Family", owner=principal, slug=DEMO_TEAM_SLUG)
            membership_set(team=team, user=principal, role=Membership.Role.OWNER)
            membership_set(team=team, user=teammate, role=Membership.Role.ADMIN)
            for fields in DEMO_CONTACTS:
                if not Contact.objects.for_team(team).filter(name=fields["name"]).exists():
                    contact_create(team=team, **fields)
            passwords = {}
            for user in (principal, teammate):
                passwords[user.email] = options["password"] or secrets.token_urlsafe(9)
                user.set_password(passwords[user.email])
                user.save(update_fields=["password"])

        contacts = Contact.objects.for_team(team).count()
        self.stdout.write(self.style.SUCCESS(f"Demo team: {team.name} ({contacts} contacts)"))
        self.stdout.write(f"  principal: {principal.email}  password: {passwords[principal.email]}")
        self.stdout.write(f"  teammate:  {teammate.email}  password: {passwords[teammate.email]}")

    def _user(self, email: str, first: str, last: str, *, superuser: bool = False) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if superuser else User.objects.create_user
            user = create(email=email, first_name=first, last_name=last)
        return user
