from __future__ import annotations

from django.apps import AppConfig


class MessagingConfig(AppConfig):
    """Messaging plugs into the core here: its channels, its facts for the policy (today's
    counts, opt-outs) and for cards (limits, deliveries, senders), and hooks: SMS approvals
    when an action waits, the answer to a texted request once it is planned, and STOP
    honoured for numbers newly filed under contacts."""

    name = "messaging"
    verbose_name = "Messaging"

    def ready(self) -> None:
        from assistant.approvals.selectors import card_notes_register
        from assistant.engine import hooks
        from assistant.policy.rules import policy_facts_provider_register
        from messaging import (
            checks,  # noqa: F401  (registers system checks)
        )
        from messaging.cards import card_notes
        from messaging.channels import channels_register
        from messaging.inbound import inbound_on_planned
        from messaging.policy_facts import channel_facts
        from messaging.services import opt_outs_apply_to_contacts
        from messaging.sms_approvals import sms_approvals_on_waiting

        hooks.on(hooks.ACTION_WAITS, sms_approvals_on_waiting)
        hooks.on(hooks.CONTACT_POINTS_ADDED, opt_outs_apply_to_contacts)
        hooks.on(hooks.TASK_PLANNED, inbound_on_planned)
        channels_register()
        policy_facts_provider_register(channel_facts)
        card_notes_register(card_notes)
