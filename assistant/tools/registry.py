"""The tool contract (v2) and the registries apps fill: tools, channels, requirements.

A tool is declared once, with ``Tool(...)``, in the ``tools.py`` of the app that owns its side
effect (``TOOLS = [...]``); ``tools_collect`` reads those lists from ``settings.TOOL_APPS`` at
start-up. The planner, the policy, the cards and the API read everything they need about a
tool from it (who it notifies, its channel, what it requires, its content fields), so no
module keeps a table keyed by tool name. Channels (``channel_register``) and requirements
(``requirement_register``) are declared by the apps that own them; the core never names one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from jsonschema import Draft202012Validator, FormatChecker

from assistant.errors import CodedError

if TYPE_CHECKING:
    from assistant.models import Action

RISK_ORDER = ["low", "medium", "high", "critical"]

_formats = FormatChecker()


@_formats.checks("date-time", raises=ValueError)
def _is_datetime_with_offset(value: object) -> bool:
    """ISO 8601 with a UTC offset (SPEC §5): a time without a zone is ambiguous, so refused."""
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("needs a UTC offset, like 2026-11-22T16:00:00+01:00")
    return True


class ToolError(CodedError):
    """A tool call that failed: a machine code, a sentence for people, and whether retrying
    could help (``permanent=False``).

    ``unknown`` says the call may have taken effect (a read timeout after the request left):
    it is never retried blindly; the engine asks the tool's ``recover`` first.
    """

    def __init__(self, code: str, message: str, *, unknown: bool = False, **kwargs: Any) -> None:
        super().__init__(code, message, **kwargs)
        self.unknown = unknown


@dataclass(frozen=True)
class Channel:
    """A way of reaching people (declared by messaging in ``messaging/channels.py``).

    ``address`` is the kind of address a recipient needs (``phone`` or ``email``);
    ``quiet_hours`` says whether recipients' quiet hours hold it; ``contact_opt_out`` is the
    Contact field that mirrors a recipient's opt-out of this channel; ``noun``/``plural``
    are the words for people ("text", "Texts").
    """

    name: str
    address: str
    quiet_hours: bool
    contact_opt_out: str
    noun: str
    plural: str


@dataclass(frozen=True)
class Requirement:
    """Something that must exist before a tool can run (a calendar connection, say).

    ``met`` is the dotted path of ``met(*, team, user) -> bool``; when it answers False the
    policy denies the call up front with ``code`` and ``message``, before anyone approves.
    """

    name: str
    code: str
    message: str
    met: str

    def is_met(self, *, team: Any, user: Any) -> bool:
        return bool(import_string(self.met)(team=team, user=user))


def rerun_is_safe(*, action: Action) -> bool:
    """``recover`` for tools whose only effects are rows keyed by the action (their handler
    is idempotent by action id): running again after a crash does nothing twice."""
    return False


@dataclass(frozen=True)
class Tool:
    """One tool the planner may propose.

    - ``schema``, ``risk`` (a level or ``risk(args) -> level``), ``handler`` (dotted path of
      ``handler(*, action) -> dict``, raising ToolError), a summary template
      ``assistant/tools/<name>.txt``;
    - ``channel``: the channel (see ``channel_register``) it contacts people on, or "";
    - ``notifies``: the argument fields naming people who will be contacted; the policy
      resolves and checks every one (new recipients, opt-outs, most recipients);
    - ``contact_fields``: the argument fields that must name an existing contact of the team
      (an id, or words that find exactly one); with the ids in every other person field, they
      are checked when the action is proposed and when it is edited, so another team's
      contact or a missing one is refused before anyone approves (``CONTACT_NOT_IN_TEAM``);
    - ``args_check``: dotted path of ``args_check(*, team, args) -> {field: ToolError}``, for
      the other rows of the team an argument names (a commitment), checked at the same times;
    - ``requires``: names of requirements (``requirement_register``) checked before approval;
    - ``estimate``: dotted path of ``estimate(args, recipients) -> micro-dollars`` (0 if "");
    - ``recover``: dotted path of ``recover(*, action) -> True | False | None``, asked by the
      sweeper about an action found ``executing`` after a crash: done, provably not done (so
      it runs again), or unknown (a person looks). Without one: tools that only read answer
      False, every other tool None;
    - ``content``: (field, label) pairs of the words a card shows as they would go out;
    - ``people`` (read from the schema): the fields that hold a person (``PERSON``), which
      planners fill from names;
    - ``noun``: what one call is called in sentences about decisions ("text"), or "".
    """

    name: str
    description: str
    schema: dict[str, Any]
    risk: str | Callable[[dict[str, Any]], str]
    handler: str
    channel: str = ""
    side_effects: bool = True  # False for tools that only read
    notifies: tuple[str, ...] = ()
    contact_fields: tuple[str, ...] = ()
    args_check: str = ""
    requires: tuple[str, ...] = ()
    estimate: str = ""
    recover: str = ""
    content: tuple[tuple[str, str], ...] = ()
    noun: str = ""
    _validator: Draft202012Validator = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        Draft202012Validator.check_schema(self.schema)
        unknown = set(self.contact_fields) - set(self.schema.get("properties", {}))
        if unknown:
            raise ImproperlyConfigured(
                f"The tool {self.name!r} names contact fields it does not take: "
                f"{', '.join(sorted(unknown))}."
            )
        validator = Draft202012Validator(self.schema, format_checker=_formats)
        object.__setattr__(self, "_validator", validator)

    @property
    def is_communication(self) -> bool:
        return bool(self.channel and self.notifies)

    def base_risk(self, args: dict[str, Any]) -> str:
        return self.risk(args) if callable(self.risk) else self.risk

    def errors(self, args: object) -> dict[str, list[str]]:
        """Field-level validation errors (``{"body": ["..."]}``; ``"__all__"`` for the whole)."""
        problems: dict[str, list[str]] = {}
        for error in sorted(self._validator.iter_errors(args), key=lambda e: list(e.path)):
            name, text = _explain(error, self.schema)
            problems.setdefault(name, []).append(text)
        return problems

    def recipients(self, args: dict[str, Any]) -> list[Any]:
        """The values of every ``notifies`` field, lists flattened."""
        people: list[Any] = []
        for name in self.notifies:
            value = args.get(name)
            people.extend(value if isinstance(value, list) else [value] if value else [])
        return people

    @property
    def people(self) -> dict[str, set[str]]:
        """The arguments that name people (``PERSON``, a list of them, or one of the choices),
        each with the words that are not people ("me")."""
        fields: dict[str, set[str]] = {}
        for name, schema in self.schema.get("properties", {}).items():
            options = schema.get("anyOf", [])
            if schema == PERSON or schema.get("items") == PERSON or PERSON in options:
                fields[name] = {option["const"] for option in options if "const" in option}
        return fields

    def team_errors(self, *, team: Any, args: dict[str, Any]) -> dict[str, ToolError]:
        """What the tool's ``args_check`` finds that is not ``team``'s, by field ({} without
        one)."""
        return import_string(self.args_check)(team=team, args=args) if self.args_check else {}

    def label(self, name: str) -> str:
        """The words for argument ``name`` on a card ("Text" for body), or the name itself."""
        return dict(self.content).get(name, name)

    def cost_estimate(self, args: dict[str, Any], recipients: list[Any]) -> int:
        """What running it would cost, in micro-dollars (0 until costs prices it)."""
        return int(import_string(self.estimate)(args, recipients)) if self.estimate else 0

    def was_done(self, action: Action) -> bool | None:
        """Whether ``action``, found executing after a crash, was done (see ``recover``)."""
        if self.recover:
            return import_string(self.recover)(action=action)
        return False if not self.side_effects else None

    def summary(self, action: Action, **context: Any) -> str:
        """The action in plain words, from ``assistant/tools/<tool>.txt``."""
        return render_to_string(
            f"assistant/tools/{self.name}.txt",
            {"args": action.args, "action": action, **context},
            using="text",
        ).strip()

    def run(self, action: Action) -> dict[str, Any]:
        return import_string(self.handler)(action=action)


_TYPE_WORDS = {"boolean": "true or false", "integer": "a whole number", "string": "text",
               "array": "a list", "object": "a set of fields"}  # fmt: skip


def _explain(error: Any, schema: dict[str, Any]) -> tuple[str, str]:
    """A jsonschema error as (field, a sentence a person can act on)."""
    name = str(error.path[0]) if error.path else "__all__"
    quoted = error.message.split("'")
    match error.validator:
        case "required":
            return quoted[1], "This field is required."
        case "additionalProperties":
            return quoted[1], "This tool takes no such field."
        case "format":
            return (
                name,
                f"{error.instance!r} is not a time with an offset, like 2026-11-22T16:00:00+01:00.",
            )
        case "minLength" | "minItems":
            return name, "This field may not be empty."
        case "maxLength":
            return name, f"This is too long: at most {error.validator_value} characters."
        case "anyOf" if error.schema is PERSON or error.schema.get("anyOf") == PERSON["anyOf"]:
            return name, "Give a contact id, an E.164 phone number or an email address."
        case "oneOf" | "anyOf" if not error.path:
            return name, schema.get("x-message", error.message)
        case "type":
            kinds = (
                error.validator_value
                if isinstance(error.validator_value, list)
                else [error.validator_value]
            )
            return name, f"This must be {' or '.join(_TYPE_WORDS.get(k, k) for k in kinds)}."
    return name, error.message


PERSON = {
    "description": "A contact id, or for a new recipient an E.164 number or an email address.",
    "anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "minLength": 3}],
}
WHEN = {"type": "string", "format": "date-time"}


def object_schema(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


# What the apps declare: filled by ``tools_collect`` and the apps' ``ready()``.
TOOLS: dict[str, Tool] = {}
CHANNELS: dict[str, Channel] = {}
REQUIREMENTS: dict[str, Requirement] = {}


def tools_collect(*, apps: list[str]) -> None:
    """Register the ``TOOLS`` list of each app's ``tools.py``, in the order of ``apps``.

    Raise ImproperlyConfigured for a name declared twice.
    """
    for app in apps:
        for tool in import_module(f"{app}.tools").TOOLS:
            if TOOLS.get(tool.name, tool) is not tool:
                raise ImproperlyConfigured(f"The tool {tool.name!r} is declared twice.")
            TOOLS[tool.name] = tool


def channel_register(channel: Channel) -> None:
    CHANNELS[channel.name] = channel


def requirement_register(requirement: Requirement) -> None:
    REQUIREMENTS[requirement.name] = requirement


def tool_get(name: str) -> Tool | None:
    """The registered tool called ``name``, or None (policy treats unknown tools as high)."""
    return TOOLS.get(name)


def channel_get(name: str) -> Channel | None:
    """The registered channel called ``name``, or None (a tool that contacts no one)."""
    return CHANNELS.get(name)


def channel_reaches_phones(name: str) -> bool:
    """Whether recipients on channel ``name`` are reached at a phone number."""
    channel = CHANNELS.get(name)
    return channel is not None and channel.address == "phone"
