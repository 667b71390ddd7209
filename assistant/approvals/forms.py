"""Forms of the approval pages and settings: team switch, reject, edit an action by its schema,
the member's agent settings, API tokens, queue and history filters, bulk decisions, feedback."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from assistant.inputs import whole_number
from assistant.models import UserAgentSettings
from assistant.tools.registry import Tool


class TeamSwitchForm(forms.Form):
    team = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=500)

    def clean_next(self) -> str:
        """Only a path on this site: a crafted form must not redirect people elsewhere."""
        value = self.cleaned_data["next"]
        if value and url_has_allowed_host_and_scheme(value, allowed_hosts=None):
            return value
        return ""


class RejectForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500, label="Why (optional)")


def _field_for(name: str, spec: dict[str, Any], required: bool) -> forms.Field:
    label = name.replace("_", " ").capitalize()
    kind = spec.get("type")
    if kind == "boolean":
        return forms.BooleanField(required=False, label=label)
    if kind == "integer":
        return forms.IntegerField(required=required, label=label)
    if kind == "array":
        return forms.CharField(
            required=required, label=label, help_text="Separate several with commas."
        )
    widget = forms.Textarea(attrs={"rows": 3}) if spec.get("maxLength", 0) > 300 else None
    return forms.CharField(required=required, label=label, widget=widget, strip=True)


def _person(value: str) -> int | str:
    """A short number is a contact id; anything longer is a phone number or an address."""
    number = whole_number(value)
    return number if number is not None and len(value) <= 6 else value


def _people_now(value: Any, names: dict[int, str]) -> str:
    items = value if isinstance(value, list) else [value]
    ids = [i for i in items if isinstance(i, int) and not isinstance(i, bool)]
    return ", ".join(f"#{i} is {names[i]}" for i in ids if i in names)


class ActionEditForm(forms.Form):
    """One field per argument of the tool's schema; ``args()`` turns them back into JSON."""

    def __init__(
        self,
        *args: Any,
        tool: Tool,
        initial_args: dict[str, Any],
        contact_names: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.tool = tool
        properties = tool.schema.get("properties", {})
        required = set(tool.schema.get("required", []))
        initial = {
            name: ", ".join(map(str, value)) if isinstance(value, list) else value
            for name, value in initial_args.items()
        }
        super().__init__(*args, initial=initial, **kwargs)
        for name, spec in properties.items():
            self.fields[name] = _field_for(name, spec, name in required)
            people = _people_now(initial_args.get(name), contact_names or {})
            if people:  # a contact id means little to a person: say who it is
                self.fields[
                    name
                ].help_text = f"Now: {people}. Give contact ids, phone numbers or email addresses."

    def args(self) -> dict[str, Any]:
        properties = self.tool.schema.get("properties", {})
        result: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            spec = properties[name]
            if value in ("", None) and spec.get("type") != "boolean":
                continue
            if spec.get("type") == "array":
                result[name] = [_person(v.strip()) for v in value.split(",") if v.strip()]
            elif "anyOf" in spec and isinstance(value, str):
                result[name] = _person(value)
            elif spec.get("type") == "boolean":
                if value or name in self.initial:
                    result[name] = bool(value)
            else:
                result[name] = value
        return result

    def apply_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(None if name not in self.fields else name, message)


class AgentSettingsForm(forms.ModelForm):
    always_ask_channels = forms.MultipleChoiceField(
        required=False,
        choices=[("sms", "Text messages"), ("email", "Emails"), ("call", "Phone calls")],
        widget=forms.CheckboxSelectMultiple,
        label="Always ask me before",
    )

    class Meta:
        model = UserAgentSettings
        fields = [
            "auto_approve_low",
            "auto_approve_medium",
            "confidence_threshold",
            "always_ask_channels",
            "undo_seconds",
        ]
        labels = {
            "auto_approve_low": "Run low-risk actions without asking me",
            "auto_approve_medium": "Run medium-risk actions without asking me",
            "confidence_threshold": "Ask me when the assistant is less sure than (0 to 1)",
            "undo_seconds": "Seconds to undo after approving a message",
        }

    def clean_confidence_threshold(self) -> float:
        value = self.cleaned_data["confidence_threshold"]
        if not 0 <= value <= 1:
            raise forms.ValidationError("Use a number from 0 to 1, such as 0.7.")
        return value


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name", help_text="What will use it, e.g. 'n8n'.")


def args_as_json(args: dict[str, Any]) -> str:
    return json.dumps(args, indent=2, ensure_ascii=False)


class _ActionFilterForm(forms.Form):
    """Filters the queue and the history share; the team's people and contacts are options."""

    tool = forms.ChoiceField(required=False, label="Tool")
    contact = forms.TypedChoiceField(required=False, label="Contact", coerce=int)
    requester = forms.TypedChoiceField(required=False, label="Asked by", coerce=int)

    def __init__(
        self,
        *args: Any,
        requesters: list[tuple[int, str]],
        contacts: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        from assistant.tools.registry import TOOLS

        super().__init__(*args, **kwargs)
        self.fields["tool"].choices = [("", "Any tool"), *((name, name) for name in TOOLS)]
        self.fields["contact"].choices = [("", "Any contact"), *contacts]
        self.fields["requester"].choices = [("", "Anyone"), *requesters]


class QueueFilterForm(_ActionFilterForm):
    """The approval queue's filters; a value that is not an option is simply ignored."""

    risk = forms.ChoiceField(required=False, label="Risk")
    field_order = ["tool", "risk", "requester", "contact"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from assistant.models import Action

        super().__init__(*args, **kwargs)
        self.fields["risk"].choices = [("", "Any risk"), *Action.Risk.choices]

    def filters(self) -> Any:
        """The valid filters (an invalid one is left out rather than refused)."""
        from assistant.approvals.selectors import ActionFilters

        self.is_valid()
        return ActionFilters(**{name: value for name, value in self.cleaned_data.items() if value})


class BulkDecisionForm(forms.Form):
    """Several actions decided at once: each ticked box is "id:digest" (what was shown)."""

    selected = forms.MultipleChoiceField(required=True)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].error_messages["required"] = "Tick at least one action first."
        values = self.data.getlist("selected") if hasattr(self.data, "getlist") else []
        self.fields["selected"].choices = [(v, v) for v in values]

    def clean_selected(self) -> list[str]:
        """Each value is "<action id>:<digest>", the id in ASCII digits ("²:abc" is not)."""
        values = self.cleaned_data["selected"]
        for value in values:
            if whole_number(value.partition(":")[0]) is None:
                raise forms.ValidationError(
                    "%(value)s does not name an action.", code="malformed", params={"value": value}
                )
        return values

    def pairs(self) -> list[tuple[int, str]]:
        chosen = []
        for value in self.cleaned_data["selected"]:
            pk, _, digest = value.partition(":")
            chosen.append((int(pk), digest))
        return chosen


class HistoryFilterForm(_ActionFilterForm):
    """The history's filters and search; invalid values are reported beside their field."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    status = forms.ChoiceField(required=False, label="Status")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput({"type": "date"}))
    field_order = ["q", "status", "tool", "contact", "requester", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from assistant.models import Action

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *Action.Status.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end comes before the start.")
        return data

    def filters(self) -> Any:
        """All the filters when every one is valid, else none (the errors say why)."""
        from assistant.approvals.selectors import ActionFilters

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        values = {name: value for name, value in data.items() if value and name != "q"}
        return ActionFilters(**values, text=data.get("q", ""))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(choices=[(1, "Good"), (-1, "Not good")], coerce=int)
    comment = forms.CharField(required=False, max_length=1000, label="Comment (optional)")
