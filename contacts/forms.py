"""Forms of contacts: they collect what a person typed; the services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from assistant.models import Team
from contacts.models import Contact
from contacts.phones import phone_display
from contacts.services import contact_create, contact_update

# Fields passed to the services as they are (phones and emails are split into lists first).
CONTACT_FIELDS = (
    "name",
    "nickname",
    "company",
    "time_zone",
    "preferred_channel",
    "sms_opted_out",
    "email_opted_out",
    "calls_opted_out",
    "notes",
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ContactForm(forms.Form):
    """Add or edit a contact through ``contact_create`` / ``contact_update``.

    The form checks only the shape of the input (lengths, a known channel); the rules (a
    name, real phone numbers and email addresses, a real time zone) are the services', and
    their ``ValidationError`` lands on the matching fields, so every problem shows at once.
    """

    # Not required here: the service says what is missing, in its own words; the browser's
    # `required` still helps before the form is sent.
    name = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"required": True})
    )
    nickname = forms.CharField(
        max_length=100,
        required=False,
        help_text="What your team calls them: mom, the landlord.",
    )
    company = forms.CharField(max_length=200, required=False)
    phones = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text="One number per line, with its country code if it is not a US number.",
    )
    emails = forms.CharField(
        label="Email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text="One address per line.",
    )
    time_zone = forms.CharField(
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text="A name such as Europe/London or America/New_York.",
    )
    preferred_channel = forms.ChoiceField(
        label="Reach them by", choices=Contact.Channel.choices, initial=Contact.Channel.SMS
    )
    sms_opted_out = forms.BooleanField(label="Asked not to get text messages", required=False)
    email_opted_out = forms.BooleanField(label="Asked not to get email", required=False)
    calls_opted_out = forms.BooleanField(label="Asked not to be called", required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self, *args: Any, team: Team, instance: Contact | None = None, **kwargs: Any
    ) -> None:
        """``team`` receives a new contact; ``instance`` is the contact being edited, if any."""
        self.team = team
        self.instance = instance
        kwargs.setdefault("label_suffix", "")
        if instance is not None:
            kwargs.setdefault("initial", self.initial_for(instance))
        else:
            kwargs.setdefault("initial", {"time_zone": team.time_zone})
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, object]:
        initial: dict[str, object] = {name: getattr(contact, name) for name in CONTACT_FIELDS}
        initial["phones"] = "\n".join(phone_display(p.number) for p in contact.phones.all())
        initial["emails"] = "\n".join(e.address for e in contact.emails.all())
        return initial

    def save(self) -> Contact | None:
        """Create the contact in ``team`` (or update ``instance``); ``None`` if refused.

        Call only when ``is_valid()``. A refusal stores nothing and puts the service's
        messages on the form's fields.
        """
        data = {name: self.cleaned_data[name] for name in CONTACT_FIELDS}
        phones = _lines(self.cleaned_data["phones"])
        emails = _lines(self.cleaned_data["emails"])
        try:
            if self.instance is None:
                return contact_create(team=self.team, phones=phones, emails=emails, **data)
            return contact_update(contact=self.instance, phones=phones, emails=emails, **data)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
            return None


class ContactImportForm(forms.Form):
    """The upload; ``contacts_import_csv`` reads it and says what is wrong with it."""

    file = forms.FileField(
        label="CSV file",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose a CSV file to import.",
            "empty": "That file is empty.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
