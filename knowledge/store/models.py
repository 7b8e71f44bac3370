"""The store: SQLAlchemy models for articles, people, facts, subscriptions and deliveries."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Dialect, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from knowledge.facts import Kind, Status

E = TypeVar("E", bound=StrEnum)


def utcnow() -> datetime:
    return datetime.now(UTC)


class EnumText(TypeDecorator[E]):
    """A StrEnum stored as its value in a plain VARCHAR column (the schema does not change)."""

    impl = String(20)
    cache_ok = True

    def __init__(self, enum: type[E]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: E | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON, list[int]: JSON}


class Article(Base):
    __tablename__ = "articles"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)  # ingest order
    id: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    authors: Mapped[list[str]] = mapped_column(default=list)
    published: Mapped[str | None] = mapped_column(String(10))  # ISO prefix
    date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(String(20))  # seed | file | url | feed
    source_name: Mapped[str | None] = mapped_column(Text)  # file name or feed URL it came from
    raw_text: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    facts: Mapped[list[Fact]] = relationship(back_populates="article", cascade="all, delete-orphan")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    gender: Mapped[str | None] = mapped_column(String(1))


class Fact(Base):
    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_article", "article_id"),)

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(EnumText(Kind))
    status: Mapped[Status] = mapped_column(EnumText(Status))
    quote: Mapped[str] = mapped_column(Text)
    summary_zh: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(default=list)
    people: Mapped[list[str]] = mapped_column(default=list)
    regions: Mapped[list[str]] = mapped_column(default=list)
    orgs: Mapped[list[str]] = mapped_column(default=list)
    keywords: Mapped[list[str]] = mapped_column(default=list)
    details: Mapped[dict[str, Any]] = mapped_column(
        default=dict
    )  # kind-specific: value, unit, document, date…
    content_hash: Mapped[str] = mapped_column(String(64))

    article: Mapped[Article] = relationship(back_populates="facts")


class Review(Base):
    """One review decision on a fact: who, when, and the fact before and after. Never deleted."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_fact", "fact_id"), Index("ix_reviews_article", "article_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fact_id: Mapped[str] = mapped_column(String(120))  # no foreign key: the log outlives a re-extraction
    article_id: Mapped[str] = mapped_column(String(32))
    quote: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(10))  # accept | reject | edit | restore
    actor: Mapped[str] = mapped_column(String(200))  # "telegram:<user id>" or "cli:<login>"
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Subscription(Base):
    __tablename__ = "subscriptions"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)  # forum topic the digest goes to
    chat_type: Mapped[str] = mapped_column(String(20))
    chat_title: Mapped[str | None] = mapped_column(Text)
    cadence: Mapped[str] = mapped_column(String(10))  # daily | weekly
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday, weekly only
    at_time: Mapped[str] = mapped_column(String(5))  # HH:MM in `timezone`
    timezone: Mapped[str] = mapped_column(String(64))
    topics: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    cursor_seq: Mapped[int] = mapped_column(Integer, default=0)  # articles up to this seq were delivered
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deactivated_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Delivery(Base):
    """The ledger: one row per digest attempt for a chat, covering articles in (from_seq, to_seq]."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_chat", "chat_id", "status"),
        Index("ix_deliveries_pending", "status", "lease_until"),  # claims look for due pending rows
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    from_seq: Mapped[int] = mapped_column(Integer)
    to_seq: Mapped[int] = mapped_column(Integer)
    article_ids: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(10))  # pending (queued or being sent) | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    message_ids: Mapped[list[int]] = mapped_column(default=list)  # one per part Telegram accepted
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    parts: Mapped[list[str]] = mapped_column(default=list)  # the messages, rendered once when queued
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # the worker sending it
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # its claim ends
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # after a failure


class KnowledgeState(Base):
    """One row: the knowledge version, raised by every change so other replicas rebuild."""

    __tablename__ = "knowledge_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BotSecret(Base):
    """Secrets the bot generates once and every replica shares (the webhook's secret token)."""

    __tablename__ = "bot_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Question(Base):
    """One asked question, without its text: counts for /stats."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lang: Mapped[str] = mapped_column(String(10))
    answered: Mapped[bool] = mapped_column(Boolean)
    fact_ids: Mapped[list[str]] = mapped_column(default=list)
