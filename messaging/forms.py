"""Forms of messaging: the Channels settings page (team numbers, quiet hours and limits,
email sender, a member's own numbers and SMS approvals)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from assistant.models import PrincipalIdentity, TeamPolicy, UserAgentSettings
from contacts.phones import phone_normalize
from messaging.models import ChannelSettings, TeamNumber

WHOLE_NUMBER = "Enter a whole number, 0 or more."
CLOCK_TIME = "Enter a time of day such as 21:00."


class RowForm(forms.Form):
    """The id of the row a button acts on (a team number, one of my identities)."""

    pk = forms.IntegerField(min_value=1)


class TeamNumberForm(forms.ModelForm):
    class Meta:
        model = TeamNumber
        fields = ["number", "label"]
        labels = {"number": "Team number", "label": "Label (optional)"}
        help_texts = {"number": "With its country code, such as +1 415 555 0100."}
        widgets = {
            "number": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "label": forms.TextInput(attrs={"placeholder": "e.g. Main line"}),
        }

    def clean_number(self) -> str:
        number = phone_normalize(self.cleaned_data["number"])
        taken = TeamNumber.objects.filter(number=number).values_list("team_id", flat=True).first()
        if taken == self.instance.team_id:
            raise ValidationError("That number is already one of this team's numbers.")
        if taken is not None:  # never say whose: team names are not for other teams to probe
            raise ValidationError("That number belongs to another team.")
        return number


class TeamLimitsForm(forms.ModelForm):
    """Quiet hours and daily limits of the team's texts, emails and calls."""

    class Meta:
        model = TeamPolicy
        fields = [
            "quiet_hours_start",
            "quiet_hours_end",
            "daily_limit_sms",
            "daily_limit_email",
            "daily_limit_call",
            "user_daily_limit_sms",
            "user_daily_limit_email",
            "user_daily_limit_call",
            "principal_sms_counts_as_principal",
        ]
        labels = {
            "quiet_hours_start": "Quiet hours start",
            "quiet_hours_end": "Quiet hours end",
            "daily_limit_sms": "Texts a day, whole team",
            "daily_limit_email": "Emails a day, whole team",
            "daily_limit_call": "Calls a day, whole team",
            "user_daily_limit_sms": "Texts a day, each member",
            "user_daily_limit_email": "Emails a day, each member",
            "user_daily_limit_call": "Calls a day, each member",
            "principal_sms_counts_as_principal": (
                "Treat texts from members' verified numbers as them (caller ID can be forged; "
                "off means a person approves what a text asks)"
            ),
        }
        help_texts = {
            "quiet_hours_start": "Texts and calls wait until the end, in each recipient's time.",
            "quiet_hours_end": "The same start and end means no quiet hours.",
        }
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith("quiet_hours"):
                field.error_messages.update(required=CLOCK_TIME, invalid=CLOCK_TIME)
            elif isinstance(field, forms.IntegerField):
                field.widget.attrs["inputmode"] = "numeric"
                field.error_messages.update(
                    required=WHOLE_NUMBER, invalid=WHOLE_NUMBER, min_value=WHOLE_NUMBER
                )


class ChannelSettingsForm(forms.ModelForm):
    class Meta:
        model = ChannelSettings
        fields = ["email_from_name", "email_from_address", "email_reply_to", "sms_help_text"]
        labels = {
            "email_from_name": "Emails come from (name)",
            "email_from_address": "Emails come from (address)",
            "email_reply_to": "Replies to emails go to",
            "sms_help_text": "Answer to a text saying HELP",
        }
        help_texts = {
            "email_from_address": (
                "Empty: the server's own address. Your mail server must be allowed to send as it."
            ),
            "email_reply_to": "Empty: replies go to the From address.",
        }
        widgets = {"sms_help_text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "email_from_address": {"invalid": "Enter an email address, such as team@example.com."},
            "email_reply_to": {"invalid": "Enter an email address, such as team@example.com."},
        }


class IdentityAddForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (PrincipalIdentity.Kind.PHONE, "Phone number"),
            (PrincipalIdentity.Kind.EMAIL, "Email address"),
        ],
        initial=PrincipalIdentity.Kind.PHONE,
        widget=forms.RadioSelect,
        label="Add",
        error_messages={"required": "Choose a phone number or an email address."},
    )
    value = forms.CharField(
        max_length=254,
        label="Number or address",
        help_text="We send it a six-digit code to prove it is yours.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter a phone number or an email address."},
    )


class IdentityCodeForm(RowForm):
    code = forms.CharField(
        max_length=12,
        label="Code",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"required": "Enter the six-digit code we sent."},
    )


class SmsApprovalsForm(forms.ModelForm):
    """A member's own switch for approving by text; on only with a verified phone."""

    class Meta:
        model = UserAgentSettings
        fields = ["approve_by_sms"]
        labels = {"approve_by_sms": "Ask me by text to approve actions"}

    def __init__(self, *args: Any, has_verified_phone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_verified_phone = has_verified_phone

    def clean_approve_by_sms(self) -> bool:
        value = self.cleaned_data["approve_by_sms"]
        if value and not self.has_verified_phone:
            raise ValidationError("Verify a phone number first.")
        return value


class SmsTestForm(forms.Form):
    """No fields: it carries the reason a test text could not be sent."""
