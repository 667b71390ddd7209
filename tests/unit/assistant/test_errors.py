"""One error base (STYLE.md): every error a person can meet is a CodedError with a code, a
sentence and a status, rendered by one API handler and one template partial."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from assistant.api.v1 import ApiError
from assistant.engine.actions import ActionError
from assistant.errors import CodedError
from assistant.planning.llm.base import PlannerError
from assistant.planning.services import PlanningError
from assistant.tools.registry import ToolError
from messaging.identities import IdentityError
from messaging.providers.base import ProviderError

ERRORS = [
    (ActionError("STALE", "Look again."), 409),
    (ActionError("SECOND_PERSON_REQUIRED", "Another admin."), 403),
    (ApiError(404, "NOT_FOUND", "There is no action #9."), 404),
    (PlannerError("LLM_TIMEOUT", "The model did not answer."), 503),
    (PlanningError("NOT_WAITING", "It is decided."), 409),
    (ToolError("INVALID_RECIPIENT", "No such contact."), 400),
    (IdentityError("WRONG_CODE", "That code is not right."), 400),
    (ProviderError("PROVIDER_TIMEOUT", "Twilio did not answer.", permanent=False), 502),
]


@pytest.mark.parametrize(("error", "status"), ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_a_person_meets_is_coded_with_a_status(error, status):
    assert isinstance(error, CodedError)
    assert (error.status, str(error)) == (status, error.message)
    assert error.as_dict() == {"code": error.code, "message": error.message, "details": {}}


def test_a_provider_that_needs_reconnecting_is_permanent():
    error = ProviderError("REAUTH_REQUIRED", "Connect Gmail again.", permanent=False, reauth=True)
    assert (error.permanent, error.reauth) == (True, True)


def test_the_error_partial_shows_the_code_the_sentence_and_the_fields():
    error = CodedError("INVALID_ARGS", "Some fields have problems.",
                       details={"body": ["This field may not be empty."]})  # fmt: skip
    html = render_to_string("_error.html", {"error": error})
    assert 'role="alert" data-code="INVALID_ARGS"' in html
    assert "Some fields have problems." in html
    assert "body</span>: This field may not be empty." in html
    assert "Plain words." in render_to_string("_error.html", {"error": "Plain words."})
    assert "alert" not in render_to_string("_error.html", {"error": ""})
