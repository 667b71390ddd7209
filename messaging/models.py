"""Messages: every text, email and call, outbound and inbound, with its status; the team's
phone numbers, channel settings and opt-outs."""

from __future__ import annotations

from django.db import models

from assistant.teams.scoping import TeamOwned

E164 = models.Q(number__regex=r"^\+[1-9][0-9]{6,14}$")


class Message(TeamOwned):
    class Channel(models.TextChoices):
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"
        CALL = "call", "Phone call"

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", "Outbound"
        INBOUND = "inbound", "Inbound"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        UNDELIVERED = "undelivered", "Not delivered"
        FAILED = "failed", "Failed"
        RECEIVED = "received", "Received"

    class Purpose(models.TextChoices):
        ACTION = "action", "Sent by an action"
        APPROVAL = "approval", "Approval request"
        REPLY = "reply", "Reply to a text"
        TEST = "test", "Test message"
        VERIFICATION = "verification", "Verification code"
        INBOUND = "inbound", "Received"

    FINAL_STATUSES = frozenset({"delivered", "undelivered", "failed", "received"})

    action = models.OneToOneField(
        "assistant.Action",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="message",
        help_text="The action that sent it: at most one message per action.",
    )
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey(
        "tasks.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        help_text="Inbound: the task it became.",
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices, default="outbound")
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.ACTION)
    to = models.JSONField(default=list, help_text="E.164 numbers or email addresses.")
    sender = models.CharField(
        max_length=254, blank=True, help_text="The number or address it came from."
    )
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    provider = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=100, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    segments = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="SMS segments: what the carrier bills."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(
        null=True, blank=True, help_text="Inbound: when a worker acted on it (once)."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["team", "channel", "created_at"]),
            models.Index(fields=["provider_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "direction", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="message_provider_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {', '.join(self.to)} ({self.status})"


class TeamNumber(TeamOwned):
    """A phone number of the team at its SMS and voice provider: texts and calls go out from
    it, and what arrives at it belongs to the team."""

    number = models.CharField(max_length=20, unique=True, help_text="E.164, e.g. +14155550100")
    label = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=E164, name="team_number_e164")]

    def __str__(self) -> str:
        return self.number


class ChannelSettings(TeamOwned):
    """How the team's messages present themselves: email sender and reply address, the
    answer to HELP."""

    team = models.OneToOneField(  # type: ignore[assignment]
        "assistant.Team", on_delete=models.CASCADE, related_name="channel_settings"
    )
    email_from_name = models.CharField(max_length=100, blank=True)
    email_from_address = models.EmailField(
        blank=True, help_text="Empty: the server's DEFAULT_FROM_EMAIL."
    )
    email_reply_to = models.EmailField(blank=True)
    sms_help_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="The answer to HELP. Empty: a standard sentence with the team's name.",
    )

    class Meta:
        verbose_name_plural = "channel settings"

    def __str__(self) -> str:
        return f"Channels of {self.team}"


class OptOut(TeamOwned):
    """A number that asked for no more texts (STOP), or that the provider says opted out."""

    class Source(models.TextChoices):
        KEYWORD = "keyword", "Replied with a stop word"
        PROVIDER = "provider", "The provider refused: unsubscribed"
        MANUAL = "manual", "Set by the team"

    number = models.CharField(max_length=20)
    source = models.CharField(max_length=10, choices=Source.choices)
    keyword = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="opt_out_unique"),
            models.CheckConstraint(condition=E164, name="opt_out_e164"),
        ]

    def __str__(self) -> str:
        return f"{self.number} opted out ({self.source})"
