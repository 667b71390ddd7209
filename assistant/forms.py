from __future__ import annotations

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme


class TeamSwitchForm(forms.Form):
    team = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=500)

    def clean_next(self) -> str:
        """Only a path on this site: a crafted form must not redirect people elsewhere."""
        value = self.cleaned_data["next"]
        if value and url_has_allowed_host_and_scheme(value, allowed_hosts=None):
            return value
        return ""
