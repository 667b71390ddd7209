"""Contacts: the people Consigliere talks to on the team's behalf."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assistant.teams.scoping import TeamOwned, TeamScopedQuerySet
from assistant.validators import validate_time_zone


class Contact(TeamOwned):
    class Channel(models.TextChoices):
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"
        CALL = "call", "Phone call"

    name = models.CharField(max_length=200)
    nickname = models.CharField(
        max_length=100, blank=True, help_text="What the team calls them: mom, the landlord."
    )
    company = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(
        max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    preferred_channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.SMS
    )
    sms_opted_out = models.BooleanField(default=False)
    email_opted_out = models.BooleanField(default=False)
    calls_opted_out = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["team", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def primary_phone(self) -> str:
        phone = next(iter(self.phones.all()), None)
        return phone.number if phone else ""

    @property
    def primary_email(self) -> str:
        email = next(iter(self.emails.all()), None)
        return email.address if email else ""


class ContactPointQuerySet(TeamScopedQuerySet):
    team_path = "contact__team"


class ContactPhone(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=20, help_text="E.164, e.g. +14155550101")
    label = models.CharField(max_length=40, blank=True)

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "number"], name="contact_phone_unique"),
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="contact_phone_e164",
            ),
        ]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return self.number


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField()
    label = models.CharField(max_length=40, blank=True)

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "address"], name="contact_email_unique"),
        ]
        indexes = [models.Index(fields=["address"])]

    def __str__(self) -> str:
        return self.address


class Interaction(TeamOwned):
    """Something that passed between the team and a contact, or a note the team keeps about
    them: together, the contact's memory. A note (the ``remember`` tool) is an interaction of
    channel ``note`` and direction ``internal``; messages and calls will be recorded with their
    provider's id."""

    class Channel(models.TextChoices):
        NOTE = "note", "Note"
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"
        CALL = "call", "Phone call"

    class Direction(models.TextChoices):
        INBOUND = "inbound", "From them"
        OUTBOUND = "outbound", "To them"
        INTERNAL = "internal", "Kept by the team"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interactions")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    content = models.TextField()
    occurred_at = models.DateTimeField()
    provider_id = models.CharField(max_length=200, blank=True)
    created_by_action = models.OneToOneField(
        "assistant.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["contact", "-occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["note", "sms", "email", "call"]),
                name="interaction_channel_known",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=["inbound", "outbound", "internal"]),
                name="interaction_direction_known",
            ),
            models.UniqueConstraint(
                fields=["channel", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="interaction_provider_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]


class Commitment(TeamOwned):
    """A promise between the team and a contact: ``we_owe`` them, or ``they_owe`` us.

    ``completed_at`` is set exactly when the status is done; ``completed_by_action`` remembers
    which action completed it, so running that action again reports the same outcome.
    """

    class Direction(models.TextChoices):
        WE_OWE = "we_owe", "We owe them"
        THEY_OWE = "they_owe", "They owe us"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="commitments")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    what = models.TextField()
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    source_action = models.OneToOneField(
        "assistant.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_by_action = models.OneToOneField(
        "assistant.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_at", "-created_at"]
        indexes = [models.Index(fields=["team", "status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=["we_owe", "they_owe"]),
                name="commitment_direction_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "done", "cancelled"]),
                name="commitment_status_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="done", completed_at__isnull=False)
                    | (~models.Q(status="done") & models.Q(completed_at__isnull=True))
                ),
                name="commitment_completed_at_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]
