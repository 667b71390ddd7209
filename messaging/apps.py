from __future__ import annotations

from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """Messaging plugs into the core here, through hooks: SMS approvals when an action
    waits, and STOP honoured for numbers newly filed under contacts."""

    name = "messaging"
    verbose_name = "Messaging"

    def ready(self) -> None:
        from assistant import hooks
        from messaging import (
            checks,  # noqa: F401  (registers system checks)
        )
        from messaging.services import opt_outs_apply_to_contacts
        from messaging.sms_approvals import sms_approvals_on_waiting

        hooks.on(hooks.ACTION_WAITS, sms_approvals_on_waiting)
        hooks.on(hooks.CONTACT_POINTS_ADDED, opt_outs_apply_to_contacts)
