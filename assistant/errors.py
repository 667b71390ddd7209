"""The one error base: every refusal or failure a person can meet is a ``CodedError``.

A ``CodedError`` carries a machine ``code`` (``SECOND_PERSON_REQUIRED``), a ``message`` a
person can act on, optional ``details`` by field, whether trying again could help
(``permanent``) and the HTTP ``status`` the API answers with. Subclasses name where the error
comes from (actions, tools, providers, planning, identities, the API) and may map codes to
statuses in ``STATUS``; the API has one handler for all of them and templates one partial,
``_error.html``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class CodedError(Exception):
    """A failure with a machine code and a sentence for people.

    ``status`` is the HTTP status the API answers with: given, else the subclass's ``STATUS``
    for the code, else 400.
    """

    STATUS: ClassVar[dict[str, int]] = {}

    def __init__(
        self,
        code: str,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        permanent: bool = True,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}
        self.permanent = permanent
        self.status = status if status is not None else self.STATUS.get(code, 400)

    def as_dict(self) -> dict[str, Any]:
        """The body the API answers with: ``{"code", "message", "details"}``."""
        return {"code": self.code, "message": self.message, "details": self.details}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"
