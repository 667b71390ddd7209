"""Tasks: one request (from the web, the API, an SMS...) and its lifecycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assistant.teams.scoping import TeamOwned


class Task(TeamOwned):
    """What someone asked for. Its actions carry the tool calls; its status rolls up from them."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        SMS = "sms", "SMS"
        EMAIL = "email", "Email"
        VOICE = "voice", "Voice call"
        SCHEDULE = "schedule", "Schedule"

    class Actor(models.TextChoices):
        USER = "user", "Team member"
        PRINCIPAL = "principal", "Principal"
        EXTERNAL = "external", "External person"
        UNVERIFIED = "unverified", "Team member by text (caller ID unconfirmed)"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PLANNING = "planning", "Planning"
        PLANNED = "planned", "Planned"
        NEEDS_CLARIFICATION = "needs_clarification", "Needs clarification"
        WAITING = "waiting", "Waiting for approval"
        EXECUTING = "executing", "Executing"
        DONE = "done", "Done"
        CLOSED = "closed", "Closed with nothing done"
        FAILED = "failed", "Failed"

    text = models.TextField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    actor_kind = models.CharField(max_length=10, choices=Actor.choices, default=Actor.USER)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.RECEIVED)
    summary = models.TextField(blank=True)
    # While status is needs_clarification: {"mention", "question", "choices": [{"value",
    # "label"}]}; always: "answers", the choices already made ({"alex": 12}).
    clarification = models.JSONField(default=dict, blank=True)
    planner = models.CharField(max_length=20, blank=True)  # offline or openai
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["team", "-created_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class Todo(TeamOwned):
    """A to-do for the team (the ``create_task`` tool); not to be confused with a Task, which
    is a request made to the assistant."""

    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    done = models.BooleanField(default=False)
    created_by_action = models.OneToOneField(
        "assistant.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done", "due_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Reminder(TeamOwned):
    """A reminder for a team member (or the principal) or a contact, once or recurring (the
    ``create_reminder`` tool). Sending it at its time is a later job's work; this row is the
    promise that it will be sent.

    Exactly one of ``target_user`` and ``target_contact`` is set; ``recurrence`` is an RFC 5545
    RRULE (without the ``RRULE:`` prefix) counted from ``due_at``, or blank for a one-off.
    """

    class Channel(models.TextChoices):
        WEB = "web", "Web"
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    text = models.TextField()
    due_at = models.DateTimeField()
    recurrence = models.CharField(max_length=500, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    created_by_action = models.OneToOneField(
        "assistant.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["web", "sms", "email"]),
                name="reminder_channel_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["scheduled", "sent", "cancelled"]),
                name="reminder_status_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(target_user__isnull=False, target_contact__isnull=True)
                    | models.Q(target_user__isnull=True, target_contact__isnull=False)
                ),
                name="reminder_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
