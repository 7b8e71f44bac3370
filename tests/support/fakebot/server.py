"""Fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import email.parser
import email.policy
import itertools
import json
import math
import re
import select
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar, cast
from urllib.parse import parse_qsl, unquote, urlsplit

from telegram import Update

from .updates import (
    BOT_FIRST_NAME,
    BOT_ID,
    BOT_USERNAME,
    JSON,
    TOKEN,
    bot_user_json,
    chat_member_json,
    infer_chat_type,
    user_json,
    utf16_len,
)

if TYPE_CHECKING:
    from telegram.ext import Application, ApplicationBuilder

T = TypeVar("T")
FailureReason = Literal[
    "blocked", "kicked", "kicked_supergroup", "deactivated", "not_member", "not_found", "cant_initiate"
]
FAILURES: dict[str, tuple[int, str]] = {
    "blocked": (403, "Forbidden: bot was blocked by the user"),
    "kicked": (403, "Forbidden: bot was kicked from the group chat"),
    "kicked_supergroup": (403, "Forbidden: bot was kicked from the supergroup chat"),
    "deactivated": (403, "Forbidden: user is deactivated"),
    "not_member": (403, "Forbidden: bot is not a member of the group chat"),
    "not_found": (400, "Bad Request: chat not found"),
    "cant_initiate": (403, "Forbidden: bot can't initiate conversation with a user"),
}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CLIENT_GONE = 499  # recorded (never answered) when python-telegram-bot cancels a long poll
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
_MESSAGE_KEYS = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_message",
    "edited_business_message",
)
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
_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


class ApiError(Exception):
    """An error the fake answers with {"ok": false, ...} and the matching HTTP status."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        """Return the Bot API error body."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One HTTP call to the Bot API, successful or not."""

    method: str
    params: JSON
    status: int
    response: JSON
    time: float
    token: str
    files: dict[str, UploadedFile] = field(default_factory=dict)
    unknown: bool = False

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200

    @property
    def description(self) -> str | None:
        """The error description, if the call failed."""
        return cast("str | None", self.response.get("description"))

    def summary(self) -> str:
        """Return a one-line description for failure messages."""
        shown = {k: v for k, v in self.params.items() if k in ("chat_id", "text", "user_id", "offset")}
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"{self.method}({shown}) -> {outcome}"


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot sent or edited successfully (time is time.monotonic())."""

    method: str
    chat_id: int
    text: str | None
    params: JSON
    time: float
    message: JSON

    @property
    def message_id(self) -> int:
        """The message id the fake assigned."""
        return cast(int, self.message["message_id"])

    @property
    def reply_markup(self) -> Any:
        """The reply_markup parameter as sent (decoded JSON), if any."""
        return self.params.get("reply_markup")


@dataclass(slots=True)
class _Request:
    """A decoded API request."""

    token: str
    method: str
    params: JSON
    files: dict[str, UploadedFile]
    client_gone: Callable[[], bool]


@dataclass(slots=True)
class _StoredFile:
    """A downloadable file."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None
    mime_type: str | None


@dataclass(slots=True)
class _RateRule:
    """An injected per-chat 429."""

    retry_after: int
    remaining: int | None


