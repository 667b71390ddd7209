"""The OpenAI planner: a request and its context in, proposed tool calls out, by tool calling.

Any server that speaks OpenAI's chat-completions API works (``OPENAI_BASE_URL``). The model
only proposes: every call it returns is checked here against the registry, its people are
resolved the way the offline planner resolves them (``people.person_resolve``), and what
survives goes on to the policy like any other proposal.
"""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

import openai
from django.conf import settings
from django.template.loader import render_to_string
from openai.types.chat import ChatCompletion, ChatCompletionMessageToolCallUnion

from assistant.inputs import whole_number
from assistant.tools.registry import TOOLS, Tool
from contacts.models import Contact
from contacts.phones import looks_like_phone
from contacts.selectors import contacts_mentioned

from .base import Clarification, Plan, PlanContext, PlanEvent, PlannerError, ProposedCall
from .people import person_resolve

logger = logging.getLogger(__name__)

CONFIDENCE = 0.9  # a call the model chose and that passed every check here
MESSAGE_LIMIT = 500  # characters of the model's own words kept in a plan
CONTACTS_LIMIT = 20  # contacts described to the model
MEMORY_LIMIT = 5  # most recent notes per contact described to the model

# OpenAI refuses a function whose parameters combine schemas at the top level; the registry
# keeps those rules (create_calendar_event: end or duration_minutes) and checks them here.
_TOP_LEVEL_REFUSED = {"oneOf", "anyOf", "allOf", "not", "enum", "const"}
_UNTRUSTED_TAG = re.compile(r"<\s*/?\s*untrusted_message\b[^>]*>", re.IGNORECASE)


class OpenAIPlanner:
    name = "openai"

    def plan(self, context: PlanContext) -> Plan:
        """Ask the model once and check what it proposes.

        1. Refuse early (LLM_NOT_CONFIGURED) without an API key: nothing leaves.
        2. Describe the request, now, the time zone, the tools and the contacts mentioned.
        3. One chat-completions call; the SDK retries 429 and 5xx itself, honouring
           ``retry-after`` up to two minutes. Failures become a PlannerError.
        4. Each tool call is kept, or dropped with a traced reason; an unclear person stops
           the plan with a clarification question.
        """
        if not settings.OPENAI_API_KEY:
            raise PlannerError(
                "LLM_NOT_CONFIGURED",
                "The OpenAI planner is not configured: set OPENAI_API_KEY.",
                events=[PlanEvent(kind="planner", payload={"error": "LLM_NOT_CONFIGURED"})],
            )
        completion, call_event = _complete(
            messages=[
                {"role": "system", "content": _system_prompt(context)},
                {"role": "user", "content": _request_message(context)},
            ],
            tools=[_function(tool) for tool in TOOLS.values()],
        )
        events = [call_event]
        message = completion.choices[0].message if completion.choices else None
        words = _trimmed(message.content if message else "")
        calls: list[ProposedCall] = []
        for tool_call in (message.tool_calls if message else None) or []:
            checked = _check(context, tool_call, rationale=words, events=events)
            if isinstance(checked, Clarification):
                return Plan(clarification=checked, planner=self.name, events=events)
            if checked is not None:
                calls.append(checked)
        if not calls:
            words = words or "The assistant did not propose anything for this request."
            return Plan(message=words, planner=self.name, events=events)
        return Plan(calls=calls, planner=self.name, events=events)


# --- The request ----------------------------------------------------------------------------


def _function(tool: Tool) -> dict[str, Any]:
    """The registry's tool as an OpenAI function, its risk in its description."""
    description = " ".join(
        part
        for part in (tool.description, tool.schema.get("x-message"), f"Risk: {_risk(tool)}.")
        if part
    )
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": description,
            "parameters": _parameters(tool.schema, top=True),
        },
    }


def _parameters(schema: dict[str, Any], *, top: bool = False) -> dict[str, Any]:
    """The schema without our ``x-`` keywords and the combinations OpenAI refuses on top."""
    kept: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or (top and key in _TOP_LEVEL_REFUSED):
            continue
        if key == "properties":
            value = {name: _parameters(sub) for name, sub in value.items()}
        elif key in {"items", "not"} and isinstance(value, dict):
            value = _parameters(value)
        elif key in {"anyOf", "oneOf", "allOf"}:
            value = [_parameters(sub) for sub in value]
        kept[key] = value
    return kept


