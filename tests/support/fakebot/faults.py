"""Failure injection and rate limits: per-chat errors (blocked, kicked, migrated), per-chat and global
429s, and server faults on sends (a 500, or a request held past the client's timeout) for retry tests."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Literal

from .model import ApiError, too_many

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
SERVER_ERRORS: dict[int, str] = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
SEND_METHODS = frozenset({"sendmessage", "senddocument"})


@dataclass(slots=True)
class RateRule:
    """An injected per-chat 429."""

    retry_after: int
    remaining: int | None


@dataclass(slots=True)
class SendFault:
    """An injected server fault on message sends: an error status, or a hold of `hold` seconds first.

    After a hold the send goes through when `deliver` (Telegram accepted it; the client timed out, so
    a retry would be a second copy), else it fails with `status`.
    """

    status: int
    hold: float
    deliver: bool
    chat_id: int | None
    remaining: int | None
    methods: frozenset[str]

    def applies(self, method: str, chat_id: int) -> bool:
        """Whether this fault takes the send of method to chat_id."""
        return method.lower() in self.methods and self.chat_id in (None, chat_id)


class Faults:
    """The injected failures and the global send limiter (the caller holds the fake's lock)."""

    def __init__(self, max_sends_per_second: float | None) -> None:
        self.max_sends_per_second = max_sends_per_second
        self.failures: dict[int, tuple[int, str]] = {}
        self.rate_rules: dict[int, RateRule] = {}
        self.migrations: dict[int, int] = {}
        self.send_faults: list[SendFault] = []
        self.send_window: deque[float] = deque()

    def clear(self, chat_id: int | None = None) -> None:
        """Remove injected failures, rate limits, migrations and send faults for one chat or all."""
        if chat_id is None:
            self.failures.clear()
            self.rate_rules.clear()
            self.migrations.clear()
            self.send_faults.clear()
            return
        self.failures.pop(chat_id, None)
        self.rate_rules.pop(chat_id, None)
        self.migrations.pop(chat_id, None)
        self.send_faults = [fault for fault in self.send_faults if fault.chat_id != chat_id]

    def check_write(self, chat_id: int) -> None:
        """Raise the injected migration or failure for a chat."""
        if chat_id in self.migrations:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrations[chat_id]},
            )
        if chat_id in self.failures:
            raise ApiError(*self.failures[chat_id])

    def check_rate(self, chat_id: int) -> None:
        """Raise 429 for an injected per-chat limit or when the global send rate is exceeded."""
        rule = self.rate_rules.get(chat_id)
        if rule is not None:
            if rule.remaining is not None:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    del self.rate_rules[chat_id]
            raise too_many(rule.retry_after)
        if self.max_sends_per_second is not None:
            now = time.monotonic()
            while self.send_window and self.send_window[0] <= now - 1.0:
                self.send_window.popleft()
            if len(self.send_window) >= self.max_sends_per_second:
                raise too_many(max(1, math.ceil(self.send_window[0] + 1.0 - now)))

    def take_send_fault(self, method: str, chat_id: int) -> SendFault | None:
        """The first injected send fault for this send, counted down (None when there is none)."""
        for fault in self.send_faults:
            if fault.applies(method, chat_id):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self.send_faults.remove(fault)
                return fault
        return None

    def count_send(self, moment: float) -> None:
        """Count a successful send for the global limiter."""
        self.send_window.append(moment)


def server_error(status: int) -> ApiError:
    """The error Telegram's front answers for a server fault."""
    return ApiError(status, SERVER_ERRORS.get(status, "Internal Server Error"))
