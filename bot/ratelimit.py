"""Telegram's flood limits as documented, replies never slower than they require, digests taking what is left.

Telegram's bot FAQ ("My bot is hitting limits"): in one chat avoid more than about one message
per second (short bursts are allowed), no more than 20 messages per minute to one group, and
bulk notifications to many users at no more than about 30 messages per second. So a reply waits
only for its own chat's budget (3 messages per 3 s in a private chat, 20 per minute in a group),
never behind other chats; digests (`rate_limit_args=BULK`) go one at a time, spaced evenly, and
only while every send of the last second (replies included) stays under the bulk budget. A 429
holds every send back until its `retry_after` has passed. Replies that fail with a 5xx or a
timeout are retried with bounded backoff; digests are retried by the delivery code, which knows
the ledger.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from handlers import metrics
from handlers.delivery import BULK, retry_seconds

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
REPLY_BACKOFF = (0.5, 1.0, 2.0)  # a reply's retries after a 5xx or a timeout: 3.5 s at most
MAX_CHATS = 20_000  # per-chat budgets kept; the idle ones are dropped beyond


class PacedRateLimiter(BaseRateLimiter[str]):
    def __init__(
        self,
        bulk_per_second: float = 29.5,
        window_budget: int = 29,  # sends of any kind in a sliding second before a digest must wait
        per_group_per_minute: int = 20,
        per_chat_burst: int = 3,  # a private chat: this many messages per as many seconds
        max_retries: int = 3,
    ) -> None:
        self.interval = 1.0 / bulk_per_second
        self.window_budget = window_budget
        self.per_group_per_minute = per_group_per_minute
        self.per_chat_burst = per_chat_burst
        self.max_retries = max_retries
        self._next_bulk = 0.0  # event-loop time of the next free bulk slot
        self._resume_at = 0.0  # nothing is sent before this (a 429's retry_after)
        self._window: deque[float] = deque()  # loop times of the sends of the last second
        self._bulk = asyncio.Lock()
        self._chats: dict[int | str, tuple[AsyncLimiter, float]] = {}

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def _recent(self, now: float) -> int:
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        return len(self._window)

    async def _wait_resume(self) -> None:
        loop = asyncio.get_running_loop()
        while (wait := self._resume_at - loop.time()) > 0:  # noqa: ASYNC110 (a time, not an event)
            await asyncio.sleep(wait)

    async def _bulk_slot(self) -> None:
        """One digest send at a time, evenly spaced, while the last second's sends leave room."""
        loop = asyncio.get_running_loop()
        async with self._bulk:
            while True:
                await self._wait_resume()
                now = loop.time()
                if now < self._next_bulk:
                    await asyncio.sleep(self._next_bulk - now)
                    continue
                if self._recent(now) >= self.window_budget:
                    await asyncio.sleep(self._window[0] + 1.0 - now + 0.001)
                    continue
                self._next_bulk = now + self.interval
                return

    def _chat(self, chat_id: object) -> AsyncLimiter | None:
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)  # type: ignore[call-overload]
        if not isinstance(chat_id, int | str):
            return None
        entry = self._chats.get(chat_id)
        if entry is None:
            if len(self._chats) > MAX_CHATS:
                cutoff = time.monotonic() - 60
                self._chats = {k: v for k, v in self._chats.items() if v[1] > cutoff}
            group = (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str)
            limiter = (
                AsyncLimiter(self.per_group_per_minute, 60)
                if group
                else AsyncLimiter(self.per_chat_burst, self.per_chat_burst)
            )
            entry = (limiter, time.monotonic())
        self._chats[chat_id] = (entry[0], time.monotonic())
        return entry[0]

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> JSONResult:
        chat_id = data.get("chat_id")
        bulk = rate_limit_args == BULK
        chat = self._chat(chat_id) if chat_id is not None else None
        rate_limited = failures = 0
        while True:
            if chat is not None:
                await chat.acquire()
                await (self._bulk_slot() if bulk else self._wait_resume())
                now = asyncio.get_running_loop().time()
                self._recent(now)  # keeps the window to the last second
                self._window.append(now)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                metrics.RATE_LIMITED.inc()
                rate_limited += 1
                if rate_limited > self.max_retries:
                    raise
                seconds = retry_seconds(exc)
                loop = asyncio.get_running_loop()
                self._resume_at = max(self._resume_at, loop.time() + seconds + 0.1)
                log.warning("event=rate_limited endpoint=%s chat=%s seconds=%.1f", endpoint, chat_id, seconds)
            except BadRequest:
                raise
            except NetworkError as exc:  # a 5xx or a timeout: a reply is tried again, a little later
                if bulk or chat_id is None or failures >= len(REPLY_BACKOFF):
                    raise
                metrics.RETRIES.inc()
                log.warning("event=send_retry endpoint=%s chat=%s error=%r", endpoint, chat_id, str(exc))
                await asyncio.sleep(REPLY_BACKOFF[failures])
                failures += 1