def _risk(tool: Tool) -> str:
    if isinstance(tool.risk, str):
        return tool.risk
    return f"{tool.base_risk({})}, or higher depending on the arguments"


def _system_prompt(context: PlanContext) -> str:
    now = context.now.astimezone(ZoneInfo(context.time_zone))
    return render_to_string(
        "assistant/llm/system_prompt.txt",
        {
            "team": context.team,
            "now": now.isoformat(timespec="seconds"),
            "weekday": now.strftime("%A"),
            "time_zone": context.time_zone,
            "tools": [{"name": t.name, "risk": _risk(t)} for t in TOOLS.values()],
            "contacts": _mentioned_contacts(context),
            "answers": [
                (mention, f"contact id {value}" if isinstance(value, int) else value)
                for mention, value in context.answers.items()
            ],
        },
        using="text",
    ).strip()


def _request_message(context: PlanContext) -> str:
    revision = context.revision
    return render_to_string(
        "assistant/llm/request.txt",
        {
            "text": _UNTRUSTED_TAG.sub("[tag removed]", context.text.strip()),
            "untrusted": context.untrusted,
            "revision": revision,
            "proposed": revision
            and json.dumps({"tool": revision.tool, "args": revision.args}, ensure_ascii=False),
        },
        using="text",
    ).strip()


def _mentioned_contacts(context: PlanContext) -> list[Contact]:
    """The team's contacts the request may mean, with phones, emails and recent notes.

    A cheap net, not a resolution: contacts whose name or nickname contains a word of the
    request (or of the approver's feedback), and contacts an answer or the revised action
    already names by id.
    """
    text = context.text
    ids = [value for value in context.answers.values() if isinstance(value, int)]
    if context.revision:
        text = f"{text} {context.revision.feedback}"
        ids += [
            p
            for p in _people_in(context.revision.tool, context.revision.args)
            if isinstance(p, int)
        ]
    return contacts_mentioned(
        team=context.team, text=text, ids=ids, limit=CONTACTS_LIMIT, notes=MEMORY_LIMIT
    )


# --- The call -------------------------------------------------------------------------------


def _complete(
    *, messages: list[dict[str, Any]], tools: list[dict[str, Any]]
) -> tuple[ChatCompletion, PlanEvent]:
    """One chat completion and its trace event; a PlannerError (with the event) on failure."""
    model = settings.OPENAI_MODEL
    started = time.monotonic()
    try:
        with openai.OpenAI(
            api_key=settings.OPENAI_API_KEY,
            base_url=settings.OPENAI_BASE_URL,
            timeout=float(settings.OPENAI_TIMEOUT_SECONDS),
            max_retries=settings.OPENAI_MAX_RETRIES,
        ) as client:
            raw = client.chat.completions.with_raw_response.create(
                model=model, messages=messages, tools=tools, tool_choice="auto"
            )
            completion = raw.parse()
    except openai.APITimeoutError as error:
        raise _failure(
            "LLM_TIMEOUT",
            f"OpenAI did not answer within the {settings.OPENAI_TIMEOUT_SECONDS}-second timeout.",
            model=model,
            started=started,
        ) from error
    except openai.RateLimitError as error:
        raise _failure(
            "LLM_RATE_LIMITED",
            f"OpenAI is rate limiting this key: {_said(error)}",
            model=model,
            started=started,
            status=error.status_code,
        ) from error
    except openai.APIConnectionError as error:
        raise _failure(
            "LLM_UNAVAILABLE",
            f"Could not reach OpenAI at {settings.OPENAI_BASE_URL}.",
            model=model,
            started=started,
        ) from error
    except openai.APIStatusError as error:
        raise _failure(
            "LLM_UNAVAILABLE",
            f"OpenAI answered {error.status_code}: {_said(error)}",
            model=model,
            started=started,
            status=error.status_code,
        ) from error
    except openai.APIError as error:
        raise _failure(
            "LLM_UNAVAILABLE",
            f"OpenAI's answer was unusable: {error.message}",
            model=model,
            started=started,
        ) from error
    choice = completion.choices[0] if completion.choices else None
    tool_calls = (choice.message.tool_calls if choice else None) or []
    usage = completion.usage
    event = PlanEvent(
        kind="llm_call",
        model=completion.model or model,
        tokens_in=usage.prompt_tokens if usage else None,
        tokens_out=usage.completion_tokens if usage else None,
        latency_ms=_elapsed_ms(started),
        payload={
            "finish_reason": choice.finish_reason if choice else None,
            "tool_calls": len(tool_calls),
            "retries": raw.retries_taken,
            "request_id": raw.request_id,
        },
    )
    return completion, event


