"""Digest subscriptions and deliveries for the front ends: each call is one unit of work.

What comes back is a `SubscriptionView` or plain values, never a row: the rows stay in
`store.ledger`, inside the unit of work that read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from knowledge.render.digest import build_digest, render_digest
from knowledge.schedule import Schedule, ScheduleError, parse_schedule
from knowledge.service import Knowledge
from knowledge.store import ledger
from knowledge.store.ledger import SubscriptionView, last_due, missed
from knowledge.store.models import Subscription

__all__ = [
    "Prepared",
    "Schedule",
    "ScheduleError",
    "SubscriptionView",
    "active",
    "deactivate",
    "fail_delivery",
    "finish_delivery",
    "get",
    "last_due",
    "migrate",
    "missed",
    "parse_schedule",
    "prepare_delivery",
    "stop",
    "subscribe",
]


@dataclass(frozen=True)
class Prepared:
    """A digest ready to send, recorded as a pending delivery in the ledger."""

    delivery_id: int
    thread_id: int | None
    text: str  # HTML
    items: int


def get(knowledge: Knowledge, chat_id: int) -> SubscriptionView | None:
    def read(session: Session) -> SubscriptionView | None:
        subscription = session.get(Subscription, chat_id)
        return None if subscription is None else ledger.view(subscription)

    return knowledge.unit(read)


def active(knowledge: Knowledge) -> list[SubscriptionView]:
    return knowledge.unit(lambda session: [ledger.view(s) for s in ledger.active_subscriptions(session)])


def subscribe(
    knowledge: Knowledge,
    *,
    chat_id: int,
    chat_type: str,
    chat_title: str | None,
    thread_id: int | None,
    schedule: Schedule,
    timezone: str,
    user_id: int | None,
) -> tuple[SubscriptionView, bool]:
    """Create or update a chat's subscription; (its view, whether it is new or active again)."""

    def work(session: Session) -> tuple[SubscriptionView, bool]:
        subscription, created = ledger.subscribe(
            session,
            chat_id=chat_id,
            chat_type=chat_type,
            chat_title=chat_title,
            thread_id=thread_id,
            schedule=schedule,
            timezone=timezone,
            user_id=user_id,
        )
        return ledger.view(subscription), created

    return knowledge.unit(work)


def deactivate(knowledge: Knowledge, chat_id: int, reason: str) -> bool:
    return knowledge.unit(lambda session: ledger.deactivate(session, chat_id, reason))


def migrate(knowledge: Knowledge, old_chat_id: int, new_chat_id: int) -> SubscriptionView | None:
    """A group became a supergroup: its subscription follows the new chat id."""

    def work(session: Session) -> SubscriptionView | None:
        moved = ledger.migrate(session, old_chat_id, new_chat_id)
        return None if moved is None else ledger.view(moved)

    return knowledge.unit(work)


def prepare_delivery(knowledge: Knowledge, chat_id: int) -> Prepared | None:
    """Everything new for the chat since its last digest, as a pending delivery; None if nothing.

    A pending delivery is what an interrupted run did not confirm: it is prepared again.
    """

    def prepare(session: Session) -> Prepared | None:
        subscription = session.get(Subscription, chat_id)
        if subscription is None or not subscription.active:
            return None
        pending = ledger.open_delivery(session, chat_id)
        snapshot = knowledge.snapshot
        after = pending.from_seq if pending is not None else subscription.cursor_seq
        digest = build_digest(snapshot, after_seq=after, topics=subscription.topics)
        if digest.empty:
            if digest.to_seq > subscription.cursor_seq and pending is None:
                subscription.cursor_seq = digest.to_seq  # only filtered-out articles arrived
            ledger.mark_run(session, chat_id)
            return None
        if pending is None:
            pending = ledger.start_delivery(session, subscription, digest.article_ids, digest.to_seq)
        text = render_digest(digest, snapshot, "html", subscription.topics)
        return Prepared(pending.id, subscription.thread_id, text, len(digest.items))

    return knowledge.unit(prepare)


def finish_delivery(knowledge: Knowledge, delivery_id: int, message_ids: list[int]) -> None:
    knowledge.unit(partial(ledger.finish_delivery, delivery_id=delivery_id, message_ids=message_ids))


def fail_delivery(knowledge: Knowledge, delivery_id: int, error: str, *, final: bool) -> None:
    knowledge.unit(partial(ledger.fail_delivery, delivery_id=delivery_id, error=error, final=final))


def stop(knowledge: Knowledge, chat_id: int, delivery_id: int, reason: str) -> None:
    """The chat cannot be reached (blocked, removed): deactivate it and fail its delivery."""

    def work(session: Session) -> None:
        ledger.deactivate(session, chat_id, reason)
        ledger.fail_delivery(session, delivery_id, reason, final=True)

    knowledge.unit(work)
