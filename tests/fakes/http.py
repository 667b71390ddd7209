"""What every fake HTTP provider shares: answering JSON, and keeping quiet in the log."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any


class JsonHandler(BaseHTTPRequestHandler):
    """A request handler that answers JSON; subclasses add ``do_GET`` / ``do_POST``."""

    content_type = "application/json"

    def request_id(self) -> str:
        """The value of the provider's request-id header; "" sends none."""
        return ""

    def request_id_header(self) -> str:
        """The name of that header."""
        return "x-request-id"

    def reply_json(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", self.content_type)
        self.send_header("content-length", str(len(data)))
        if self.request_id():
            self.send_header(self.request_id_header(), self.request_id())
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows what a failing test needs from the assertions."""
