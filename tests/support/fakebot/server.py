"""Fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and benchmarks: its life cycle, how a
test configures it, and the dispatch of each HTTP call to the method modules."""

from __future__ import annotations

import contextlib
import datetime as dtm
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Self

from . import chats, delivery, messages
from .faults import FAILURES, SEND_METHODS, FailureReason, RateRule, SendFault
from .http import HttpServer, Response, json_response, route
from .members import chat_member_json
from .model import JSON, ApiCall, ApiError, Request, StoredFile, UploadedFile
from .state import Identity, State
from .updates import BOT_FIRST_NAME, BOT_USERNAME, TOKEN, user_json
from .waiting import Waiting

if TYPE_CHECKING:
    from telegram.ext import Application, ApplicationBuilder

METHODS: dict[str, Callable[[State, Request], Any]] = {
    **chats.METHODS,
    **delivery.METHODS,
    **messages.METHODS,
}


class FakeBotAPI(Waiting):
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
        identity = Identity(token, bot_username, bot_first_name, default_member_status, validate_updates)
        self._state = State(identity, max_sends_per_second)
        self._address = ("127.0.0.1", port)
        self._httpd: HttpServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Bind 127.0.0.1:port and serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("FakeBotAPI already started")
        self._state.closing = False
        self._httpd = HttpServer(self._address, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fakebot-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Wake long polls and held sends, close every connection and join all server threads."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        with self._state.cond:
            self._state.closing = True
            self._state.cond.notify_all()
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
        with self._state.cond:
            return delivery.queue_update(self._state, update, validate=validate)

    def push_updates(self, *updates: Mapping[str, Any]) -> list[int]:
        """Queue several updates in order."""
        return [self.push_update(update) for update in updates]

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
        with self._state.cond:
            self._state.faults.failures[self._state.chat_key(chat_id)] = (
                error_code or code,
                description or text,
            )

    def clear_failures(self, chat_id: int | str | None = None) -> None:
        """Remove injected failures, rate limits, migrations and send faults for one chat or all chats."""
        with self._state.cond:
            self._state.faults.clear(None if chat_id is None else self._state.chat_key(chat_id))
            self._state.cond.notify_all()

    def rate_limit_chat(self, chat_id: int | str, retry_after: int = 1, times: int | None = 1) -> None:
        """Answer the next `times` message sends to chat_id with 429 (times=None: until cleared)."""
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        with self._state.cond:
            self._state.faults.rate_rules[self._state.chat_key(chat_id)] = RateRule(retry_after, times)

    def fail_sends(
        self,
        status: int = 500,
        *,
        times: int | None = 1,
        chat_id: int | str | None = None,
        methods: tuple[str, ...] = ("sendMessage",),
    ) -> None:
        """Answer the next `times` sends (to chat_id, or any chat) with a server error such as 500."""
        self._add_send_fault(status, 0.0, False, times, chat_id, methods)

    def stall_sends(
        self,
        seconds: float,
        *,
        deliver: bool = False,
        status: int = 500,
        times: int | None = 1,
        chat_id: int | str | None = None,
        methods: tuple[str, ...] = ("sendMessage",),
    ) -> None:
        """Hold the next `times` sends for `seconds` (past the client's timeout) before answering.

        With deliver=True the message is then sent (Telegram accepted it though the client gave up), else
        the send fails with `status`. Held requests end early when the client disconnects or on stop().
        """
        if seconds <= 0:
            raise ValueError("seconds must be > 0")
        self._add_send_fault(status, seconds, deliver, times, chat_id, methods)

    def _add_send_fault(
        self,
        status: int,
        hold: float,
        deliver: bool,
        times: int | None,
        chat_id: int | str | None,
        methods: tuple[str, ...],
    ) -> None:
        """Register a send fault."""
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        wanted = frozenset(method.lower() for method in methods)
        if not wanted <= SEND_METHODS:
            raise ValueError(
                f"send faults apply to {sorted(SEND_METHODS)}, not {sorted(wanted - SEND_METHODS)}"
            )
        with self._state.cond:
            key = None if chat_id is None else self._state.chat_key(chat_id)
            self._state.faults.send_faults.append(SendFault(status, hold, deliver, key, times, wanted))

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Make writes to old_chat_id fail with migrate_to_chat_id=new_chat_id (new one is a supergroup)."""
        with self._state.cond:
            self._state.migrate_chat(old_chat_id, new_chat_id)

    def set_chat(self, chat: Mapping[str, Any]) -> None:
        """Register or update a Chat object (id, type, title, is_forum, …) used in replies and getChat."""
        with self._state.cond:
            self._state.register_chat(chat)

    def set_chat_member(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """Set what getChatMember answers for (chat_id, user_id); fields override status defaults."""
        with self._state.cond:
            user = self._state.users.get(user_id) or user_json(user_id)
            self._state.members[(chat_id, user_id)] = chat_member_json(status, user, **fields)

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
        with self._state.cond:
            path = file_path or f"documents/file_{next(self._state.file_counter)}"
            stored = StoredFile(file_id, f"u-{file_id}", path, bytes(data), file_name, mime_type)
            self._state.files[file_id] = stored
            self._state.file_paths[stored.file_path] = stored
            return stored.file_path

    # ------------------------------------------------------------------ HTTP (called by the server threads)

    @property
    def closing(self) -> bool:
        """Whether stop() is under way."""
        return self._state.closing

    def handle_http(
        self,
        verb: str,
        path: str,
        content_type: str,
        body: bytes,
        client_gone: Callable[[], bool] = lambda: False,
    ) -> Response:
        """Route one HTTP request; return (status, content type, body)."""
        return route(self, verb, path, content_type, body, client_gone)

    def download(self, token: str, file_path: str) -> Response:
        """Answer a file download."""
        with self._state.cond:
            stored = self._state.file_paths.get(file_path)
        pinned = self._state.identity.token
        if (pinned is not None and token != pinned) or stored is None:
            return json_response(ApiError(404, "Not Found").body())
        return 200, "application/octet-stream", stored.data

    def api(
        self,
        token: str,
        method: str,
        params: JSON,
        files: dict[str, UploadedFile],
        client_gone: Callable[[], bool],
    ) -> Response:
        """Run one API method and record the call."""
        handler = METHODS.get(method.lower())
        unknown = False
        state = self._state
        try:
            if state.identity.token is not None and token != state.identity.token:
                raise ApiError(401, "Unauthorized")
            if handler is None:
                unknown = True
                raise ApiError(404, "Not Found")
            with state.cond:
                result = handler(state, Request(token, method, params, files, client_gone))
            status, response = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, response = exc.code, exc.body()
        except Exception as exc:
            status = 500
            response = ApiError(500, f"Internal Server Error: fake crashed in {method}: {exc!r}").body()
            with state.cond:
                state.internal_errors.append(f"{method}: {exc!r}")
        call = ApiCall(method, params, status, response, time.monotonic(), token, files, unknown)
        with state.cond:
            if status == 429:
                state.count_429 += 1
            state.calls.append(call)
            state.cond.notify_all()
        return json_response(response, status)
