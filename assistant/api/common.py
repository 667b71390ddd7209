"""What every API router shares: the error every failure becomes (``ApiError``), its schema,
the error answers a route declares, the input every request passes (``InputSchema`` for
bodies, ``SafeText`` for query text), paging, and the caller of a request."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import BeforeValidator, field_validator
from pydantic_core import PydanticCustomError

from assistant.errors import CodedError
from assistant.inputs import text_problem
from assistant.teams.tokens import ApiCaller

PAGE_DEFAULT = 20
PAGE_MAX = 100


class ApiError(CodedError):
    """An answer that is not a success: status, machine code, sentence, details by field."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code, message, details=details, status=status)


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any]


ERRORS: dict[int, Any] = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut,
    500: ErrorOut,
}  # fmt: skip


def _storable(value: Any) -> Any:
    """The value as sent, unless text in it (nested too) is none the database can hold: a
    NUL character or an unpaired surrogate is refused by field (422 ``VALIDATION_ERROR``)."""
    problem = text_problem(value)
    if problem:
        raise PydanticCustomError("unsafe_text", problem)
    return value


class InputSchema(Schema):
    """The base of every request body: each field is checked by ``_storable`` before its own
    type is, so no schema repeats the check and none can forget it."""

    @field_validator("*", mode="before")
    @classmethod
    def _storable_field(cls, value: Any) -> Any:
        return _storable(value)


SafeText = Annotated[str, BeforeValidator(_storable)]  # query text, such as a search


def not_found(kind: str, pk: int) -> ApiError:
    return ApiError(404, "NOT_FOUND", f"There is no {kind} #{pk}.")


def caller_of(request: HttpRequest) -> ApiCaller:
    return request.auth  # type: ignore[attr-defined]


def page_of(
    queryset: QuerySet, limit: int, offset: int, shape: Any, *, many: Any = None
) -> dict[str, Any]:
    """One page of ``queryset``: each row through ``shape``, or the whole page at once
    through ``many`` (rows -> items) when rows share work, such as reading recipients.

    An ``offset`` at or past the end is an empty page, never a query: PostgreSQL's OFFSET is
    a bigint, and any larger number a caller sends would fail there."""
    count = queryset.count()
    rows = list(queryset[offset : offset + limit]) if offset < count else []
    items = many(rows) if many else [shape(row) for row in rows]
    following = offset + limit
    return {
        "items": items,
        "count": count,
        "limit": limit,
        "offset": offset,
        "next_offset": following if following < count else None,
    }
