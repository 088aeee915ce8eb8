"""A small OpenAI-compatible chat completions server for tests and benchmarks (stdlib only).

It listens on 127.0.0.1 on a free port in a background thread, records every request, and answers
each one with the next scripted behaviour (or ``default`` when the script is empty):

    with OpenAIServer() as server:
        server.script(Reply.status(429), Reply.ok("Hello"))
        ...  # base_url=server.base_url
        server.requests[-1].json["messages"]

Behaviours: ``ok`` (JSON, or SSE when the request asks to stream, with a usage chunk when asked),
``status`` (an OpenAI-style error body), ``slow`` (waits before answering), ``cut`` (streams some
chunks then drops the connection mid-body), ``truncated`` (ends the stream cleanly but without a
finish reason or ``[DONE]``).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    kind: str = "ok"
    text: str = "Hello from the test server."
    status_code: int = 200
    message: str = ""
    delay: float = 0.0
    after: int = 2                 # cut/truncated: chunks sent before stopping
    chunk_size: int = 4            # characters per streamed chunk
    usage: tuple[int, int] = (11, 7)

    @classmethod
    def ok(cls, text: str = "Hello from the test server.", **kw: Any) -> "Reply":
        return cls("ok", text=text, **kw)

    @classmethod
    def status(cls, code: int, message: str = "", **kw: Any) -> "Reply":
        return cls("status", status_code=code, message=message or f"scripted error {code}", **kw)

    @classmethod
    def slow(cls, delay: float, text: str = "late answer") -> "Reply":
        return cls("ok", text=text, delay=delay)

    @classmethod
    def cut(cls, text: str = "This answer will be cut off half way through.", after: int = 2) -> "Reply":
        return cls("cut", text=text, after=after)

    @classmethod
    def truncated(cls, text: str = "This answer just stops without a finish reason.", after: int = 2) -> "Reply":
        return cls("truncated", text=text, after=after)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]        # lower-case names
    json: Any = None
    at: float = field(default_factory=time.monotonic)


_ERROR_TYPES = {401: ("invalid_request_error", "invalid_api_key"), 404: ("invalid_request_error", "model_not_found"),
                429: ("requests", "rate_limit_exceeded"), 500: ("server_error", None)}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts): fine
            pass

    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def do_GET(self) -> None:  # noqa: N802
        self.server.owner.requests.append(Received("GET", self.path, self._headers()))
        if self.path.rstrip("/").endswith("/models"):
            self._json(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})
        else:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        owner = self.server.owner
        owner.requests.append(Received("POST", self.path, self._headers(), body))
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": f"unknown path {self.path}"}})
            return
        reply = owner.next_reply()
        if reply.delay:
            time.sleep(reply.delay)
        model = (body or {}).get("model", "test-model")
        if reply.kind == "status":
            kind, code = _ERROR_TYPES.get(reply.status_code, ("invalid_request_error", None))
            message = reply.message.replace("{model}", model)
            headers = {"retry-after-ms": "10"} if reply.status_code == 429 else {}
            self._json(reply.status_code, {"error": {"message": message, "type": kind, "code": code,
                                                     "param": None}}, headers)
            return
        if (body or {}).get("stream"):
            include_usage = bool(((body or {}).get("stream_options") or {}).get("include_usage"))
            self._sse(reply, model, include_usage)
        else:
            self._json(200, _completion(reply, model))

    # -- writers ---------------------------------------------------------------------------
    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        blob = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(blob)))
        self.send_header("x-request-id", "req_test")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(blob)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, payload: Any) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        self._chunk(f"data: {text}\n\n".encode())

    def _sse(self, reply: Reply, model: str, include_usage: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        pieces = [reply.text[i:i + reply.chunk_size] for i in range(0, len(reply.text), reply.chunk_size)]
        base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model}
        self._event(base | {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                         "finish_reason": None}]})
        stop_at = reply.after if reply.kind in ("cut", "truncated") else len(pieces)
        for piece in pieces[:stop_at]:
            self._event(base | {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
        if reply.kind == "cut":
            # Drop the connection mid-body: no final chunk, no terminating zero-length chunk.
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if reply.kind == "ok":
            self._event(base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if include_usage:
                p, c = reply.usage
                self._event(base | {"choices": [], "usage": {"prompt_tokens": p, "completion_tokens": c,
                                                             "total_tokens": p + c}})
            self._event("[DONE]")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def _completion(reply: Reply, model: str) -> dict[str, Any]:
    p, c = reply.usage
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "OpenAIServer"


class OpenAIServer:
    """Start with ``start()`` or as a context manager; ``base_url`` ends in ``/v1``."""

    def __init__(self, default: Reply | None = None):
        self.default = default or Reply.ok()
        self.requests: list[Received] = []
        self._script: queue.Queue[Reply] = queue.Queue()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def script(self, *replies: Reply) -> "OpenAIServer":
        for reply in replies:
            self._script.put(reply)
        return self

    def next_reply(self) -> Reply:
        try:
            return self._script.get_nowait()
        except queue.Empty:
            return self.default

    def reset(self) -> None:
        self.requests.clear()
        while not self._script.empty():
            self._script.get_nowait()
        self.default = Reply.ok()

    @property
    def chat_requests(self) -> list[Received]:
        return [r for r in self.requests if r.path.rstrip("/").endswith("/chat/completions")]

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "OpenAIServer":
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="openai-test-server")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "OpenAIServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":  # run by hand: python tests/openai_server.py
    with OpenAIServer() as srv:
        print(srv.base_url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
