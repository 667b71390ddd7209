"""A member's own phone numbers and email addresses, proven theirs by a code (SPEC §7).

A text from a verified number is that member writing (the team policy says how far caller
ID is trusted); SMS approvals are sent to it and accepted only from it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistant.errors import CodedError
from assistant.models import PrincipalIdentity, Team, User, UserAgentSettings
from contacts.phones import phone_normalize
from messaging.models import Message
from messaging.services import message_send_plain

CODE_LIFETIME = timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5


class IdentityError(CodedError):
    """Adding or verifying a member's own number or address failed: a code and a sentence."""


def _digest(identity: PrincipalIdentity, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(
        key, f"{identity.pk}:{identity.value}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def identity_value_clean(kind: str, value: object) -> str:
    """``value`` as stored: E.164 for a phone, lower case for an email; IdentityError if not."""
    text = str(value or "").strip()
    if kind == PrincipalIdentity.Kind.PHONE:
        try:
            return phone_normalize(text)
        except ValidationError as error:
            raise IdentityError("INVALID_PHONE", error.messages[0]) from None
    if kind == PrincipalIdentity.Kind.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise IdentityError(
                "INVALID_EMAIL", f"{text or 'That'} is not an email address."
            ) from None
        return text.lower()
    raise IdentityError("INVALID_KIND", "Choose a phone number or an email address.")


def identity_add(*, team: Team, user: User, kind: str, value: object) -> PrincipalIdentity:
    """Add ``value`` to ``user``'s identities in ``team`` (unverified) and send it a code.

    Adding it again sends a new code. A value another member of the team has is refused.
    """
    clean = identity_value_clean(kind, value)
    try:
        with transaction.atomic():
            identity, _ = PrincipalIdentity.objects.get_or_create(
                team=team, kind=kind, value=clean, defaults={"user": user}
            )
    except IntegrityError:  # two adds at once: the other one won
        identity = PrincipalIdentity.objects.get(team=team, kind=kind, value=clean)
    if identity.user_id != user.pk:
        raise IdentityError(
            "TAKEN", f"{clean} belongs to another member of this team; they can remove it."
        )
    if identity.verified_at is None:
        identity_send_code(identity=identity)
    return identity


def identity_send_code(*, identity: PrincipalIdentity) -> None:
    """Send a new six-digit code to ``identity`` (the old one stops working)."""
    code = f"{secrets.randbelow(10**6):06d}"
    identity.code_digest = _digest(identity, code)
    identity.code_sent_at = timezone.now()
    identity.code_attempts = 0
    identity.save(update_fields=["code_digest", "code_sent_at", "code_attempts"])
    words = f"Your Consigliere code for {identity.team.name} is {code}. It works for 15 minutes."
    if identity.kind == PrincipalIdentity.Kind.PHONE:
        sent = message_send_plain(
            team=identity.team, channel="sms", to=identity.value, body=words,
            purpose=Message.Purpose.VERIFICATION,
        )  # fmt: skip
        if sent.status == Message.Status.FAILED:
            raise IdentityError("NOT_SENT", f"The code could not be sent: {sent.error_message}")
    else:
        send_mail("Your Consigliere code", words, None, [identity.value])


def identity_verify(*, identity: PrincipalIdentity, code: object) -> PrincipalIdentity:
    """Mark ``identity`` verified when ``code`` is the one sent, in time, within five tries."""
    if identity.verified_at is not None:
        return identity
    now = timezone.now()
    if not identity.code_digest or not identity.code_sent_at:
        raise IdentityError("NO_CODE", "No code was sent; ask for one first.")
    if identity.code_sent_at + CODE_LIFETIME < now:
        raise IdentityError("CODE_EXPIRED", "The code is older than 15 minutes; ask for a new one.")
    if identity.code_attempts >= MAX_CODE_ATTEMPTS:
        raise IdentityError("TOO_MANY_TRIES", "Too many wrong codes; ask for a new one.")
    given = "".join(ch for ch in str(code or "") if ch.isdigit())
    if not hmac.compare_digest(_digest(identity, given), identity.code_digest):
        identity.code_attempts += 1
        identity.save(update_fields=["code_attempts"])
        left = MAX_CODE_ATTEMPTS - identity.code_attempts
        raise IdentityError(
            "WRONG_CODE", f"That is not the code; {left} tr{'y' if left == 1 else 'ies'} left."
        )
    identity.verified_at, identity.code_digest = now, ""
    identity.save(update_fields=["verified_at", "code_digest"])
    return identity


def verified_phone_owner(*, team: Team, number: str) -> User | None:
    """The member of ``team`` whose verified phone ``number`` is, if any."""
    identity = (
        PrincipalIdentity.objects.filter(
            team=team,
            kind=PrincipalIdentity.Kind.PHONE,
            value=number,
            verified_at__isnull=False,
            user__is_active=True,
            user__memberships__team=team,
        )
        .select_related("user")
        .first()
    )
    return identity.user if identity else None


def identity_remove(*, identity: PrincipalIdentity, user: User) -> None:
    """Remove one of ``user``'s own identities; texts from it are then a stranger's."""
    if identity.user_id != user.pk:
        raise IdentityError("NOT_YOURS", "You can remove only your own numbers and addresses.")
    with transaction.atomic():
        identity.delete()
        still_verified = PrincipalIdentity.objects.filter(
            team_id=identity.team_id, user=user, kind=PrincipalIdentity.Kind.PHONE,
            verified_at__isnull=False,
        ).exists()  # fmt: skip
        if not still_verified:  # SMS approvals need a verified phone: they go off with it
            UserAgentSettings.objects.filter(
                membership__team_id=identity.team_id, membership__user=user
            ).update(approve_by_sms=False)
