"""Digest subscriptions and the delivery ledger. Functions take the session; the caller commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.errors import KnowledgeError
from knowledge.store.models import Article, Delivery, Subscription, utcnow

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "周一": 0,
    "星期一": 0,
    "tue": 1,
    "tuesday": 1,
    "周二": 1,
    "星期二": 1,
    "wed": 2,
    "wednesday": 2,
    "周三": 2,
    "星期三": 2,
    "thu": 3,
    "thursday": 3,
    "周四": 3,
    "星期四": 3,
    "fri": 4,
    "friday": 4,
    "周五": 4,
    "星期五": 4,
    "sat": 5,
    "saturday": 5,
    "周六": 5,
    "星期六": 5,
    "sun": 6,
    "sunday": 6,
    "周日": 6,
    "星期日": 6,
    "星期天": 6,
}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(KnowledgeError):
    """A /subscribe argument that is not a schedule."""


@dataclass(frozen=True)
class Schedule:
    cadence: str  # daily | weekly
    at_time: str  # HH:MM
    weekday: int | None = None
    topics: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.cadence == "weekly" and self.weekday is not None:
            return f"weekly, {DAY_NAMES[self.weekday]} {self.at_time}"
        return f"daily, {self.at_time}"


def parse_schedule(words: list[str], known_topics: set[str], *, topic_for: dict[str, str]) -> Schedule:
    """`[daily HH:MM | weekly <day> HH:MM] [topics…]`; the default is daily at 09:00."""
    words = [w.strip().lower() for w in words if w.strip()]
    cadence, weekday, at_time = "daily", None, "09:00"
    if words and words[0] in ("daily", "每天", "每日"):
        words = words[1:]
    elif words and words[0] in ("weekly", "每周"):
        if len(words) < 2 or words[1] not in WEEKDAYS:
            raise ScheduleError("weekly needs a day, e.g. /subscribe weekly mon 09:00")
        cadence, weekday, words = "weekly", WEEKDAYS[words[1]], words[2:]
    if words and _TIME.match(words[0]):
        hours, minutes = words[0].split(":")
        at_time, words = f"{int(hours):02d}:{minutes}", words[1:]
    elif words and re.match(r"^\d", words[0]):
        raise ScheduleError(f"{words[0]!r} is not a time of day; use HH:MM, e.g. 09:00")
    topics: list[str] = []
    for word in words:
        topic = word if word in known_topics else topic_for.get(word)
        if topic is None:
            raise ScheduleError(f"unknown topic {word!r}; topics: {', '.join(sorted(known_topics))}")
        if topic not in topics:
            topics.append(topic)
    return Schedule(cadence, at_time, weekday, tuple(topics))


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


def last_due(subscription: Subscription, now: datetime) -> datetime:
    """The most recent scheduled time at or before `now` (aware, UTC)."""
    zone = ZoneInfo(subscription.timezone)
    local = now.astimezone(zone)
    hours, minutes = (int(part) for part in subscription.at_time.split(":"))
    candidate = datetime.combine(local.date(), time(hours, minutes), tzinfo=zone)
    weekly = subscription.cadence == "weekly" and subscription.weekday is not None
    while candidate > local or (weekly and candidate.weekday() != subscription.weekday):
        candidate -= timedelta(days=1)
    return candidate.astimezone(UTC)


def missed(subscription: Subscription, now: datetime) -> bool:
    """Whether a scheduled digest fell due since the chat's last run (e.g. while the bot was down)."""
    last_run = subscription.last_run_at or subscription.created_at
    if last_run.tzinfo is None:
        last_run = last_run.replace(tzinfo=UTC)
    return last_due(subscription, now) > last_run


def mark_run(session: Session, chat_id: int) -> None:
    subscription = session.get(Subscription, chat_id)
    if subscription is not None:
        subscription.last_run_at = utcnow()
