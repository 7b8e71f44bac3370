"""The review queue and the decisions on it: accept, reject, edit, restore, each logged with who and when.

Query functions take the session and return views (`Item`, `Decision`), never rows; the caller
commits and rebuilds the snapshot (`knowledge.reviews` does both for the front ends).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.errors import KnowledgeError
from knowledge.facts import FactRecord, Kind, Status
from knowledge.store.models import Article, Fact, Person, Review

EDITABLE = ("kind", "summary_zh", "summary_en", "people", "regions")


class ReviewError(KnowledgeError):
    """A decision that cannot be made: an unknown fact, a curated one, an unknown person or region."""


@dataclass(frozen=True)
class Item:
    """A fact as a reviewer sees it, with the article it came from and its last decision."""

    id: str
    article_id: str
    article_title: str
    kind: str
    status: str
    summary_zh: str
    summary_en: str
    quote: str
    people: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    decided_by: str | None = None
    decided_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": {"id": self.article_id, "title": self.article_title},
            "kind": self.kind,
            "status": self.status,
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
            "quote": self.quote,
            "people": list(self.people),
            "regions": list(self.regions),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
        }


@dataclass(frozen=True)
class Decision:
    """One logged decision: who, when, and the fact's state before and after."""

    fact_id: str
    action: str
    actor: str
    at: datetime
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass
class Outcome:
    """What one decision call did: the facts it changed and those already in the asked state."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Reading


def _items(session: Session, rows: Sequence[Fact]) -> list[Item]:
    last: dict[str, Review] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 500):  # stays under every database's parameter limit
        chunk = ids[start : start + 500]
        for review in session.scalars(select(Review).where(Review.fact_id.in_(chunk)).order_by(Review.id)):
            last[review.fact_id] = review
    items = []
    for row in rows:
        decision = last.get(row.id)
        items.append(
            Item(
                id=row.id,
                article_id=row.article_id,
                article_title=row.article.title,
                kind=row.kind,
                status=row.status,
                summary_zh=row.summary_zh,
                summary_en=row.summary_en,
                quote=row.quote,
                people=tuple(row.people),
                regions=tuple(row.regions),
                decided_by=decision.actor if decision else None,
                decided_at=decision.at if decision else None,
            )
        )
    return items


def listing(session: Session, status: Status = Status.EXTRACTED) -> list[Item]:
    """Facts with `status`, newest article first, in the order their quotes appear in it."""
    query = select(Fact).join(Article).where(Fact.status == status).order_by(Article.seq.desc(), Fact.id)
    rows = list(session.scalars(query))
    rows.sort(key=lambda f: (-f.article.seq, f.article.body.find(f.quote), f.id))
    return _items(session, rows)


def queue(session: Session) -> list[Item]:
    """The review queue: every extracted fact, newest article first."""
    return listing(session, Status.EXTRACTED)


def queue_length(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Fact).where(Fact.status == Status.EXTRACTED)) or 0
    )


def item(session: Session, fact_id: str) -> Item:
    return _items(session, [_fact(session, fact_id)])[0]


def history(session: Session, fact_id: str) -> list[Decision]:
    rows = session.scalars(select(Review).where(Review.fact_id == fact_id).order_by(Review.id))
    return [Decision(r.fact_id, r.action, r.actor, r.at, dict(r.before), dict(r.after)) for r in rows]


# ---------------------------------------------------------------------------
# Deciding


def _fact(session: Session, fact_id: str) -> Fact:
    row = session.get(Fact, fact_id)
    if row is None:
        raise ReviewError(f"no fact {fact_id!r}")
    if row.status == Status.CURATED:
        raise ReviewError(f"{fact_id} is curated: curated facts change only in seeds/")
    return row


def _state(row: Fact) -> dict[str, Any]:
    return {"status": row.status, **{name: _copy(getattr(row, name)) for name in EDITABLE}}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _rehash(row: Fact) -> None:
    names = [column.key for column in Fact.__table__.columns if column.key != "content_hash"]
    row.content_hash = FactRecord(**{name: _copy(getattr(row, name)) for name in names}).content_hash


def _log(session: Session, row: Fact, action: str, actor: str, before: dict[str, Any]) -> None:
    session.add(
        Review(
            fact_id=row.id,
            article_id=row.article_id,
            quote=row.quote,
            action=action,
            actor=actor,
            before=before,
            after=_state(row),
        )
    )


def _set_status(
    session: Session, ids: Iterable[str], status: Status, action: str, actor: str, allowed: Collection[str]
) -> Outcome:
    rows = [_fact(session, fact_id) for fact_id in dict.fromkeys(ids)]  # every id checked before any change
    outcome = Outcome()
    for row in rows:
        if row.status == status:
            outcome.unchanged.append(row.id)
            continue
        if row.status not in allowed:
            raise ReviewError(f"{row.id} is {row.status}: it cannot be {action}ed")
        before = _state(row)
        row.status = status
        _rehash(row)
        _log(session, row, action, actor, before)
        outcome.changed.append(row.id)
    session.flush()
    return outcome


def accept(session: Session, ids: Iterable[str], *, actor: str) -> Outcome:
    """Extracted (or rejected) facts become reviewed: shown as curated."""
    return _set_status(session, ids, Status.REVIEWED, "accept", actor, (Status.EXTRACTED, Status.REJECTED))


def reject(session: Session, ids: Iterable[str], *, actor: str) -> Outcome:
    """Facts leave answers, lists and digests; the row and its decisions stay."""
    return _set_status(session, ids, Status.REJECTED, "reject", actor, (Status.EXTRACTED, Status.REVIEWED))


def restore(session: Session, ids: Iterable[str], *, actor: str) -> Outcome:
    """Undo: a rejected or reviewed fact goes back to the queue, its wording as it is now."""
    return _set_status(session, ids, Status.EXTRACTED, "restore", actor, (Status.REJECTED, Status.REVIEWED))


def _person_ids(session: Session, names: Sequence[str]) -> list[str]:
    people = list(session.scalars(select(Person)))
    by_name = {key: p.id for p in people for key in (p.id, p.name, p.name_en, *p.aliases)}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise ReviewError(f"unknown people {unknown}: use a person id or name from the store")
    return list(dict.fromkeys(by_name[name] for name in names))


def edit(
    session: Session,
    fact_id: str,
    *,
    actor: str,
    summary_zh: str | None = None,
    summary_en: str | None = None,
    kind: str | None = None,
    people: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    known_regions: Collection[str] | None = None,
) -> Item:
    """Correct a fact's wording (and kind, people, regions); an edited fact is reviewed."""
    row = _fact(session, fact_id)
    texts = {"summary_zh": summary_zh, "summary_en": summary_en}
    if any(text is not None and not text.strip() for text in texts.values()):
        raise ReviewError("a summary cannot be empty")
    if kind is not None and kind not in set(Kind):
        raise ReviewError(f"unknown kind {kind!r}; known: {', '.join(Kind)}")
    if regions is not None and known_regions is not None:
        unknown = [region for region in regions if region not in known_regions]
        if unknown:
            raise ReviewError(f"unknown regions {unknown}: use the glossary's simplified names")
    before = _state(row)
    for name, text in texts.items():
        if text is not None:
            setattr(row, name, text.strip())
    if kind is not None:
        row.kind = Kind(kind)
    if people is not None:
        row.people = _person_ids(session, people)
    if regions is not None:
        row.regions = list(dict.fromkeys(regions))
    row.status = Status.REVIEWED
    _rehash(row)
    _log(session, row, "edit", actor, before)
    session.flush()
    return item(session, fact_id)


