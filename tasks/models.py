"""Tasks: one request (from the web, the API, an SMS...) and its lifecycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assistant.scoping import TeamOwned


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
