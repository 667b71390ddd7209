"""Messages: every text, email and call, outbound and (later) inbound, with its status."""

from __future__ import annotations

from django.db import models

from assistant.scoping import TeamOwned


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
        FAILED = "failed", "Failed"

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
    channel = models.CharField(max_length=5, choices=Channel.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices, default="outbound")
    to = models.JSONField(default=list, help_text="E.164 numbers or email addresses.")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    provider = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=100, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["team", "channel", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel} to {', '.join(self.to)} ({self.status})"
