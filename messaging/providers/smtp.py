"""Email over SMTP: Django's email backend, configured by ``EMAIL_URL``.

Each email has a text part and an HTML part rendered from templates, the team's From and
Reply-To, and a Message-ID made from the action's idempotency key, which we keep as the
provider id so replies can be threaded (In-Reply-To / References).
"""

from __future__ import annotations

import smtplib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from messaging.providers.base import Outbound, ProviderError, Sent


def message_id_for(key: str) -> str:
    """The Message-ID of the email sent with idempotency key ``key``: the same key always
    gives the same id, so a send repeated after a crash is one message to mail servers."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{key.replace('-', '')}@{domain}>"


def _smtp_error(error: Exception) -> ProviderError:
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in error.recipients.values()]
        code = max(codes) if codes else None
        if code and code >= 500:
            refused = ", ".join(error.recipients)
            return ProviderError(
                "EMAIL_REFUSED", f"The mail server refused {refused}.", permanent=True
            )
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return ProviderError(
            "EMAIL_AUTH_FAILED",
            "The mail server refused our login: check the user and password in EMAIL_URL.",
            permanent=True,
        )
    if code and 500 <= code < 600:
        return ProviderError(
            "EMAIL_REFUSED", f"The mail server refused the email ({code}).", permanent=True
        )
    return ProviderError(
        "EMAIL_UNAVAILABLE",
        f"The mail server could not take the email now ({code or type(error).__name__}).",
        permanent=False,
    )


class SmtpProvider:
    """Email through the mail server ``EMAIL_URL`` names."""

    name = "smtp"
    label = "SMTP"
    delivers = True  # whether anything leaves this machine
    reports_delivery = False
    settings_template = "messaging/providers/smtp.html"
    settings_hint = "Set EMAIL_URL to smtp://, smtp+tls:// or smtp+ssl://, or use console."
    check_id = "messaging.E004"

    def __init__(self, *, team: Any, user: Any = None) -> None:
        self.team = team

    @classmethod
    def missing_settings(cls) -> list[str]:
        """``EMAIL_URL`` must name a mail server: with console:// emails would only be printed."""
        return ["EMAIL_URL"] if settings.EMAIL_URL.startswith("console") else []

    def send(self, message: Outbound) -> Sent:
        message_id = message_id_for(message.key)
        context = {"body": message.body, "subject": message.subject}
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=render_to_string("messaging/email/message.txt", context),
            from_email=message.sender or settings.DEFAULT_FROM_EMAIL,
            to=message.to,
            cc=message.cc,
            reply_to=[message.reply_to] if message.reply_to else None,
            headers={"Message-ID": message_id, **message.headers},
        )
        email.attach_alternative(
            render_to_string("messaging/email/message.html", context), "text/html"
        )
        connection = get_connection(fail_silently=False)  # EMAIL_URL's backend
        try:
            try:
                connection.open()  # nothing has left before the server took our login
            except (smtplib.SMTPException, OSError) as error:
                raise _smtp_error(error) from error
            try:
                connection.send_messages([email])
            except smtplib.SMTPResponseException as error:  # the server answered: not taken
                raise _smtp_error(error) from error
            except smtplib.SMTPRecipientsRefused as error:
                raise _smtp_error(error) from error
            except (smtplib.SMTPException, OSError) as error:
                # Cut off after the message began to go: the server may have taken it.
                raise ProviderError(
                    "EMAIL_OUTCOME_UNKNOWN",
                    f"The mail server stopped answering while the email was going out "
                    f"({type(error).__name__}); it may have been sent.",
                    permanent=False, unknown=True,
                ) from error  # fmt: skip
        finally:
            connection.close()  # also after a failed login, which leaves the socket open
        return Sent(provider_id=message_id, status="sent")

    def was_sent(self, message: Outbound, *, since: datetime) -> bool | None:
        # SMTP cannot be asked what it took (our Message-ID is the mail servers' duplicate
        # guard): a send cut off mid-way goes to a person.
        return None
