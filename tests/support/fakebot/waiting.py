"""Waiting for the bot under test: poll a condition from the event loop or block a thread on the fake's
condition variable, failing with the last calls when time runs out (a mixin of FakeBotAPI)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from .model import ApiCall, SentMessage
from .recorded import Recorded

T = TypeVar("T")


class Waiting(Recorded):
    """Waits on the fake's records."""

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
        with self._state.cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_message(what or repr(predicate), timeout))
                self._state.cond.wait(min(remaining, 0.05))

    def _timeout_message(self, what: str, timeout: float) -> str:
        """Describe a wait timeout with the last non-polling calls."""
        with self._state.cond:
            calls = self._state.calls
            recent = [call for call in calls if call.method.lower() != "getupdates"][-15:]
            polls = sum(1 for call in calls if call.method.lower() == "getupdates")
            errors = list(self._state.internal_errors)
            queued = len(self._state.queue)
        lines = [f"timed out after {timeout}s waiting for {what}"]
        lines.append(f"getUpdates calls: {polls}, updates still queued: {queued}")
        lines.append("last calls:" if recent else "no calls besides getUpdates")
        lines.extend(f"  {call.summary()}" for call in recent)
        lines.extend(f"  FAKE INTERNAL ERROR: {error}" for error in errors)
        return "\n".join(lines)
