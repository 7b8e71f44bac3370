"""Shared state for handlers and jobs, reached through typed properties of a custom context."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from knowledge.service import Knowledge

ADMIN_CACHE_SECONDS = 60.0
REPORT_EVERY_SECONDS = 3600.0  # one report per kind of error per hour
REPORTS_PER_HOUR = 10  # and no more than this many reports in all


class ChatSettings(Protocol):
    """What handlers and jobs read of the bot's settings (`bot.settings.Settings` has it all)."""

    @property
    def admin_ids(self) -> frozenset[int]: ...
    @property
    def inbox_dir(self) -> Path | None: ...
    @property
    def timezone(self) -> str: ...


class Kicker(Protocol):
    def kick(self, *, queue_due: bool = False) -> None: ...


@dataclass
class Role:
    """This replica's part: the leader polls (in polling mode), runs scheduled jobs and sends digests."""

    leader: bool = True
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


@dataclass
class ErrorReports:
    """Which kinds of error the admins were told of, and when: one bot's memory of its reports."""

    last: dict[str, float] = field(default_factory=dict)
    recent: list[float] = field(default_factory=list)

    def should_report(self, kind: str, now: float | None = None) -> bool:
        """Once per kind per hour, and at most REPORTS_PER_HOUR reports in any hour."""
        now = time.monotonic() if now is None else now
        self.recent[:] = [t for t in self.recent if now - t < 3600]
        last = self.last.get(kind)
        if (last is not None and now - last < REPORT_EVERY_SECONDS) or len(self.recent) >= REPORTS_PER_HOUR:
            return False
        self.last[kind] = now
        self.recent.append(now)
        return True


@dataclass
class BotData:
    """Created empty by python-telegram-bot; `build_application` fills in knowledge and settings."""

    knowledge: Knowledge | None = None
    settings: ChatSettings | None = None
    role: Role = field(default_factory=Role)
    drainer: Kicker | None = None  # sends queued digests (handlers.delivery.Drainer)
    chat_admins: dict[tuple[int, int], tuple[bool, float]] = field(default_factory=dict)
    error_reports: ErrorReports = field(default_factory=ErrorReports)  # told to the admins, by kind

    def cached_admin(self, chat_id: int, user_id: int) -> bool | None:
        entry = self.chat_admins.get((chat_id, user_id))
        if entry is None or time.monotonic() - entry[1] > ADMIN_CACHE_SECONDS:
            return None
        return entry[0]

    def remember_admin(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        self.chat_admins[(chat_id, user_id)] = (is_admin, time.monotonic())


class BotContext(CallbackContext[ExtBot[str], dict[object, object], dict[object, object], BotData]):
    @property
    def knowledge(self) -> Knowledge:
        assert self.bot_data.knowledge is not None, "build_application sets the knowledge"
        return self.bot_data.knowledge

    @property
    def settings(self) -> ChatSettings:
        assert self.bot_data.settings is not None, "build_application sets the settings"
        return self.bot_data.settings

    @property
    def jobs(self) -> JobQueue[BotContext] | None:
        """The application's JobQueue, typed for this context."""
        return self.application.job_queue  # type: ignore[return-value]

    def is_bot_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids


PolicyApp = Application[
    ExtBot[str], BotContext, dict[object, object], dict[object, object], BotData, JobQueue[BotContext]
]
