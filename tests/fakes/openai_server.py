"""A local stand-in for OpenAI's chat-completions API, spoken over real HTTP.

The real ``openai`` SDK talks to it, so our wiring (base URL, key, timeout, retries, the
request body) runs for real. A test scripts the answers, in order, and reads what the server
received::

    with running_fake_openai() as fake:
        fake.script(ToolCalls([("send_sms", '{"to": 1, "body": "Late"}')]))
        ...  # point OPENAI_BASE_URL at fake.base_url and plan
        assert fake.received[0].body["model"] == "gpt-4o-mini"

Each scripted answer is one of ``ToolCalls``, ``Text``, ``Failure`` (an HTTP error with an
OpenAI-style body, optionally ``retry-after``) or ``Hang`` (no answer until the client gives
up; the server stops waiting the moment it is stopped). A request with nothing left in the
script gets a 500 that tells the SDK not to retry, so a test that under-scripts fails loudly.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from tests.fakes.http import JsonHandler


@dataclass(frozen=True)
class ToolCalls:
    """The model calls tools: ``(name, arguments)`` pairs, arguments as the raw JSON string."""

    calls: list[tuple[str, str]]
    content: str | None = None
    usage: tuple[int, int] | None = None  # (prompt, completion); None: counted from sizes


@dataclass(frozen=True)
class Text:
    """The model answers in words and calls nothing."""

    content: str
    usage: tuple[int, int] | None = None


@dataclass(frozen=True)
class Failure:
    """An HTTP error as OpenAI sends it: ``{"error": {message, type, param, code}}``."""

    status: int
    message: str = "The server had an error while processing your request."
    type: str = "server_error"
    code: str | None = None
    retry_after: str | None = None  # the header's value, as sent


@dataclass(frozen=True)
class Hang:
    """Read the request and say nothing for ``seconds`` (or until the server stops)."""

    seconds: float = 30.0


Answer = ToolCalls | Text | Failure | Hang


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: Any  # the parsed JSON, or the raw text when it was not JSON


@dataclass
class FakeOpenAI:
    host: str = "127.0.0.1"
    _script: list[Answer] = field(default_factory=list)
    _received: list[Received] = field(default_factory=list)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # --- What tests use -----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the fake first"
        return f"http://{self.host}:{self._server.server_address[1]}/v1"

    def script(self, *answers: Answer) -> None:
        """Queue answers for the next requests, in order."""
        with self._lock:
            self._script.extend(answers)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def wait_for_requests(self, count: int, *, timeout: float = 5.0) -> list[Received]:
        """The requests received once there are at least ``count``; fail after ``timeout``."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._received) >= count, timeout=timeout):
                raise AssertionError(
                    f"The fake OpenAI received {len(self._received)} requests, not {count}, "
                    f"within {timeout} seconds."
                )
            return list(self._received)

    # --- Life cycle ---------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        self._server = ThreadingHTTPServer((self.host, 0), _handler_for(self))
        self._server.daemon_threads = False  # stop() waits for handlers; none outlives it
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes any Hang at once
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- What the handler uses ----------------------------------------------------------

    def _record(self, received: Received) -> Answer | None:
        with self._lock:
            self._received.append(received)
            answer = self._script.pop(0) if self._script else None
            self._lock.notify_all()
            return answer


def _handler_for(fake: FakeOpenAI) -> type[JsonHandler]:
    class Handler(JsonHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            try:
                body: Any = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
            answer = fake._record(
                Received(
                    method="POST",
                    path=self.path,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                )
            )
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._reply_error(
                    Failure(404, f"Unknown path {self.path}.", "invalid_request_error")
                )
            elif answer is None:
                self._reply_error(
                    Failure(500, "The fake OpenAI has no scripted answer left."),
                    headers={"x-should-retry": "false"},
                )
            elif isinstance(answer, Hang):
                fake._stopping.wait(answer.seconds)  # then close without answering
                self.close_connection = True
            elif isinstance(answer, Failure):
                headers = {"retry-after": answer.retry_after} if answer.retry_after else {}
                self._reply_error(answer, headers=headers)
            else:
                self.reply_json(200, _completion(answer, model=_model(body), prompt_size=len(raw)))

        def _reply_error(self, failure: Failure, headers: dict[str, str] | None = None) -> None:
            error = {
                "message": failure.message,
                "type": failure.type,
                "param": None,
                "code": failure.code,
            }
            self.reply_json(failure.status, {"error": error}, headers=headers or {})

        def request_id(self) -> str:
            return f"req_fake_{len(fake.received)}"

    return Handler


def _model(body: Any) -> str:
    return body.get("model", "") if isinstance(body, dict) else ""


def _completion(answer: ToolCalls | Text, *, model: str, prompt_size: int) -> dict[str, Any]:
    """A chat.completion object shaped like OpenAI's."""
    message: dict[str, Any] = {"role": "assistant", "content": answer.content, "refusal": None}
    if isinstance(answer, ToolCalls):
        message["tool_calls"] = [
            {
                "id": f"call_fake_{index}",
                "type": "function",
                "function": {"name": name, "arguments": arguments},
            }
            for index, (name, arguments) in enumerate(answer.calls)
        ]
    produced = len(json.dumps(message))
    prompt_tokens, completion_tokens = answer.usage or (prompt_size // 4, produced // 4)
    return {
        "id": f"chatcmpl-fake{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": "tool_calls" if isinstance(answer, ToolCalls) else "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        "system_fingerprint": "fp_fake",
    }


@contextmanager
def running_fake_openai() -> Iterator[FakeOpenAI]:
    """A started fake on 127.0.0.1 (a free port), stopped on exit."""
    fake = FakeOpenAI().start()
    try:
        yield fake
    finally:
        fake.stop()
