"""Sync a validated seed bundle into the store, in one transaction the caller commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.facts import Bundle, FactRecord, Status
from knowledge.store.models import Article, Fact, Person


@dataclass
class SyncReport:
    added: dict[str, int] = field(default_factory=lambda: {"articles": 0, "people": 0, "facts": 0})
    changed: dict[str, int] = field(default_factory=lambda: {"articles": 0, "people": 0, "facts": 0})
    removed: dict[str, int] = field(default_factory=lambda: {"articles": 0, "people": 0, "facts": 0})

    @property
    def unchanged(self) -> bool:
        return not any(sum(part.values()) for part in (self.added, self.changed, self.removed))

    def summary(self) -> str:
        def fmt(part: dict[str, int]) -> str:
            return ", ".join(f"{count} {name}" for name, count in part.items() if count) or "nothing"

        return f"added {fmt(self.added)}; changed {fmt(self.changed)}; removed {fmt(self.removed)}"


def _row_values(record: object) -> dict[str, Any]:
    values = asdict(record)  # type: ignore[call-overload]
    if isinstance(record, FactRecord):
        values["content_hash"] = record.content_hash
    return dict(values)


def _sync_table(
    session: Session,
    model: type[Article] | type[Person] | type[Fact],
    records: dict[str, Any],
    existing: Iterable[Any],
    report: SyncReport,
    name: str,
) -> None:
    current = {row.id: row for row in existing}
    for key, record in records.items():
        values = _row_values(record)
        row = current.pop(key, None)
        if row is None:
            session.add(model(**values))
            report.added[name] += 1
        elif any(getattr(row, column) != value for column, value in values.items()):
            for column, value in values.items():
                setattr(row, column, value)
            report.changed[name] += 1
    for row in current.values():
        session.delete(row)
        report.removed[name] += 1


def _adopt_ingested(session: Session, bundle: Bundle, origin: str) -> None:
    """An article of `bundle` that was ingested before (same fingerprint) takes over that row.

    The row keeps its place in the ingest order, so digests that already carried it do not
    carry it again; its facts move to the bundle's article id.
    """
    ids = {record.fingerprint: record.id for record in bundle.articles.values()}
    taken = select(Article).where(Article.origin != origin, Article.fingerprint.in_(ids))
    columns = [column.key for column in Fact.__table__.columns]
    for row in session.scalars(taken).all():
        facts = [{key: getattr(fact, key) for key in columns} for fact in row.facts]
        row.facts.clear()
        session.flush()
        row.id, row.origin = ids[row.fingerprint], origin
        session.flush()
        session.add_all(Fact(**{**values, "article_id": row.id}) for values in facts)
    session.flush()


def sync_bundle(session: Session, bundle: Bundle, *, origin: str = "seed") -> SyncReport:
    """Make the store hold exactly `bundle` for `origin`; other origins' articles are left alone.

    Curated facts of the synced articles are replaced; extracted facts of an article that now
    has curated entries are dropped (curated entries win). The caller commits.
    """
    report = SyncReport()
    _adopt_ingested(session, bundle, origin)
    articles = session.scalars(select(Article).where(Article.origin == origin)).all()
    _sync_table(session, Article, bundle.articles, articles, report, "articles")
    session.flush()
    referenced = {
        p for fact in session.scalars(select(Fact).where(Fact.status != Status.CURATED)) for p in fact.people
    }
    people = [p for p in session.scalars(select(Person)) if p.id in bundle.people or p.id not in referenced]
    _sync_table(session, Person, bundle.people, people, report, "people")
    curated = session.scalars(select(Fact).where(Fact.status == Status.CURATED)).all()
    _sync_table(session, Fact, bundle.facts, curated, report, "facts")
    curated_articles = {fact.article_id for fact in bundle.facts.values()}
    for fact in session.scalars(select(Fact).where(Fact.status == Status.EXTRACTED)):
        if fact.article_id in curated_articles:
            session.delete(fact)
    session.flush()
    return report