# ---------------------------------------------------------------------------
# Re-ingestion


@dataclass(frozen=True)
class Decided:
    """The reviewed and rejected facts an article keeps through a re-extraction."""

    ids: frozenset[str]
    keys: frozenset[tuple[str, str]]  # (quote, kind)

    def covers(self, fact: FactRecord) -> bool:
        """A fresh extraction of a decided fact: it is not queued again."""
        return fact.id in self.ids or (fact.quote, fact.kind) in self.keys


def keep_decided(session: Session, article_id: str, body: str) -> Decided:
    """Before an article's facts are re-extracted: decided facts whose quote is still in the new
    body stay as they are; the others go (their decisions stay in the log)."""
    rows = session.scalars(
        select(Fact).where(Fact.article_id == article_id, Fact.status.in_((Status.REVIEWED, Status.REJECTED)))
    ).all()
    kept = []
    for row in rows:
        if row.quote in body:
            kept.append(row)
        else:
            session.delete(row)
    session.flush()
    quotes = {row.quote for row in kept}
    keys: set[tuple[str, str]] = {(row.quote, str(row.kind)) for row in kept}
    for review in session.scalars(select(Review).where(Review.article_id == article_id)):
        if review.quote in quotes:  # the kind it was extracted as, before an edit changed it
            keys.add((review.quote, str(review.before.get("kind"))))
    return Decided(frozenset(row.id for row in kept), frozenset(keys))
