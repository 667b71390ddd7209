"""Forms of tasks."""

from __future__ import annotations

from django import forms

from assistant.planning.services import MAX_REQUEST_CHARS


class AskForm(forms.Form):
    text = forms.CharField(
        label="What should I do?",
        max_length=MAX_REQUEST_CHARS,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Text Alice that I'm running late"}),
        error_messages={"required": "Say what you would like done."},
    )
