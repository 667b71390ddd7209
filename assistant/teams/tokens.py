"""Services for API tokens: create one (shown once), revoke it, and check a presented one.

A token is ``csg_`` followed by 43 URL-safe characters (``secrets.token_urlsafe(32)``). Only
its SHA-256 is stored: the plaintext exists in the caller's hands and nowhere else.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from assistant.models import ApiToken, Membership, Team, User

TOKEN_PREFIX = "csg_"  # noqa: S105 (a marker that makes leaked tokens easy to spot, not a secret)
PREFIX_SHOWN = len(TOKEN_PREFIX) + 8  # "csg_" and 8 characters: enough to tell tokens apart
LAST_USED_EVERY = timedelta(minutes=1)  # write last_used_at at most this often per token


def api_token_hash(plaintext: str) -> str:
    """The stored form of a token: its SHA-256 in hex (a token has 256 random bits, so a
    fast hash is enough; there is nothing to brute-force)."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def api_token_create(*, team: Team, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user`` acting in ``team``; return it and its plaintext.

    The plaintext is returned once and never stored. Raise ``ValidationError`` when the
    user is not an active member of the team or the name is blank.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["Give the token a name, like “zapier”."]})
    if not user.is_active or not Membership.objects.filter(team=team, user=user).exists():
        raise ValidationError(
            f"{user.email} is not an active member of {team.name}.", code="not_a_member"
        )
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        team=team,
        user=user,
        name=name[:100],
        prefix=plaintext[:PREFIX_SHOWN],
        token_hash=api_token_hash(plaintext),
    )
    return token, plaintext


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke ``token`` for good; revoking twice keeps the first time."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


@dataclass(frozen=True)
class ApiCaller:
    """Who is calling the API: the token's user, acting in the token's team."""

    token: ApiToken
    user: User
    team: Team
    membership: Membership


def api_token_authenticate(*, plaintext: str) -> ApiCaller | None:
    """The caller a presented token stands for, or None when it must be refused.

    Refused: unknown tokens, revoked tokens, tokens of inactive users and of users who are
    no longer members of the token's team. ``last_used_at`` is written at most once a
    minute (one conditional update), so a busy client does not write on every request.
    """
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "team")
        .filter(token_hash=api_token_hash(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    membership = Membership.objects.filter(team=token.team, user=token.user).first()
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - LAST_USED_EVERY).update(
            last_used_at=now
        )
    return ApiCaller(token=token, user=token.user, team=token.team, membership=membership)
