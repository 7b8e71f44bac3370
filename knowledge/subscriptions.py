"""Digest subscriptions and deliveries for the front ends: each call is one unit of work.

What comes back is a `SubscriptionView` or plain values, never a row: the rows stay in
`store.ledger`, inside the unit of work that read them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session

from knowledge.render.answers import split_message
from knowledge.render.digest import Digest, build_digest, render_digest
from knowledge.schedule import Schedule, ScheduleError, parse_schedule
from knowledge.service import Knowledge
from knowledge.store import claims, ledger
from knowledge.store.claims import LEASE, Claim, retry_delay
from knowledge.store.ledger import SubscriptionView, last_due, missed
from knowledge.store.models import Subscription

__all__ = [
    "LEASE",
    "Claim",
    "Queued",
    "Schedule",
    "ScheduleError",
    "SubscriptionView",
    "active",
    "backlog",
    "claim_next",
    "confirm_part",
    "deactivate",
    "get",
    "last_due",
    "migrate",
    "missed",
    "parse_schedule",
    "queue_all",
    "queue_due",
    "release",
    "renew",
    "retry_delay",
    "statuses",
    "stop",
    "subscribe",
]


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


# --- deliveries: queued once per chat, claimed by one worker at a time (store.claims) ---------

Rendered = dict[tuple[int, tuple[str, ...]], tuple[Digest, list[str]]]
Queued = tuple[int, int | None, int]  # (chat, its open delivery or None, that delivery's attempts)


def _queue(
    knowledge: Knowledge, session: Session, chat_id: int, now: datetime, rendered: Rendered
) -> int | None:
    """Queue the chat's digest of what is new; its open delivery (new or earlier), if any.

    `rendered` keeps digests already built in this run: chats with the same cursor and topics
    (most of them, in a fan-out) share one.
    """
    open_row = claims.open_delivery(session, chat_id)
    if open_row is not None:
        return open_row.id
    subscription = session.get(Subscription, chat_id)
    if subscription is None or not subscription.active:
        return None
    snapshot = knowledge.snapshot
    key = (subscription.cursor_seq, tuple(subscription.topics))
    if key not in rendered:
        digest = build_digest(snapshot, after_seq=subscription.cursor_seq, topics=subscription.topics)
        parts = (
            []
            if digest.empty
            else split_message(render_digest(digest, snapshot, "html", subscription.topics))
        )
        rendered[key] = (digest, parts)
    digest, parts = rendered[key]
    if digest.empty:
        claims.skip_to(session, chat_id, from_seq=subscription.cursor_seq, to_seq=digest.to_seq, now=now)
        return None
    return claims.enqueue(
        session, subscription, to_seq=digest.to_seq, article_ids=digest.article_ids, parts=parts, now=now
    )


def queue_due(knowledge: Knowledge, now: datetime | None = None) -> list[int]:
    """Queue every chat whose schedule fell due since its last run (on time, or caught up after a stop)."""
    now = now or datetime.now(UTC)
    knowledge.catch_up()  # articles another replica ingested belong in this digest
    due = [view.chat_id for view in active(knowledge) if missed(view, now)]
    rendered: Rendered = {}
    queued = [knowledge.unit(partial(_queue, knowledge, chat_id=c, now=now, rendered=rendered)) for c in due]
    return [delivery_id for delivery_id in queued if delivery_id is not None]


def queue_all(knowledge: Knowledge) -> list[Queued]:
    """/digest_now: every active chat's digest queued now, its waiting retries hurried."""
    now = datetime.now(UTC)
    knowledge.catch_up()
    chats = [view.chat_id for view in active(knowledge)]
    rendered: Rendered = {}
    ids = [knowledge.unit(partial(_queue, knowledge, chat_id=c, now=now, rendered=rendered)) for c in chats]
    found = [i for i in ids if i is not None]
    knowledge.unit(partial(claims.hurry, delivery_ids=found))
    known = statuses(knowledge, found)
    return [
        (chat, i, known[i][1] if i is not None and i in known else 0)
        for chat, i in zip(chats, ids, strict=True)
    ]


def claim_next(knowledge: Knowledge, worker: str, lease: timedelta = LEASE) -> Claim | None:
    return knowledge.unit(partial(claims.claim_next, worker=worker, lease=lease))


def renew(knowledge: Knowledge, claim: Claim, lease: timedelta = LEASE) -> bool:
    return knowledge.unit(partial(claims.renew, claim=claim, lease=lease))


def confirm_part(knowledge: Knowledge, claim: Claim, message_id: int, lease: timedelta = LEASE) -> bool:
    return knowledge.unit(partial(claims.confirm_part, claim=claim, message_id=message_id, lease=lease))


def release(knowledge: Knowledge, claim: Claim, error: str, *, retry_in: float | None) -> str:
    return knowledge.unit(partial(claims.release, claim=claim, error=error, retry_in=retry_in))


def stop(knowledge: Knowledge, claim: Claim, reason: str) -> None:
    """The chat cannot be reached (blocked, removed): deactivate it and fail its delivery for good."""

    def work(session: Session) -> None:
        ledger.deactivate(session, claim.chat_id, reason)
        claims.release(session, claim, reason, retry_in=None)

    knowledge.unit(work)


def statuses(knowledge: Knowledge, delivery_ids: list[int]) -> dict[int, tuple[str, int, bool]]:
    return knowledge.unit(partial(claims.statuses, delivery_ids=delivery_ids))


def backlog(knowledge: Knowledge) -> int:
    return knowledge.unit(claims.backlog)
