"""The planner interface: words in, proposed tool calls out, with no side effects.

A planner reads a ``PlanContext`` (the request, who asked, now and their time zone, the
answers to earlier clarification questions) and returns a ``Plan``: the tool calls it
proposes, or one clarification question, or a plain message saying it did not understand.
It never writes to the database; what it wants traced (LLM calls, dropped tool calls) it
returns in ``Plan.events`` for ``assistant.planning.services`` to record.

Planners: ``offline`` (``offline.py`` here: rules, no network) and ``openai`` (``openai.py``:
tool calling). ``assistant.planning.services`` picks one from settings and falls back to
offline when the LLM fails (``PlannerError``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from assistant.errors import CodedError

if TYPE_CHECKING:
    from assistant.models import Team, User


@dataclass(frozen=True)
class Revision:
    """An approver's request for changes: the action as proposed and what they said."""

    tool: str
    args: dict[str, Any]
    feedback: str


@dataclass(frozen=True)
class PlanContext:
    team: Team
    user: User | None
    text: str
    now: datetime  # aware
    time_zone: str  # the requester's IANA zone: times in the request are read in it
    # Answers to clarification questions: the mention as the person wrote it, casefolded
    # ("alex"), to a contact id or, for a new recipient, an E.164 number or email address.
    answers: dict[str, int | str] = field(default_factory=dict)
    # True when someone outside the team wrote ``text`` (an inbound SMS or email): it is
    # data to act on, never instructions to the planner.
    untrusted: bool = False
    revision: Revision | None = None


@dataclass(frozen=True)
class ProposedCall:
    tool: str
    args: dict[str, Any]
    confidence: float  # 0 to 1: how well the request matched
    rationale: str = ""


@dataclass(frozen=True)
class Choice:
    value: int | str  # a contact id
    label: str  # "Alex Rivera (+1 415-555-0103)"


@dataclass(frozen=True)
class Clarification:
    """One question the planner needs answered before it can propose anything."""

    mention: str  # the words the person used: "Alex"
    question: str  # "Which Alex do you mean?"
    choices: list[Choice] = field(default_factory=list)  # may be empty: "no such contact"


@dataclass(frozen=True)
class PlanEvent:
    """Something the planner wants in the task's trace (``TraceEvent`` fields)."""

    kind: str  # llm_call or planner
    payload: dict[str, Any]
    model: str = ""
    tokens_in: int | None = None
    tokens_out: int | None = None
    latency_ms: int | None = None


@dataclass(frozen=True)
class Plan:
    calls: list[ProposedCall] = field(default_factory=list)
    clarification: Clarification | None = None
    message: str = ""  # for people: what was understood, or why nothing was proposed
    planner: str = ""  # offline or openai
    events: list[PlanEvent] = field(default_factory=list)


class PlannerError(CodedError):
    """The planner could not plan (LLM not configured, unreachable, timed out, over budget):
    a machine code and a sentence; ``assistant.planning.services`` falls back to offline."""

    def __init__(self, code: str, message: str, *, events: list[PlanEvent] | None = None):
        super().__init__(code, message, permanent=False, status=503)
        self.events = events or []


class Planner(Protocol):
    name: str

    def plan(self, context: PlanContext) -> Plan:
        """Propose tool calls for ``context.text`` (or its revision); no side effects.

        Raise PlannerError when planning could not happen at all; a request that was read
        but not understood is a Plan with no calls and a ``message``.
        """
        ...
