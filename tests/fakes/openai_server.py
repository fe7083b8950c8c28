"""A scripted OpenAI-compatible chat server on 127.0.0.1 for tests (no network, no model).

``POST /v1/chat/completions`` pops the next :class:`Reply` from a queue (or uses the default)
and answers with a JSON completion, or with SSE chunks when the request has ``"stream": true``.
Replies can also sleep before answering, stall in the middle of a stream, or return an HTTP
error. Every request body is recorded in ``server.requests``.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted reply."""

    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    stall_after: int = -1  # streamed pieces to send before hanging (stall seconds)
    stall: float = 0.0
    piece: int = 4  # characters per streamed chunk


class ScriptedServer:
    """Threaded HTTP server replaying scripted completions; use as a context manager."""

    def __init__(self, default: Reply | None = None) -> None:
        self.default = default or Reply("未找到相关规定。")
        self.queue: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The ``/v1`` base URL to configure as ``llm.base_url``."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def push(self, *replies: Reply) -> None:
        """Queue replies for the next requests, in order."""
        self.queue.extend(replies)

    def reset(self) -> None:
        """Forget queued replies and recorded requests."""
        self.queue.clear()
        self.requests.clear()

    def next_reply(self, body: dict[str, Any]) -> Reply:
        self.requests.append(body)
        return self.queue.popleft() if self.queue else self.default

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    script: ScriptedServer  # set on a subclass per server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.endswith("/chat/completions"):
            self._json(404, {"error": {"message": "not found"}})
            return
        reply = self.script.next_reply(body)
        time.sleep(reply.delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self._reply(reply, body)

    def _reply(self, reply: Reply, body: dict[str, Any]) -> None:
        model = body.get("model", "m")
        if reply.status != 200:
            self._json(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
        elif body.get("stream"):
            self._stream(reply, model)
        else:
            self._json(200, _completion(reply.text, model))

    def _json(self, status: int, data: dict[str, Any]) -> None:
        raw = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _stream(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        parts = [reply.text[i : i + reply.piece] for i in range(0, len(reply.text), reply.piece)]
        for n, part in enumerate(parts):
            if n == reply.stall_after:
                time.sleep(reply.stall)
            self._event(_chunk(model, {"content": part}, None))
        self._event(_chunk(model, {}, "stop"))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, data: dict[str, Any]) -> None:
        self.wfile.write(b"data: " + json.dumps(data, ensure_ascii=False).encode() + b"\n\n")
        self.wfile.flush()


def _handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"script": server})


def _completion(text: str, model: str) -> dict[str, Any]:
    return {"id": "cmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunk(model: str, delta: dict[str, str], finish: str | None) -> dict[str, Any]:
    return {"id": "cmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": {"role": "assistant", **delta}, "finish_reason": finish}]}
