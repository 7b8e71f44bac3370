"""The fake's HTTP side: a threaded keep-alive server whose connections stop() can close and join, and
the decoding of Bot API requests (query string, form, JSON or multipart) the way python-telegram-bot
encodes them."""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import select
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from .model import JSON, ApiError, UploadedFile

# Parameters whose form-encoded values are plain strings, never JSON (python-telegram-bot sends
# strings unencoded and everything else json.dumps-ed).
_TEXT_PARAMS = frozenset(
    [
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "language_code",
        "file_id",
        "action",
        "title",
        "description",
        "short_description",
        "name",
        "custom_title",
        "business_connection_id",
        "message_effect_id",
        "document",
        "photo",
        "thumbnail",
        "emoji",
        "query",
    ]
)
Response = tuple[int, str, bytes]


class HttpApp(Protocol):
    """What the server needs from the fake: an answer per request, and whether it is shutting down."""

    @property
    def closing(self) -> bool:
        """Whether the fake is stopping (connections are then closed after each response)."""
        ...

    def handle_http(
        self, verb: str, path: str, content_type: str, body: bytes, client_gone: Callable[[], bool]
    ) -> Response:
        """Answer one HTTP request: (status, content type, body)."""
        ...


class ApiRoute(Protocol):
    """Runs one Bot API method, or serves one file download."""

    def api(
        self,
        token: str,
        method: str,
        params: JSON,
        files: dict[str, UploadedFile],
        client_gone: Callable[[], bool],
    ) -> Response:
        """Run a method and answer it."""
        ...

    def download(self, token: str, file_path: str) -> Response:
        """Answer a file download."""
        ...


def route(
    app: ApiRoute, verb: str, path: str, content_type: str, body: bytes, client_gone: Callable[[], bool]
) -> Response:
    """Route /bot<token>/<method> and /file/bot<token>/<path> requests to app."""
    parts = urlsplit(path)
    if parts.path.startswith("/file/bot") and verb == "GET":
        token, _, file_path = parts.path[len("/file/bot") :].partition("/")
        return app.download(unquote(token), unquote(file_path))
    if parts.path.startswith("/bot"):
        token, _, method = parts.path[len("/bot") :].partition("/")
        params: JSON = {k: decode_value(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        try:
            body_params, files = parse_body(content_type, body)
        except ValueError as exc:
            return json_response(ApiError(400, f"Bad Request: {exc}").body())
        params.update(body_params)
        return app.api(unquote(token), method, params, files, client_gone)
    return json_response(ApiError(404, "Not Found").body())


class HttpServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks connections so stop() can close and join them."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: HttpApp) -> None:
        """Bind and remember the application that answers requests."""
        self.app = app
        self.conn_lock = threading.Lock()
        self.connections: dict[socket.socket, bool] = {}
        self.workers: set[threading.Thread] = set()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve a connection in a tracked thread."""
        worker = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"fakebot-{self.server_address[1]}-conn",
            daemon=True,
        )
        with self.conn_lock:
            self.connections[request] = False
            self.workers.add(worker)
        worker.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Run the handler and untrack the connection afterwards."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.conn_lock:
                self.connections.pop(request, None)
                self.workers.discard(threading.current_thread())

    def set_busy(self, conn: socket.socket, busy: bool) -> None:
        """Mark a connection as handling a request (True) or idle in keep-alive (False)."""
        with self.conn_lock:
            if conn in self.connections:
                self.connections[conn] = busy

    def drop_connections(self, *, include_busy: bool) -> None:
        """Shut down idle (or all) client sockets so their threads return."""
        with self.conn_lock:
            targets = [conn for conn, busy in self.connections.items() if include_busy or not busy]
        for conn in targets:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def join_workers(self, timeout: float) -> bool:
        """Close idle connections and join connection threads; return whether all finished."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            self.drop_connections(include_busy=remaining <= 0)
            with self.conn_lock:
                workers = list(self.workers)
            if not workers:
                return True
            if remaining <= -1.0:
                return False
            workers[0].join(0.02)


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive handler delegating to FakeBotAPI."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "FakeTelegramBotAPI/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        """Handle GET (file downloads and query-string API calls)."""
        self._serve()

    def do_POST(self) -> None:
        """Handle POST API calls."""
        self._serve()

    def _client_gone(self) -> bool:
        """Whether the client closed the connection while its request is pending."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _serve(self) -> None:
        """Read the body, dispatch and write the response."""
        server = cast(HttpServer, self.server)
        server.set_busy(self.connection, True)
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            status, content_type, payload = server.app.handle_http(
                self.command, self.path, self.headers.get("Content-Type", ""), body, self._client_gone
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            if server.app.closing:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            server.set_busy(self.connection, False)


# ---------------------------------------------------------------------- request decoding


def json_response(body: JSON, status: int | None = None) -> tuple[int, str, bytes]:
    """Encode a JSON response."""
    code = status if status is not None else int(body.get("error_code", 200))
    return code, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8")


def decode_value(key: str, value: Any) -> Any:
    """Undo python-telegram-bot's encoding: strings are sent raw, everything else as JSON."""
    if not isinstance(value, str) or key in _TEXT_PARAMS or not value:
        return value
    if value[0] in '{["-0123456789' or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def parse_body(content_type: str, body: bytes) -> tuple[JSON, dict[str, UploadedFile]]:
    """Decode a form-encoded, JSON or multipart request body."""
    if not body:
        return {}, {}
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        return {k: decode_value(k, v) for k, v in data.items()}, {}
    if media_type == "multipart/form-data":
        return _parse_multipart(content_type, body)
    text = body.decode("utf-8")
    return {k: decode_value(k, v) for k, v in parse_qsl(text, keep_blank_values=True)}, {}


def _parse_multipart(content_type: str, body: bytes) -> tuple[JSON, dict[str, UploadedFile]]:
    """Decode multipart/form-data into parameters and uploaded files."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: JSON = {}
    files: dict[str, UploadedFile] = {}
    if not message.is_multipart():
        raise ValueError("malformed multipart body")
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = UploadedFile(filename, part.get_content_type(), data)
        else:
            params[name] = decode_value(name, data.decode("utf-8"))
    return params, files
