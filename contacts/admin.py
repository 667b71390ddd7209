"""Django admin for contacts."""

from __future__ import annotations

from django.contrib import admin

from contacts.models import Commitment, Contact, ContactEmail, ContactPhone, Interaction


class ContactPhoneInline(admin.TabularInline):
    model = ContactPhone
    extra = 0


class ContactEmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 0


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "nickname", "team", "company", "preferred_channel", "sms_opted_out"]
    list_filter = ["team", "preferred_channel", "sms_opted_out", "email_opted_out"]
    search_fields = ["name", "nickname", "company", "phones__number", "emails__address"]
    inlines = [ContactPhoneInline, ContactEmailInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "contact", "channel", "direction", "team"]
    list_filter = ["channel", "direction", "team"]
    search_fields = ["content", "contact__name", "provider_id"]
    raw_id_fields = ["contact", "created_by_action"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["what", "contact", "direction", "due_at", "status", "team"]
    list_filter = ["status", "direction", "team"]
    search_fields = ["what", "contact__name"]
    raw_id_fields = ["contact", "source_action", "completed_by_action"]
    readonly_fields = ["completed_at"]
