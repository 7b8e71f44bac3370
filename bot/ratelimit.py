"""Telegram's flood limits: sends paced evenly, replies ahead of digests, a 429 pausing every send.

python-telegram-bot's `AIORateLimiter` lets a burst of its whole per-second budget out at once,
takes a slot before it waits out a 429, and ends that wait as soon as any request finishes. With
a digest for a thousand chats each of those turns one 429 into the next (benchmarks/bot.py
measured 458 of them). This limiter spaces sends `1 / per_second` apart, lets a reply claim the
next free slot before any digest does (`rate_limit_args=BULK` marks digest sends), and holds
every send back until a 429's `retry_after` has passed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from handlers.delivery import BULK, retry_seconds

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class PacedRateLimiter(BaseRateLimiter[str]):
    def __init__(
        self,
        per_second: float = 29.5,  # under 30: the 31st send lands 17 ms past a 1 s window, jitter room
        per_group_per_minute: int = 20,
        max_retries: int = 3,
    ) -> None:
        self.interval = 1.0 / per_second
        self.per_group_per_minute = per_group_per_minute
        self.max_retries = max_retries
        self._next_slot = 0.0  # event-loop time of the next free send slot
        self._resume_at = 0.0  # nothing is sent before this (a 429's retry_after)
        self._bulk = asyncio.Lock()
        self._groups: dict[int | str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def _reply_slot(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            slot = max(self._next_slot, self._resume_at, now)
            self._next_slot = slot + self.interval
            await asyncio.sleep(slot - now)
            if loop.time() >= self._resume_at:
                return  # else a 429 arrived while waiting: queue again behind it

    async def _bulk_slot(self) -> None:
        """One bulk send at a time claims a slot, and only once it is free now."""
        loop = asyncio.get_running_loop()
        async with self._bulk:
            while (wait := max(self._next_slot, self._resume_at) - loop.time()) > 0:  # noqa: ASYNC110 (a time, not an event)
                await asyncio.sleep(wait)
            self._next_slot = loop.time() + self.interval

    def _group(self, chat_id: object) -> AsyncLimiter | None:
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)  # type: ignore[call-overload]
        if not ((isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str)):
            return None  # private chats and requests without a chat
        if chat_id not in self._groups:
            self._groups[chat_id] = AsyncLimiter(self.per_group_per_minute, 60)
        return self._groups[chat_id]

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
        group = self._group(chat_id)
        attempt = 0
        while True:
            if chat_id is not None:
                if group is not None:
                    await group.acquire()
                await (self._bulk_slot() if rate_limit_args == BULK else self._reply_slot())
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                attempt += 1
                if attempt > self.max_retries:
                    raise
                seconds = retry_seconds(exc)
                loop = asyncio.get_running_loop()
                self._resume_at = max(self._resume_at, loop.time() + seconds + 0.1)
                log.warning("event=rate_limited endpoint=%s chat=%s seconds=%.1f", endpoint, chat_id, seconds)