class FakeBotAPI:
    """A threaded fake of the Telegram Bot API that python-telegram-bot talks real HTTP to."""

    def __init__(
        self,
        *,
        token: str | None = None,
        max_sends_per_second: float | None = None,
        bot_username: str = BOT_USERNAME,
        bot_first_name: str = BOT_FIRST_NAME,
        default_member_status: str = "member",
        validate_updates: bool = True,
        port: int = 0,
    ) -> None:
        """Configure the fake; token=None accepts any token, else others get 401 Unauthorized."""
        self._token = token
        self._max_sends_per_second = max_sends_per_second
        self._bot_username = bot_username
        self._bot_first_name = bot_first_name
        self._default_member_status = default_member_status
        self._validate_updates = validate_updates
        self._address = ("127.0.0.1", port)
        self._cond = threading.Condition(threading.RLock())
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._closing = False
        # updates
        self._queue: list[JSON] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._webhook: JSON | None = None
        # world state
        self._chats: dict[int, JSON] = {}
        self._users: dict[int, JSON] = {}
        self._usernames: dict[str, int] = {}
        self._channel_ids = itertools.count(-1_009_000_000_001, -1)
        self._messages: dict[tuple[int, int], JSON] = {}
        self._next_message_id: dict[int, int] = {}
        self._callback_ids: set[str] = set()
        self._members: dict[tuple[int, int], JSON] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._file_counter = itertools.count(1)
        # failure injection
        self._failures: dict[int, tuple[int, str]] = {}
        self._rate_rules: dict[int, _RateRule] = {}
        self._migrations: dict[int, int] = {}
        self._send_window: deque[float] = deque()
        # records
        self._calls: list[ApiCall] = []
        self._sent: list[SentMessage] = []
        self._edited: list[SentMessage] = []
        self._send_times: list[float] = []
        self._internal_errors: list[str] = []
        self._count_429 = 0
        self._methods: dict[str, Callable[[_Request], Any]] = {
            "getme": self._get_me,
            "logout": self._true,
            "close": self._true,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "sendchataction": self._send_chat_action,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "getchatmember": self._get_chat_member,
            "getchatadministrators": self._get_chat_administrators,
            "getchat": self._get_chat,
            "getfile": self._get_file,
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Bind 127.0.0.1:port and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("FakeBotAPI already started")
        self._closing = False
        self._httpd = _Server(self._address, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fakebot-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Wake long polls, close every connection and join all server threads."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        httpd.shutdown()
        clean = httpd.join_workers(timeout)
        httpd.server_close()
        thread.join(timeout)
        self._httpd = self._thread = None
        if not clean:
            raise RuntimeError("FakeBotAPI.stop: connection threads did not finish in time")

    def __enter__(self) -> Self:
        """Start the server."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop the server."""
        self.stop()

    @classmethod
    def serve(cls, **kwargs: Any) -> Iterator[FakeBotAPI]:
        """Yield a running fake for a pytest fixture: `yield from FakeBotAPI.serve()`."""
        with cls(**kwargs) as fake:
            yield fake

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._httpd is not None

    @property
    def port(self) -> int:
        """The bound TCP port."""
        if self._httpd is None:
            raise RuntimeError("FakeBotAPI is not running")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """The value for ApplicationBuilder.base_url(), e.g. http://127.0.0.1:PORT/bot."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """The value for ApplicationBuilder.base_file_url(), e.g. http://127.0.0.1:PORT/file/bot."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ------------------------------------------------------------------ python-telegram-bot helpers

    def application_builder(self, token: str = TOKEN) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """Return an ApplicationBuilder with token, base_url and base_file_url pointing at the fake."""
        from telegram.ext import ApplicationBuilder

        return ApplicationBuilder().token(token).base_url(self.base_url).base_file_url(self.base_file_url)

    @contextlib.asynccontextmanager
    async def polling(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        *,
        poll_timeout: float = 1.0,
        drop_pending_updates: bool = False,
        allowed_updates: list[str] | None = None,
    ) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
        """Initialize, start and long-poll app against the fake; stop and shut it down on exit."""
        updater = app.updater
        if updater is None:
            raise RuntimeError("the Application has no Updater")
        async with app:
            await app.start()
            try:
                await updater.start_polling(
                    poll_interval=0.0,
                    timeout=dtm.timedelta(seconds=poll_timeout),
                    drop_pending_updates=drop_pending_updates,
                    allowed_updates=allowed_updates,
                )
                yield app
            finally:
                if updater.running:
                    await updater.stop()
                if app.running:
                    await app.stop()

    # ------------------------------------------------------------------ updates

    def push_update(self, update: Mapping[str, Any], *, validate: bool | None = None) -> int:
        """Queue an update (update_id assigned if missing) and wake getUpdates; return its id."""
        data: JSON = json.loads(json.dumps(update))
        with self._cond:
            if data.get("update_id") is None:
                data["update_id"] = self._next_update_id
            update_id = int(data["update_id"])
            if validate if validate is not None else self._validate_updates:
                try:
                    Update.de_json(data, None)
                except Exception as exc:
                    raise ValueError(f"python-telegram-bot cannot parse this update: {exc!r}") from exc
            self._next_update_id = max(self._next_update_id, update_id + 1)
            self._register_update(data)
            self._queue.append(data)
            self._cond.notify_all()
        return update_id

    def push_updates(self, *updates: Mapping[str, Any]) -> list[int]:
        """Queue several updates in order."""
        return [self.push_update(update) for update in updates]

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by an offset."""
        with self._cond:
            return list(self._queue)

    # ------------------------------------------------------------------ configuration

    def fail_chat(
        self,
        chat_id: int | str,
        reason: FailureReason | str = "blocked",
        *,
        error_code: int | None = None,
        description: str | None = None,
    ) -> None:
        """Make sends and chat actions to chat_id fail (blocked, kicked, … or a custom error)."""
        code, text = FAILURES.get(reason, (403, f"Forbidden: {reason}"))
        with self._cond:
            self._failures[self._chat_key(chat_id)] = (error_code or code, description or text)

    def clear_failures(self, chat_id: int | str | None = None) -> None:
        """Remove injected failures, rate limits and migrations for one chat or all chats."""
        with self._cond:
            if chat_id is None:
                self._failures.clear()
                self._rate_rules.clear()
                self._migrations.clear()
                return
            key = self._chat_key(chat_id)
            self._failures.pop(key, None)
            self._rate_rules.pop(key, None)
            self._migrations.pop(key, None)

    def rate_limit_chat(self, chat_id: int | str, retry_after: int = 1, times: int | None = 1) -> None:
        """Answer the next `times` message sends to chat_id with 429 (times=None: until cleared)."""
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        with self._cond:
            self._rate_rules[self._chat_key(chat_id)] = _RateRule(retry_after, times)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Make writes to old_chat_id fail with migrate_to_chat_id=new_chat_id (new one is a supergroup)."""
        with self._cond:
            self._migrations[old_chat_id] = new_chat_id
            old = self._chats.get(old_chat_id, {})
            self._chats.setdefault(
                new_chat_id,
                {"id": new_chat_id, "type": "supergroup", "title": old.get("title", f"Chat {new_chat_id}")},
            )

    def set_chat(self, chat: Mapping[str, Any]) -> None:
        """Register or update a Chat object (id, type, title, is_forum, …) used in replies and getChat."""
        with self._cond:
            self._register_chat(chat)

    def set_chat_member(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """Set what getChatMember answers for (chat_id, user_id); fields override status defaults."""
        with self._cond:
            user = self._users.get(user_id) or user_json(user_id)
            self._members[(chat_id, user_id)] = chat_member_json(status, user, **fields)

    def add_file(
        self,
        file_id: str,
        data: bytes,
        *,
        file_path: str | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> str:
        """Register bytes for getFile and download at base_file_url; return the file_path."""
        with self._cond:
            stored = _StoredFile(
                file_id=file_id,
                file_unique_id=f"u-{file_id}",
                file_path=file_path or f"documents/file_{next(self._file_counter)}",
                data=bytes(data),
                file_name=file_name,
                mime_type=mime_type,
            )
            self._files[file_id] = stored
            self._file_paths[stored.file_path] = stored
            return stored.file_path

    # ------------------------------------------------------------------ records

    @property
    def calls(self) -> list[ApiCall]:
        """Every API call in order, including failed and unknown ones."""
        with self._cond:
            return list(self._calls)

    @property
    def sent(self) -> list[SentMessage]:
        """Messages the bot sent successfully (sendMessage, sendDocument), in order."""
        with self._cond:
            return list(self._sent)

    @property
    def edited(self) -> list[SentMessage]:
        """Successful editMessageText / editMessageReplyMarkup calls, in order."""
        with self._cond:
            return list(self._edited)

    def messages_to(self, chat_id: int | str) -> list[SentMessage]:
        """Messages the bot sent successfully to chat_id."""
        with self._cond:
            key = self._chat_key(chat_id)
            return [record for record in self._sent if record.chat_id == key]

    def texts_to(self, chat_id: int | str) -> list[str | None]:
        """Texts (or captions) the bot sent successfully to chat_id, as sent."""
        return [record.text for record in self.messages_to(chat_id)]

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of one method (case-insensitive)."""
        wanted = method.lower()
        with self._cond:
            return [call for call in self._calls if call.method.lower() == wanted]

    @property
    def unknown_calls(self) -> list[ApiCall]:
        """Calls of methods the fake does not implement (answered 404 Not Found)."""
        with self._cond:
            return [call for call in self._calls if call.unknown]

    @property
    def failed_calls(self) -> list[ApiCall]:
        """Calls answered with an error status (abandoned long polls excluded)."""
        with self._cond:
            return [call for call in self._calls if not call.ok and call.status != CLIENT_GONE]

    @property
    def internal_errors(self) -> list[str]:
        """Bugs in the fake itself (answered 500); tests should expect this to be empty."""
        with self._cond:
            return list(self._internal_errors)

    @property
    def count_429(self) -> int:
        """How many 429 Too Many Requests answers were given."""
        with self._cond:
            return self._count_429

    @property
    def send_times(self) -> list[float]:
        """time.monotonic() of every successful message send."""
        with self._cond:
            return list(self._send_times)

    @property
    def peak_sends_per_second(self) -> int:
        """The largest number of successful sends inside any 1-second window."""
        times = self.send_times
        best, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    @property
    def webhook(self) -> JSON | None:
        """The current webhook settings, or None."""
        with self._cond:
            return dict(self._webhook) if self._webhook else None

    def commands(self, scope: Mapping[str, Any] | None = None, language_code: str = "") -> list[JSON]:
        """The bot commands set for scope and language_code."""
        with self._cond:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

    def chat_member(self, chat_id: int, user_id: int) -> JSON:
        """What getChatMember would answer for (chat_id, user_id)."""
        with self._cond:
            return self._member_json(chat_id, user_id)

    def clear_records(self) -> None:
        """Forget calls, sent messages, send times and the 429 counter (not world state)."""
        with self._cond:
            self._calls.clear()
            self._sent.clear()
            self._edited.clear()
            self._send_times.clear()
            self._send_window.clear()
            self._count_429 = 0

    # ------------------------------------------------------------------ waiting

    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the predicate, not for an I/O call
        *,
        what: str | None = None,
        interval: float = 0.005,
    ) -> T:
        """Poll predicate in the event loop until truthy and return it; AssertionError on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if loop.time() >= deadline:
                raise AssertionError(self._timeout_message(what or repr(predicate), timeout))
            await asyncio.sleep(interval)

    async def wait_for_messages(
        self,
        chat_id: int | str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until at least count messages were sent to chat_id and return them all."""
        await self.wait_for(
            lambda: len(self.messages_to(chat_id)) >= count,
            timeout,
            what=f"{count} message(s) sent to chat {chat_id}",
        )
        return self.messages_to(chat_id)

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[ApiCall]:
        """Wait until method was called at least count times and return those calls."""
        await self.wait_for(
            lambda: len(self.calls_to(method)) >= count, timeout, what=f"{count} call(s) of {method}"
        )
        return self.calls_to(method)

    def wait_until(self, predicate: Callable[[], T], timeout: float = 5.0, *, what: str | None = None) -> T:
        """Block the calling thread until predicate is truthy (re-checked on every API call)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_message(what or repr(predicate), timeout))
                self._cond.wait(min(remaining, 0.05))

    def _timeout_message(self, what: str, timeout: float) -> str:
        """Describe a wait timeout with the last non-polling calls."""
        with self._cond:
            recent = [call for call in self._calls if call.method.lower() != "getupdates"][-15:]
            polls = sum(1 for call in self._calls if call.method.lower() == "getupdates")
            errors = list(self._internal_errors)
            queued = len(self._queue)
        lines = [f"timed out after {timeout}s waiting for {what}"]
        lines.append(f"getUpdates calls: {polls}, updates still queued: {queued}")
        lines.append("last calls:" if recent else "no calls besides getUpdates")
        lines.extend(f"  {call.summary()}" for call in recent)
        lines.extend(f"  FAKE INTERNAL ERROR: {error}" for error in errors)
        return "\n".join(lines)

    # ------------------------------------------------------------------ HTTP plumbing

    def _handle_http(
        self,
        verb: str,
        path: str,
        content_type: str,
        body: bytes,
        client_gone: Callable[[], bool] = lambda: False,
    ) -> tuple[int, str, bytes]:
        """Route one HTTP request; return (status, content type, body)."""
        parts = urlsplit(path)
        if parts.path.startswith("/file/bot") and verb == "GET":
            token, _, file_path = parts.path[len("/file/bot") :].partition("/")
            return self._serve_file(unquote(token), unquote(file_path))
        if parts.path.startswith("/bot"):
            token, _, method = parts.path[len("/bot") :].partition("/")
            params: JSON = {k: _decode_value(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)}
            files: dict[str, UploadedFile] = {}
            try:
                body_params, files = _parse_body(content_type, body)
            except ValueError as exc:
                return _json_response(ApiError(400, f"Bad Request: {exc}").body())
            params.update(body_params)
            return self._api(unquote(token), method, params, files, client_gone)
        return _json_response(ApiError(404, "Not Found").body())

    def _serve_file(self, token: str, file_path: str) -> tuple[int, str, bytes]:
        """Answer a file download."""
        with self._cond:
            stored = self._file_paths.get(file_path)
        if (self._token is not None and token != self._token) or stored is None:
            return _json_response(ApiError(404, "Not Found").body())
        return 200, "application/octet-stream", stored.data

    def _api(
        self,
        token: str,
        method: str,
        params: JSON,
        files: dict[str, UploadedFile],
        client_gone: Callable[[], bool],
    ) -> tuple[int, str, bytes]:
        """Run one API method and record the call."""
        handler = self._methods.get(method.lower())
        unknown = False
        try:
            if self._token is not None and token != self._token:
                raise ApiError(401, "Unauthorized")
            if handler is None:
                unknown = True
                raise ApiError(404, "Not Found")
            with self._cond:
                result = handler(_Request(token, method, params, files, client_gone))
            status, response = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, response = exc.code, exc.body()
        except Exception as exc:
            status = 500
            response = ApiError(500, f"Internal Server Error: fake crashed in {method}: {exc!r}").body()
            with self._cond:
                self._internal_errors.append(f"{method}: {exc!r}")
        call = ApiCall(method, params, status, response, time.monotonic(), token, files, unknown)
        with self._cond:
            if status == 429:
                self._count_429 += 1
            self._calls.append(call)
            self._cond.notify_all()
        return _json_response(response, status)

    # ------------------------------------------------------------------ world-state helpers (lock held)

    def _bot_user(self, token: str) -> JSON:
        """The bot's getMe object; its id is the numeric token prefix."""
        prefix = token.partition(":")[0]
        bot_id = int(prefix) if prefix.isdigit() else BOT_ID
        return bot_user_json(bot_id, username=self._bot_username, first_name=self._bot_first_name)

    def _bot_from(self, token: str) -> JSON:
        """The bot as the `from` of its messages."""
        bot = self._bot_user(token)
        return {k: bot[k] for k in ("id", "is_bot", "first_name", "username")}

    def _chat_key(self, chat_id: Any) -> int:
        """Normalize a chat_id parameter to an int id; @username maps to a stable channel id."""
        if isinstance(chat_id, bool):
            raise ApiError(400, "Bad Request: chat not found")
        if isinstance(chat_id, int):
            return chat_id
        if isinstance(chat_id, str):
            text = chat_id.strip()
            if re.fullmatch(r"-?\d+", text):
                return int(text)
            if text.startswith("@") and len(text) > 1:
                name = text[1:].lower()
                if name not in self._usernames:
                    new_id = next(self._channel_ids)
                    self._usernames[name] = new_id
                    self._chats.setdefault(
                        new_id, {"id": new_id, "type": "channel", "title": text[1:], "username": text[1:]}
                    )
                return self._usernames[name]
        raise ApiError(400, "Bad Request: chat not found")

    def _require_chat(self, req: _Request) -> int:
        """The request's chat_id as an int (400 when missing)."""
        value = req.params.get("chat_id")
        if value is None or value == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        return self._chat_key(value)

    def _require_int(self, req: _Request, name: str) -> int:
        """An integer parameter (400 when missing or malformed)."""
        value = req.params.get(name)
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: {name} is empty")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ApiError(400, f"Bad Request: wrong {name} specified")
        try:
            return int(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: wrong {name} specified") from None

    def _chat_json(self, key: int) -> JSON:
        """The Chat object for a chat id, synthesized from the id if never seen."""
        chat = self._chats.get(key)
        if chat is None:
            kind = infer_chat_type(key)
            if kind == "private":
                user = self._users.get(key) or user_json(key)
                chat = {"id": key, "type": "private", "first_name": user["first_name"]}
                if "username" in user:
                    chat["username"] = user["username"]
            else:
                chat = {"id": key, "type": kind, "title": f"Chat {key}"}
            self._chats[key] = chat
        return dict(chat)

    def _register_chat(self, chat: Mapping[str, Any]) -> None:
        """Remember a Chat object."""
        key = int(chat["id"])
        self._chats[key] = {**self._chats.get(key, {}), **chat}

    def _register_message(self, message: Mapping[str, Any]) -> None:
        """Remember a message, its chat and author; bump the chat's message id counter."""
        chat = message.get("chat")
        if not isinstance(chat, Mapping):
            return
        self._register_chat(chat)
        key = int(chat["id"])
        sender = message.get("from")
        if isinstance(sender, Mapping) and not sender.get("is_bot"):
            self._users[int(sender["id"])] = dict(sender)
        message_id = int(message.get("message_id", 0))
        self._messages.setdefault((key, message_id), dict(message))
        self._next_message_id[key] = max(self._next_message_id.get(key, 1), message_id + 1)
        reply = message.get("reply_to_message")
        if isinstance(reply, Mapping):
            self._register_message(reply)
        new_id = message.get("migrate_to_chat_id")
        if isinstance(new_id, int):
            self.migrate_chat(key, new_id)

    def _register_update(self, update: Mapping[str, Any]) -> None:
        """Remember chats, users, messages and callback ids carried by an update."""
        for key in _MESSAGE_KEYS:
            if isinstance(update.get(key), Mapping):
                self._register_message(update[key])
        query = update.get("callback_query")
        if isinstance(query, Mapping):
            self._callback_ids.add(str(query["id"]))
            self._users[int(query["from"]["id"])] = dict(query["from"])
            if isinstance(query.get("message"), Mapping) and query["message"].get("date"):
                self._register_message(query["message"])
        for key in ("my_chat_member", "chat_member"):
            member_update = update.get(key)
            if isinstance(member_update, Mapping):
                self._register_chat(member_update["chat"])

    def _check_chat_write(self, key: int) -> None:
        """Raise the injected migration or failure for a chat."""
        if key in self._migrations:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrations[key]},
            )
        if key in self._failures:
            raise ApiError(*self._failures[key])

    def _check_rate(self, key: int) -> None:
        """Raise 429 for an injected per-chat limit or when the global send rate is exceeded."""
        rule = self._rate_rules.get(key)
        if rule is not None:
            if rule.remaining is not None:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    del self._rate_rules[key]
            raise _too_many(rule.retry_after)
        if self._max_sends_per_second is not None:
            now = time.monotonic()
            while self._send_window and self._send_window[0] <= now - 1.0:
                self._send_window.popleft()
            if len(self._send_window) >= self._max_sends_per_second:
                raise _too_many(max(1, math.ceil(self._send_window[0] + 1.0 - now)))

    def _resolve_reply(self, key: int, params: JSON) -> JSON | None:
        """The message being replied to, or None; 400 if it does not exist and that is not allowed."""
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            if params.get("reply_to_message_id") is None:
                return None
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        target_chat = self._chat_key(reply["chat_id"]) if "chat_id" in reply else key
        target = self._messages.get((target_chat, int(reply.get("message_id", 0))))
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _format_text(self, text: Any, params: JSON, entities_key: str) -> tuple[str, list[JSON]]:
        """Apply parse_mode (HTML is parsed and validated; Markdown is echoed) or explicit entities."""
        if not isinstance(text, str):
            text = "" if text is None else json.dumps(text)
        explicit = params.get(entities_key)
        if isinstance(explicit, list):
            return text, explicit
        if str(params.get("parse_mode", "")).lower() == "html":
            return parse_html(text)
        return text, []

    def _new_message(self, key: int, req: _Request, reply_to: JSON | None, content: JSON) -> JSON:
        """Create and store a bot message in a chat."""
        chat = self._chat_json(key)
        message_id = self._next_message_id.get(key, 1)
        self._next_message_id[key] = message_id + 1
        message: JSON = {
            "message_id": message_id,
            "from": self._bot_from(req.token),
            "chat": chat,
            "date": int(time.time()),
        }
        thread_id = req.params.get("message_thread_id")
        if isinstance(thread_id, int) and not isinstance(thread_id, bool):
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        markup = req.params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(key, message_id)] = message
        return message

    def _record_send(self, req: _Request, key: int, text: str | None, message: JSON) -> None:
        """Record a successful send and count it for the global limiter."""
        now = time.monotonic()
        self._send_window.append(now)
        self._send_times.append(now)
        self._sent.append(SentMessage(req.method, key, text, req.params, now, message))

    def _member_json(self, chat_id: int, user_id: int) -> JSON:
        """The configured (or default) ChatMember for a user in a chat."""
        configured = self._members.get((chat_id, user_id))
        if configured is not None:
            return dict(configured)
        user = self._users.get(user_id) or user_json(user_id)
        return chat_member_json(self._default_member_status, user)

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        """Key for the commands store."""
        scope_obj = scope if isinstance(scope, Mapping) and scope else {"type": "default"}
        return json.dumps(scope_obj, sort_keys=True), str(language_code or "")

    # ------------------------------------------------------------------ Bot API methods (lock held)

    def _true(self, req: _Request) -> bool:
        """Methods that just succeed."""
        return True

    def _get_me(self, req: _Request) -> JSON:
        """getMe."""
        return self._bot_user(req.token)

    def _delete_webhook(self, req: _Request) -> bool:
        """deleteWebhook."""
        self._webhook = None
        if req.params.get("drop_pending_updates") is True:
            self._queue.clear()
        return True

    def _set_webhook(self, req: _Request) -> bool:
        """setWebhook (stored only; the fake delivers updates through getUpdates)."""
        url = str(req.params.get("url") or "")
        if not url:
            return self._delete_webhook(req)
        parts = urlsplit(url)
        if parts.scheme != "https":
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if (parts.port or 443) not in (80, 88, 443, 8443):
            raise ApiError(
                400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        allowed = req.params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        if req.params.get("drop_pending_updates") is True:
            self._queue.clear()
        self._webhook = {
            "url": url,
            "has_custom_certificate": "certificate" in req.files,
            "max_connections": int(req.params.get("max_connections") or 40),
            "secret_token": req.params.get("secret_token"),
        }
        return True

    def _get_webhook_info(self, req: _Request) -> JSON:
        """getWebhookInfo."""
        info: JSON = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": bool(self._webhook and self._webhook["has_custom_certificate"]),
            "pending_update_count": len(self._queue),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
        return info

    def _is_allowed(self, update: JSON) -> bool:
        """Whether an update's type passes the current allowed_updates setting."""
        kinds = [key for key in update if key != "update_id"]
        kind = kinds[0] if kinds else ""
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _DEFAULT_EXCLUDED_UPDATES

    def _get_updates(self, req: _Request) -> list[JSON]:
        """getUpdates with real long polling, offset confirmation, limit and allowed_updates."""
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        params = req.params
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        if offset > 0:
            self._queue = [update for update in self._queue if update["update_id"] >= offset]
        elif offset < 0:
            self._queue = self._queue[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + timeout
        while True:
            if self._closing:
                return []
            if req.client_gone():
                raise ApiError(CLIENT_GONE, "Client Closed Request: the long poll was abandoned")
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            self._queue = [update for update in self._queue if self._is_allowed(update)]
            if self._queue:
                return self._queue[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(min(remaining, 0.05))

    def _send_message(self, req: _Request) -> JSON:
        """sendMessage."""
        key = self._require_chat(req)
        self._check_chat_write(key)
        text = req.params.get("text")
        plain, entities = self._format_text(text, req.params, "entities")
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        reply_to = self._resolve_reply(key, req.params)
        self._check_rate(key)
        content: JSON = {"text": plain}
        if entities:
            content["entities"] = entities
        message = self._new_message(key, req, reply_to, content)
        self._record_send(req, key, text if isinstance(text, str) else plain, message)
        return message

    def _send_document(self, req: _Request) -> JSON:
        """sendDocument with an uploaded file, attach:// reference or known file_id."""
        key = self._require_chat(req)
        self._check_chat_write(key)
        stored = self._document_from(req)
        caption = req.params.get("caption")
        content: JSON = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
            }
        }
        if stored.file_name:
            content["document"]["file_name"] = stored.file_name
        if stored.mime_type:
            content["document"]["mime_type"] = stored.mime_type
        if caption is not None:
            plain, entities = self._format_text(caption, req.params, "caption_entities")
            if utf16_len(plain) > 1024:
                raise ApiError(400, "Bad Request: message caption is too long")
            content["caption"] = plain
            if entities:
                content["caption_entities"] = entities
        reply_to = self._resolve_reply(key, req.params)
        self._check_rate(key)
        message = self._new_message(key, req, reply_to, content)
        self._record_send(req, key, caption if isinstance(caption, str) else None, message)
        return message

    def _document_from(self, req: _Request) -> _StoredFile:
        """Resolve the document parameter to a stored file, registering uploads."""
        value = req.params.get("document")
        upload = req.files.get("document")
        if isinstance(value, str) and value.startswith("attach://"):
            upload = req.files.get(value[len("attach://") :])
        if upload is not None:
            number = next(self._file_counter)
            file_id = f"doc-{number}"
            stored = _StoredFile(
                file_id=file_id,
                file_unique_id=f"u-{file_id}",
                file_path=f"documents/file_{number}",
                data=upload.data,
                file_name=upload.filename,
                mime_type=upload.content_type,
            )
            self._files[file_id] = stored
            self._file_paths[stored.file_path] = stored
            return stored
        if isinstance(value, str | int) and str(value) in self._files:
            return self._files[str(value)]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            number = next(self._file_counter)
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            stored = _StoredFile(
                f"doc-{number}", f"u-doc-{number}", f"documents/file_{number}", b"", name, None
            )
            self._files[stored.file_id] = stored
            self._file_paths[stored.file_path] = stored
            return stored
        if value is None and upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _edited_target(self, req: _Request) -> tuple[int, int, JSON]:
        """The bot message an edit refers to."""
        key = self._require_chat(req)
        self._check_chat_write(key)
        message_id = self._require_int(req, "message_id")
        message = self._messages.get((key, message_id))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self._bot_user(req.token)["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return key, message_id, message

    def _finish_edit(self, req: _Request, key: int, message_id: int, old: JSON, new: JSON) -> JSON:
        """Store an edited message and record it."""
        if new == old:
            raise ApiError(400, NOT_MODIFIED)
        new["edit_date"] = int(time.time())
        self._messages[(key, message_id)] = new
        self._edited.append(SentMessage(req.method, key, new.get("text"), req.params, time.monotonic(), new))
        return new

    def _apply_markup(self, message: JSON, markup: Any) -> None:
        """Set or remove an inline keyboard on a message copy."""
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)

    def _edit_message_text(self, req: _Request) -> JSON | bool:
        """editMessageText."""
        if req.params.get("inline_message_id"):
            return True
        key, message_id, old = self._edited_target(req)
        text = req.params.get("text")
        plain, entities = self._format_text(text, req.params, "entities")
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        if "text" not in old:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        new = {k: v for k, v in old.items() if k not in ("entities", "edit_date")}
        new["text"] = plain
        if entities:
            new["entities"] = entities
        self._apply_markup(new, req.params.get("reply_markup"))
        return self._finish_edit(
            req, key, message_id, {k: v for k, v in old.items() if k != "edit_date"}, new
        )

    def _edit_message_reply_markup(self, req: _Request) -> JSON | bool:
        """editMessageReplyMarkup."""
        if req.params.get("inline_message_id"):
            return True
        key, message_id, old = self._edited_target(req)
        new = {k: v for k, v in old.items() if k != "edit_date"}
        self._apply_markup(new, req.params.get("reply_markup"))
        return self._finish_edit(
            req, key, message_id, {k: v for k, v in old.items() if k != "edit_date"}, new
        )

    def _delete_message(self, req: _Request) -> bool:
        """deleteMessage."""
        key = self._require_chat(req)
        self._check_chat_write(key)
        message_id = self._require_int(req, "message_id")
        if self._messages.pop((key, message_id), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _answer_callback_query(self, req: _Request) -> bool:
        """answerCallbackQuery (each pushed query can be answered once)."""
        query_id = str(req.params.get("callback_query_id") or "")
        if query_id not in self._callback_ids:
            raise ApiError(400, QUERY_TOO_OLD)
        self._callback_ids.discard(query_id)
        return True

    def _send_chat_action(self, req: _Request) -> bool:
        """sendChatAction."""
        key = self._require_chat(req)
        self._check_chat_write(key)
        if req.params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _set_my_commands(self, req: _Request) -> bool:
        """setMyCommands with Telegram's validation of names and descriptions."""
        commands = req.params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a JSON array of at most 100 BotCommand")
        cleaned: list[JSON] = []
        for item in commands:
            if not isinstance(item, dict) or not _COMMAND_NAME_RE.match(str(item.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            description = str(item.get("description", ""))
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": item["command"], "description": description})
        key = self._commands_key(req.params.get("scope"), req.params.get("language_code"))
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, req: _Request) -> list[JSON]:
        """getMyCommands."""
        return list(
            self._commands.get(
                self._commands_key(req.params.get("scope"), req.params.get("language_code")), []
            )
        )

    def _delete_my_commands(self, req: _Request) -> bool:
        """deleteMyCommands."""
        self._commands.pop(self._commands_key(req.params.get("scope"), req.params.get("language_code")), None)
        return True

    def _get_chat_member(self, req: _Request) -> JSON:
        """getChatMember."""
        key = self._require_chat(req)
        user_id = self._require_int(req, "user_id")
        bot = self._bot_user(req.token)
        if user_id == bot["id"] and (key, user_id) not in self._members:
            return chat_member_json(self._default_member_status, bot)
        return self._member_json(key, user_id)

    def _get_chat_administrators(self, req: _Request) -> list[JSON]:
        """getChatAdministrators (configured creators and administrators)."""
        key = self._require_chat(req)
        if key > 0:
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        return [
            dict(member)
            for (chat_id, _), member in self._members.items()
            if chat_id == key and member["status"] in ("creator", "administrator")
        ]

    def _get_chat(self, req: _Request) -> JSON:
        """getChat as a ChatFullInfo for chats seen in updates, sends or set_chat."""
        key = self._require_chat(req)
        chat = self._chats.get(key)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_file(self, req: _Request) -> JSON:
        """getFile for files registered with add_file or uploaded with sendDocument."""
        stored = self._files.get(str(req.params.get("file_id") or ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > _MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


# ---------------------------------------------------------------------- HTTP server


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks connections so stop() can close and join them."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], fake: FakeBotAPI) -> None:
        """Bind and remember the fake."""
        self.fake = fake
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
        server = cast(_Server, self.server)
        server.set_busy(self.connection, True)
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            status, content_type, payload = server.fake._handle_http(
                self.command, self.path, self.headers.get("Content-Type", ""), body, self._client_gone
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            if server.fake._closing:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            server.set_busy(self.connection, False)


# ---------------------------------------------------------------------- parsing helpers


def _too_many(retry_after: int) -> ApiError:
    """A 429 error with retry_after."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


def _json_response(body: JSON, status: int | None = None) -> tuple[int, str, bytes]:
    """Encode a JSON response."""
    code = status if status is not None else int(body.get("error_code", 200))
    return code, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8")


def _decode_value(key: str, value: Any) -> Any:
    """Undo python-telegram-bot's encoding: strings are sent raw, everything else as JSON."""
    if not isinstance(value, str) or key in _TEXT_PARAMS or not value:
        return value
    if value[0] in '{["-0123456789' or value in ("true", "false", "null"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _parse_body(content_type: str, body: bytes) -> tuple[JSON, dict[str, UploadedFile]]:
    """Decode a form-encoded, JSON or multipart request body."""
    if not body:
        return {}, {}
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        return {k: _decode_value(k, v) for k, v in data.items()}, {}
    if media_type == "multipart/form-data":
        return _parse_multipart(content_type, body)
    text = body.decode("utf-8")
    return {k: _decode_value(k, v) for k, v in parse_qsl(text, keep_blank_values=True)}, {}


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
            params[name] = _decode_value(name, data.decode("utf-8"))
    return params, files


# ---------------------------------------------------------------------- HTML parse_mode

_TAG_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[A-Za-z][A-Za-z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*>"
)
_ATTR_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_HTML_ENTITY_RE = re.compile(r"&(#[xX][0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot);")
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_HTML_TAGS = frozenset({*_SIMPLE_TAGS, "a", "span", "blockquote", "tg-emoji"})


def _html_unescape(segment: str) -> str:
    """Replace the HTML entities Telegram supports."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
        if name in named:
            return named[name]
        number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(number)

    return _HTML_ENTITY_RE.sub(replace, segment)


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML into plain text and entities, raising ApiError 400 like Telegram."""
    out: list[str] = []
    position16 = 0
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[JSON] = []
    index = 0

    def fail(reason: str) -> ApiError:
        return ApiError(400, f"Bad Request: can't parse entities: {reason}")

    while index < len(text):
        lt = text.find("<", index)
        segment = _html_unescape(text[index : lt if lt != -1 else len(text)])
        out.append(segment)
        position16 += utf16_len(segment)
        if lt == -1:
            break
        byte_offset = len(text[:lt].encode("utf-8"))
        match = _TAG_RE.match(text, lt)
        if match is None:
            raise fail(f"Unsupported start tag at byte offset {byte_offset}")
        closing, name = match.group(1) == "/", match.group(2).lower()
        if closing:
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {byte_offset}")
            open_name, start16, attrs = stack.pop()
            if open_name != name:
                raise fail(
                    f"Unmatched end tag at byte offset {byte_offset}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            language = attrs.get("class", "")
            if name == "code" and stack and stack[-1][0] == "pre" and language.startswith("language-"):
                stack[-1][2]["__language"] = language[len("language-") :]
            else:
                entity = _html_entity(name, attrs, start16, position16 - start16)
                if entity is not None:
                    entities.append(entity)
        else:
            if name not in _HTML_TAGS:
                raise fail(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
            attrs = {
                attr.group(1).lower(): next((g for g in attr.groups()[1:] if g is not None), "")
                for attr in _ATTR_RE.finditer(match.group(3))
            }
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}')
            stack.append((name, position16, attrs))
        index = match.end()
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out), entities


def _html_entity(name: str, attrs: dict[str, str], offset: int, length: int) -> JSON | None:
    """The MessageEntity for a closed HTML tag, or None for empty or attribute-less links."""
    if length <= 0:
        return None
    entity: JSON = {"offset": offset, "length": length}
    if name in _SIMPLE_TAGS:
        entity["type"] = _SIMPLE_TAGS[name]
        if name == "pre" and attrs.get("__language"):
            entity["language"] = attrs["__language"]
    elif name == "span":
        entity["type"] = "spoiler"
    elif name == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in attrs else "blockquote"
    elif name == "tg-emoji":
        entity["type"] = "custom_emoji"
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    else:
        href = attrs.get("href")
        if not href:
            return None
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            entity["type"] = "text_mention"
            entity["user"] = user_json(int(user.group(1)), language_code=None)
        else:
            entity["type"] = "text_link"
            entity["url"] = href
    return entity
