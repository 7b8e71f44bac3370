"""Digest subscriptions (their deliveries: `store.claims`). Functions take the session; the caller commits.

Rows stay inside the unit of work: what leaves it is a `SubscriptionView`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.schedule import Schedule
from knowledge.store.models import Article, Delivery, Subscription, utcnow


class Timing(Protocol):
    """What a digest's due time is computed from (a row or its view)."""

    @property
    def timezone(self) -> str: ...
    @property
    def at_time(self) -> str: ...
    @property
    def cadence(self) -> str: ...
    @property
    def weekday(self) -> int | None: ...
    @property
    def last_run_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True)
class SubscriptionView:
    """A chat's subscription as the front ends see it, read inside a unit of work."""

    chat_id: int
    thread_id: int | None
    cadence: str  # daily | weekly
    weekday: int | None
    at_time: str
    timezone: str
    topics: tuple[str, ...]
    active: bool
    cursor_seq: int
    last_run_at: datetime | None
    created_at: datetime

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.cadence, self.at_time, self.weekday, self.topics)


def view(subscription: Subscription) -> SubscriptionView:
    return SubscriptionView(
        chat_id=subscription.chat_id,
        thread_id=subscription.thread_id,
        cadence=subscription.cadence,
        weekday=subscription.weekday,
        at_time=subscription.at_time,
        timezone=subscription.timezone,
        topics=tuple(subscription.topics),
        active=subscription.active,
        cursor_seq=subscription.cursor_seq,
        last_run_at=subscription.last_run_at,
        created_at=subscription.created_at,
    )


def latest_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(Article.seq))) or 0)


def subscribe(
    session: Session,
    *,
    chat_id: int,
    chat_type: str,
    chat_title: str | None,
    thread_id: int | None,
    schedule: Schedule,
    timezone: str,
    user_id: int | None,
) -> tuple[Subscription, bool]:
    """Create or update a chat's subscription; a new one starts after what is already known."""
    subscription = session.get(Subscription, chat_id)
    created = subscription is None or not subscription.active
    if subscription is None:
        subscription = Subscription(chat_id=chat_id, cursor_seq=latest_seq(session), created_by=user_id)
        session.add(subscription)
    elif not subscription.active:
        subscription.cursor_seq = latest_seq(session)
    subscription.chat_type = chat_type
    subscription.chat_title = chat_title
    subscription.thread_id = thread_id
    subscription.cadence = schedule.cadence
    subscription.weekday = schedule.weekday
    subscription.at_time = schedule.at_time
    subscription.timezone = timezone
    subscription.topics = list(schedule.topics)
    subscription.active = True
    subscription.deactivated_reason = None
    subscription.last_run_at = utcnow()
    session.flush()
    return subscription, created


def deactivate(session: Session, chat_id: int, reason: str) -> bool:
    subscription = session.get(Subscription, chat_id)
    if subscription is None or not subscription.active:
        return False
    subscription.active = False
    subscription.deactivated_reason = reason
    return True


def migrate(session: Session, old_chat_id: int, new_chat_id: int) -> Subscription | None:
    """A group became a supergroup: its subscription and ledger move to the new chat id."""
    old = session.get(Subscription, old_chat_id)
    if old is None or session.get(Subscription, new_chat_id) is not None:
        return None
    copied = (
        "thread_id",
        "chat_title",
        "cadence",
        "weekday",
        "at_time",
        "timezone",
        "topics",
        "active",
        "cursor_seq",
        "last_run_at",
        "created_by",
        "created_at",
    )
    columns = {column: getattr(old, column) for column in copied}
    moved = Subscription(chat_id=new_chat_id, chat_type="supergroup", **columns)
    session.delete(old)
    session.flush()
    session.add(moved)
    for delivery in session.scalars(select(Delivery).where(Delivery.chat_id == old_chat_id)):
        delivery.chat_id = new_chat_id
    session.flush()
    return moved


def active_subscriptions(session: Session) -> list[Subscription]:
    return list(
        session.scalars(select(Subscription).where(Subscription.active).order_by(Subscription.chat_id))
    )


def last_due(subscription: Timing, now: datetime) -> datetime:
    """The most recent scheduled time at or before `now` (aware, UTC)."""
    zone = ZoneInfo(subscription.timezone)
    local = now.astimezone(zone)
    hours, minutes = (int(part) for part in subscription.at_time.split(":"))
    candidate = datetime.combine(local.date(), time(hours, minutes), tzinfo=zone)
    weekly = subscription.cadence == "weekly" and subscription.weekday is not None
    while candidate > local or (weekly and candidate.weekday() != subscription.weekday):
        candidate -= timedelta(days=1)
    return candidate.astimezone(UTC)


def missed(subscription: Timing, now: datetime) -> bool:
    """Whether a scheduled digest fell due since the chat's last run (e.g. while the bot was down)."""
    last_run = subscription.last_run_at or subscription.created_at
    if last_run.tzinfo is None:
        last_run = last_run.replace(tzinfo=UTC)
    return last_due(subscription, now) > last_run