def _said(error: openai.APIStatusError) -> str:
    """What the provider said, from OpenAI's ``{"error": {"message": ...}}`` body."""
    body = error.body
    said = body.get("message") if isinstance(body, dict) else None
    return str(said or error.message)[:MESSAGE_LIMIT]


def _failure(
    code: str, message: str, *, model: str, started: float, status: int | None = None
) -> PlannerError:
    payload: dict[str, Any] = {"error": code, "message": message}
    if status is not None:
        payload["status"] = status
    event = PlanEvent(
        kind="llm_call", model=model, latency_ms=_elapsed_ms(started), payload=payload
    )
    logger.info("OpenAI planner failed: %s %s", code, message)  # planning warns on fallback
    return PlannerError(code, message, events=[event])


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


# --- The answer -----------------------------------------------------------------------------


def _check(
    context: PlanContext,
    tool_call: ChatCompletionMessageToolCallUnion,
    *,
    rationale: str,
    events: list[PlanEvent],
) -> ProposedCall | Clarification | None:
    """The proposed call, a question about a person, or None (dropped, with an event).

    1. The tool must exist and its arguments be a JSON object.
    2. Every field but the people must already be valid, so nobody is asked about a call
       that could never run.
    3. People written as names become contact ids (or a question), then all is checked again.
    """
    if tool_call.type == "function":
        name, arguments = tool_call.function.name, tool_call.function.arguments
    else:  # a custom (free-text) tool: we declare none, so it cannot be ours
        name, arguments = tool_call.custom.name, ""

    def drop(code: str, message: str, **details: Any) -> None:
        events.append(
            PlanEvent(
                kind="planner",
                payload={"dropped": name, "code": code, "message": message, **details},
            )
        )

    tool = TOOLS.get(name) if tool_call.type == "function" else None
    if tool is None:
        return drop("UNKNOWN_TOOL", f"There is no tool called {name}.")
    try:
        args = json.loads(arguments)
    except ValueError as error:
        return drop(
            "MALFORMED_ARGUMENTS",
            f"The arguments are not valid JSON ({error}).",
            arguments=arguments[:MESSAGE_LIMIT],
        )
    if not isinstance(args, dict):
        return drop(
            "MALFORMED_ARGUMENTS",
            "The arguments are not a JSON object.",
            arguments=arguments[:MESSAGE_LIMIT],
        )
    people = tool.people
    errors = tool.errors(args)
    if set(errors) - set(people):
        return drop("INVALID_ARGS", "The arguments do not fit the tool.", errors=errors)
    resolved = _resolve_people(context, args, people)
    if isinstance(resolved, Clarification):
        return resolved
    errors = tool.errors(resolved)
    if errors:
        return drop("INVALID_ARGS", "The arguments do not fit the tool.", errors=errors)
    return ProposedCall(tool=tool.name, args=resolved, confidence=CONFIDENCE, rationale=rationale)


def _people_in(tool_name: str, args: dict[str, Any]) -> list[Any]:
    tool = TOOLS.get(tool_name)
    people: list[Any] = []
    for name in tool.people if tool else {}:
        value = args.get(name)
        people.extend(value if isinstance(value, list) else [value])
    return people


def _resolve_people(
    context: PlanContext, args: dict[str, Any], people: dict[str, set[str]]
) -> dict[str, Any] | Clarification:
    resolved = dict(args)
    for name, not_people in people.items():
        if name not in args:
            continue
        value = args[name]
        values = value if isinstance(value, list) else [value]
        persons = [_resolve_person(context, v, not_people) for v in values]
        question = next((p for p in persons if isinstance(p, Clarification)), None)
        if question is not None:
            return question
        resolved[name] = persons if isinstance(value, list) else persons[0]
    return resolved


def _resolve_person(context: PlanContext, value: Any, not_people: set[str]) -> Any:
    """A name becomes a contact id (or a question); ids, numbers, "me" and oddities stay as
    they are, for the schema to judge."""
    if not isinstance(value, str) or value in not_people or not value.strip():
        return value
    text = value.strip()
    number = whole_number(text)
    if number is not None and not looks_like_phone(text):
        return number  # an id the model wrote as a string
    return person_resolve(context, text)


def _trimmed(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"
