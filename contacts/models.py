"""Contacts: the people Consigliere talks to on the team's behalf."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assistant.scoping import TeamOwned, TeamScopedQuerySet
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
