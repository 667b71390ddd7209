"""What arrives from people and providers, made safe to store: one cleaning step per boundary.

Three kinds of input used to reach PostgreSQL and come back as a 500: text holding a NUL
character (text and JSON columns cannot hold one) or an unpaired surrogate (``"\\ud800"``,
which JSON can carry and UTF-8 cannot encode); a value longer than its column; and a number
read with ``str.isdigit()`` then ``int()`` (``"²".isdigit()`` is true, ``int("²")`` raises).
Each boundary now passes what it receives through one step, built from the helpers here:

- the API: every request body derives from ``InputSchema`` and query text is ``SafeText``
  (``assistant/api/common.py``), which refuse such text by field with 422 ``VALIDATION_ERROR``;
- pages: ``InputMiddleware`` refuses a GET or POST holding such text before any view reads
  it (400 ``UNSAFE_TEXT``), and answers an ``InputError`` a view let through the same way;
- Twilio's webhooks (``messaging/webhooks.py``): ``text_strip`` removes the characters, since
  refusing would lose a text Twilio keeps retrying; a value too long for its column is 400;
- services: ``field_problems`` / ``fields_check`` hold values against the model's own
  ``max_length``, so no form or schema has to repeat a column's size;
- numbers people type: ``whole_number`` reads ASCII digits only, within a bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from assistant.errors import CodedError
from assistant.outages import MACHINE_PATHS  # the API and the webhooks clean their own input

BIGINT_MAX = 2**63 - 1
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_WHOLE = re.compile(r"[0-9]{1,19}")  # 19 digits hold every bigint; int() is never slow
UNSAFE_WORDS = {
    "\x00": "a NUL character (\\x00), which text cannot hold",
    "surrogate": "an unpaired surrogate (such as \\ud800), which is not a character",
}


class InputError(CodedError):
    """Input refused before it could do harm, with details by field: ``UNSAFE_TEXT`` (no
    column can hold it), ``TOO_LONG`` (its column cannot), ``NOT_A_NUMBER``; all 400."""


# --- Text -----------------------------------------------------------------------------------


def _unsafe_at(value: object, path: tuple[str, ...] = ()) -> tuple[tuple[str, ...], str] | None:
    """Where in ``value`` (text, or lists and dicts of it, keys included) the first character
    no column can hold is, and which it is; None when there is none."""
    if isinstance(value, str):
        found = _UNSAFE.search(value)
        if found is None:
            return None
        return path, "\x00" if found.group() == "\x00" else "surrogate"
    if isinstance(value, dict):
        for key, item in value.items():
            hit = _unsafe_at(key, path) or _unsafe_at(item, (*path, str(key)))
            if hit:
                return hit
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            hit = _unsafe_at(item, (*path, str(index)))
            if hit:
                return hit
    return None


def text_problem(value: object) -> str:
    """Why ``value`` cannot be stored, in a sentence, or "" when it can. Nested values name
    the place: ``"At body: this holds a NUL character ..."``."""
    hit = _unsafe_at(value)
    if hit is None:
        return ""
    path, kind = hit
    sentence = f"This holds {UNSAFE_WORDS[kind]}; remove it."
    return f"At {'.'.join(path)}: {sentence[0].lower()}{sentence[1:]}" if path else sentence


def text_strip(text: str) -> str:
    """``text`` without NUL characters and unpaired surrogates (for what must not be refused)."""
    return _UNSAFE.sub("", text)


# --- Columns --------------------------------------------------------------------------------


def field_problems(model: type[Model], **values: object) -> dict[str, list[str]]:
    """Problems, by field, of storing ``values`` in ``model``'s columns: text no column can
    hold, or text longer than the field's ``max_length``. Empty when all fit."""
    problems: dict[str, list[str]] = {}
    for name, value in values.items():
        unsafe = text_problem(value)
        limit = model._meta.get_field(name).max_length
        if unsafe:
            problems[name] = [unsafe]
        elif limit is not None and isinstance(value, str) and len(value) > limit:
            problems[name] = [f"This is {len(value)} characters long; it may be at most {limit}."]
    return problems


def fields_check(model: type[Model], **values: object) -> None:
    """Raise ``InputError`` (``UNSAFE_TEXT``, else ``TOO_LONG``, details by field) unless
    every value fits its column of ``model``."""
    problems = field_problems(model, **values)
    if not problems:
        return
    if any(text_problem(values[name]) for name in problems):
        raise InputError("UNSAFE_TEXT", "Some text cannot be stored as it is.", details=problems)
    raise InputError("TOO_LONG", "Some values are longer than they may be.", details=problems)


def form_problems(form: forms.Form) -> dict[str, list[str]]:
    """A bound, invalid form's errors as ``details``: sentences by field."""
    return {
        name: [error["message"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }


# --- Numbers --------------------------------------------------------------------------------


def whole_number(text: object, *, maximum: int = BIGINT_MAX) -> int | None:
    """``text`` as a whole number from 0 to ``maximum`` written in ASCII digits (spaces around
    it allowed), else None: ``"²"``, ``"٣"``, ``"-1"``, ``"1e3"`` and a 20-digit number are not."""
    if not isinstance(text, str):
        return None
    digits = text.strip()
    if not _WHOLE.fullmatch(digits):
        return None
    value = int(digits)
    return value if value <= maximum else None


# --- Pages ----------------------------------------------------------------------------------


def input_error_response(request: HttpRequest, error: InputError) -> HttpResponse:
    """The answer to input refused: JSON for machines and HTMX (its toast shows the
    message), else a page saying what to change."""
    if request.path.startswith(MACHINE_PATHS) or request.headers.get("HX-Request"):
        return JsonResponse(error.as_dict(), status=error.status)
    return render(request, "400.html", {"error": error}, status=error.status)


class InputMiddleware:
    """Refuse a page's GET or POST that holds text no column can hold, before any view or
    form reads it; answer an ``InputError`` a view raises the same way. The API and the
    webhooks clean their own input (``MACHINE_PATHS``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(MACHINE_PATHS):
            problems = _query_problems(request)
            if problems:
                error = InputError(
                    "UNSAFE_TEXT", "Some of what was sent cannot be stored; nothing was changed.",
                    details=problems,
                )  # fmt: skip
                return input_error_response(request, error)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, InputError):
            return input_error_response(request, exception)
        return None


def _query_problems(request: HttpRequest) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    sources: list[Any] = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            problem = next(filter(None, map(text_problem, [name, *values])), "")
            if problem:
                problems[text_strip(name)] = [problem]
    return problems
