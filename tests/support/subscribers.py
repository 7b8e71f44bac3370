"""Chats subscribed straight in the store, for the tests and benchmarks that need many of them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from knowledge import schedule as schedules
from knowledge.service import Knowledge
from knowledge.store import ledger as subs


def subscribe_daily(knowledge: Knowledge, chat_ids: Iterable[int], *, user_id: int) -> None:
    """Each chat a supergroup with a daily 09:00 (Asia/Shanghai) digest, as /subscribe would store it."""
    schedule = schedules.Schedule("daily", "09:00")

    def subscribe_all(session: Session) -> None:
        for chat_id in chat_ids:
            subs.subscribe(
                session,
                chat_id=chat_id,
                chat_type="supergroup",
                chat_title=None,
                thread_id=None,
                schedule=schedule,
                timezone="Asia/Shanghai",
                user_id=user_id,
            )

    knowledge.unit(subscribe_all)
