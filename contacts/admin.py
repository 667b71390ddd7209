"""Django admin for contacts."""

from __future__ import annotations

from django.contrib import admin

from contacts.models import Contact, ContactEmail, ContactPhone


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
