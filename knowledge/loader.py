"""Read the seeds (articles + curated facts), validate them as a whole, and sync them into the store.

Reading validates everything before anything is written; syncing is one transaction
the caller commits, so a broken file never leaves half a reload behind.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.articles import ParsedArticle, parse_article_file
from knowledge.curated import CuratedFile, FactEntry, PersonEntry, parse_curated_file
from knowledge.errors import ArticleError, DataError
from knowledge.models import Article, Fact, Person
from knowledge.text import fingerprint

_SEED_NAME = re.compile(r"^\d+_(?P<id>[0-9a-f]{8,32})$")
DETAIL_FIELDS = (
    "title_zh",
    "title_en",
    "value",
    "unit",
    "measure",
    "period",
    "document",
    "issuer",
    "date",
    "count",
)


@dataclass(frozen=True)
class ArticleRecord:
    id: str
    title: str
    outlet: str | None
    authors: list[str]
    published: str | None
    date_estimated: bool
    url: str | None
    fingerprint: str
    origin: str
    source_name: str | None
    raw_text: str
    body: str
    canonical_url: str | None = None


@dataclass(frozen=True)
class PersonRecord:
    id: str
    name: str
    name_en: str
    aliases: list[str]
    gender: str | None = None


@dataclass(frozen=True)
class FactRecord:
    id: str
    article_id: str
    kind: str
    status: str
    quote: str
    summary_zh: str
    summary_en: str
    topics: list[str]
    people: list[str]
    regions: list[str]
    orgs: list[str]
    keywords: list[str]
    details: dict[str, Any]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(
            json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()


@dataclass
class Bundle:
    """A validated set of articles, people and facts, ready to sync."""

    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    people: dict[str, PersonRecord] = field(default_factory=dict)
    facts: dict[str, FactRecord] = field(default_factory=dict)


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


def seed_article_id(path: Path, body_fingerprint: str) -> str:
    """The hex part of a seed file name (`003_4efd2b96af175422.txt`), else the fingerprint prefix."""
    match = _SEED_NAME.match(path.stem)
    return match.group("id") if match else body_fingerprint[:16]


def article_record(
    parsed: ParsedArticle, *, article_id: str | None, origin: str, source_name: str | None
) -> ArticleRecord:
    body_fingerprint = fingerprint(parsed.body)
    return ArticleRecord(
        id=article_id or body_fingerprint[:16],
        title=parsed.title,
        outlet=parsed.outlet,
        authors=list(parsed.authors),
        published=parsed.published,
        date_estimated=parsed.date_estimated,
        url=parsed.url,
        fingerprint=body_fingerprint,
        origin=origin,
        source_name=source_name,
        raw_text=parsed.raw,
        body=parsed.body,
    )


def _apply_override(record: ArticleRecord, curated: CuratedFile) -> ArticleRecord:
    meta = curated.metadata
    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("title", meta.title),
            ("outlet", meta.outlet),
            ("published", meta.date),
            ("date_estimated", meta.date_estimated),
            ("url", meta.url),
        )
        if value is not None
    }
    if meta.authors is not None:
        changes["authors"] = list(meta.authors)
    return ArticleRecord(**{**asdict(record), **changes})


def person_record(entry: PersonEntry) -> PersonRecord:
    return PersonRecord(entry.id, entry.name, entry.name_en, list(entry.aliases), entry.gender)


def fact_record(entry: FactEntry, *, article_id: str, status: str = "curated") -> FactRecord:
    details = {name: getattr(entry, name) for name in DETAIL_FIELDS if getattr(entry, name) is not None}
    return FactRecord(
        id=entry.id,
        article_id=article_id,
        kind=entry.kind,
        status=status,
        quote=entry.quote,
        summary_zh=entry.summary_zh,
        summary_en=entry.summary_en,
        topics=list(entry.topics),
        people=list(entry.who),
        regions=list(entry.regions),
        orgs=list(entry.orgs),
        keywords=list(entry.keywords),
        details=details,
    )


def read_articles(folder: Path, *, origin: str) -> dict[str, ArticleRecord]:
    """Parse every article file in `folder`; DataError names the first file that cannot be used."""
    records: dict[str, ArticleRecord] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            parsed = parse_article_file(path)
        except ArticleError as exc:
            raise DataError(path, "article", str(exc)) from exc
        record = article_record(parsed, article_id=None, origin=origin, source_name=path.name)
        record = ArticleRecord(**{**asdict(record), "id": seed_article_id(path, record.fingerprint)})
        if record.id in records:
            raise DataError(path, "article", f"article id {record.id} is used by another file too")
        records[record.id] = record
    return records


def read_seeds(seeds_dir: Path) -> Bundle:
    """Read and cross-check `seeds/articles/*` and `seeds/facts/*.yaml`."""
    articles_dir, facts_dir = seeds_dir / "articles", seeds_dir / "facts"
    if not articles_dir.is_dir():
        raise DataError(articles_dir, "folder", "the seed articles folder does not exist")
    bundle = Bundle(articles=read_articles(articles_dir, origin="seed"))
    curated_files = sorted(facts_dir.glob("*.yaml")) if facts_dir.is_dir() else []
    for path in curated_files:
        curated = parse_curated_file(path)
        add_curated(bundle, curated, path)
    return bundle


def add_curated(bundle: Bundle, curated: CuratedFile, path: Path) -> None:
    """Add one curated file's people and facts to `bundle`, checking them against its article."""
    article = bundle.articles.get(curated.article)
    if article is None:
        raise DataError(path, "article", f"unknown article id {curated.article!r}")
    bundle.articles[article.id] = _apply_override(article, curated)
    declared = {person.id for person in curated.people}
    for index, person in enumerate(curated.people):
        record = person_record(person)
        known = bundle.people.get(person.id)
        if known is not None and (known.name, known.name_en) != (record.name, record.name_en):
            raise DataError(
                path,
                f"people[{index}] (id={person.id})",
                f"names differ from another file's {known.name} / {known.name_en}",
            )
        if known is not None:
            record = PersonRecord(
                record.id,
                record.name,
                record.name_en,
                sorted({*known.aliases, *record.aliases}),
                record.gender,
            )
        bundle.people[person.id] = record
    for index, entry in enumerate(curated.facts):
        label = f"facts[{index}] (id={entry.id})"
        if entry.id in bundle.facts:
            raise DataError(path, label, "duplicate fact id")
        if entry.quote not in article.body:
            raise DataError(path, label, f"quote is not in article {article.id}: {entry.quote[:40]}…")
        missing = [who for who in entry.who if who not in declared]
        if missing:
            raise DataError(path, label, f"`who` names undeclared people {missing}")
        bundle.facts[entry.id] = fact_record(entry, article_id=article.id)


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
        p for fact in session.scalars(select(Fact).where(Fact.status != "curated")) for p in fact.people
    }
    people = [p for p in session.scalars(select(Person)) if p.id in bundle.people or p.id not in referenced]
    _sync_table(session, Person, bundle.people, people, report, "people")
    curated = session.scalars(select(Fact).where(Fact.status == "curated")).all()
    _sync_table(session, Fact, bundle.facts, curated, report, "facts")
    curated_articles = {fact.article_id for fact in bundle.facts.values()}
    for fact in session.scalars(select(Fact).where(Fact.status == "extracted")):
        if fact.article_id in curated_articles:
            session.delete(fact)
    session.flush()
    return report
