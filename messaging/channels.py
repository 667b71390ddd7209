"""The channels messaging carries: the one place that names them (STYLE.md F).

Everything else reads a channel through ``assistant.tools.registry.channel_get``: the address a
recipient needs, whether quiet hours hold it, the Contact flag that mirrors its opt-outs,
and the words for people. A team's daily limit for a channel is the ``TeamPolicy`` field
``daily_limit_<name>`` (and ``user_daily_limit_<name>``); a channel without one has no limit.
"""

from __future__ import annotations

from assistant.tools.registry import Channel, channel_register

SMS = Channel(
    name="sms", address="phone", quiet_hours=True, contact_opt_out="sms_opted_out",
    noun="text", plural="Texts",
)  # fmt: skip
EMAIL = Channel(
    name="email", address="email", quiet_hours=False, contact_opt_out="email_opted_out",
    noun="email", plural="Emails",
)  # fmt: skip
CALL = Channel(
    name="call", address="phone", quiet_hours=True, contact_opt_out="calls_opted_out",
    noun="call", plural="Calls",
)  # fmt: skip
CHANNELS = (SMS, EMAIL, CALL)


def channels_register() -> None:
    for channel in CHANNELS:
        channel_register(channel)
