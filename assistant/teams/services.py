"""Writes for the core: teams, memberships, invitations and heartbeats."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from assistant import clock
from assistant.errors import CodedError
from assistant.models import Action, Feedback, Heartbeat, Membership, Team, User


def team_create(*, name: str, owner: User, slug: str = "") -> Team:
    """Create a team with ``owner`` as its first member (role owner)."""
    base = slugify(slug or name)[:50] or "team"
    candidate, n = base, 1
    while Team.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    with transaction.atomic():
        team = Team.objects.create(name=name, slug=candidate)
        Membership.objects.create(team=team, user=owner, role=Membership.Role.OWNER)
    return team


def membership_set(*, team: Team, user: User, role: str) -> Membership:
    """Add ``user`` to ``team`` with ``role``, or change the role of an existing member."""
    membership, _ = Membership.objects.update_or_create(
        team=team, user=user, defaults={"role": role}
    )
    return membership


def user_invite(*, team: Team, email: str, role: str, invited_by: User | None) -> User:
    """Invite someone to ``team`` by email; sign-up is closed, so this is how people join.

    1. Find or create the user (a new one has no usable password).
    2. Make them a member with ``role``.
    3. Email a link to choose a password (allauth's password-reset-from-key page), sent
       after the transaction commits so a rollback sends nothing.
    """
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email)
        membership_set(team=team, user=user, role=role)
        transaction.on_commit(lambda: _invitation_send(team=team, user=user, invited_by=invited_by))
    return user


def _invitation_send(*, team: Team, user: User, invited_by: User | None) -> None:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    link = settings.PUBLIC_BASE_URL + path.replace("UID-KEY", key)
    context = {"team": team, "user": user, "invited_by": invited_by, "link": link}
    subject = render_to_string("assistant/email/invitation_subject.txt", context, using="text")
    message = EmailMultiAlternatives(
        subject=subject.strip(),
        body=render_to_string("assistant/email/invitation_message.txt", context, using="text"),
        to=[user.email],
    )
    message.send()


def heartbeat_record(*, name: str, clock_offset_seconds: float | None = None) -> Heartbeat:
    """Record that ``name`` reached a worker now (the database's time), with how far that
    worker's clock is from the database's."""
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": clock.now(), "clock_offset_seconds": clock_offset_seconds}
    )
    return heartbeat


# --- Actions asked for directly (the JSON API): one tool call, one task ---------------------
# The engine is imported inside these functions, so this module (which assistant.engine.jobs imports
# at start-up) does not depend on the engine's import order.


def feedback_record(*, action: Action, user: User, rating: int, comment: str = "") -> Feedback:
    """A person's thumbs up or down on an action that ran (one per person, replaced on change).

    Raise CodedError ``NOT_RUN`` when the action has not run: feedback is about what happened.
    """
    if action.status not in {Action.Status.SUCCEEDED, Action.Status.FAILED}:
        raise CodedError("NOT_RUN", "Feedback is for actions that ran; this one has not.",
                         status=409)  # fmt: skip
    feedback, _ = Feedback.objects.update_or_create(
        action=action, user=user, defaults={"rating": rating, "comment": comment.strip()}
    )
    return feedback
