"""Store one parsed article in its own transaction: a duplicate, an update, or a new article and its facts."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from knowledge.extract.pipeline import extract_facts
from knowledge.facts import ArticleRecord, PersonRecord, Status
from knowledge.ingest.dedupe import _by_url, _describe, _near_duplicate
from knowledge.ingest.results import IngestResult
from knowledge.ingest.workspace import Workspace
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.sources.parsed import ParsedArticle
from knowledge.sources.seeds import article_record
from knowledge.sources.urls import canonical_url
from knowledge.store.models import Article, Fact, Person

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Storing


def _people(session: Session) -> dict[str, PersonRecord]:
    return {
        p.id: PersonRecord(p.id, p.name, p.name_en, list(p.aliases), p.gender)
        for p in session.scalars(select(Person))
    }


def _store_facts(session: Session, record: ArticleRecord, glossary: Glossary) -> int:
    """Replace the article's extracted facts by a fresh extraction; the number stored."""
    session.execute(delete(Fact).where(Fact.article_id == record.id, Fact.status == Status.EXTRACTED))
    curated = list(
        session.scalars(select(Fact.quote).where(Fact.article_id == record.id, Fact.status == Status.CURATED))
    )
    facts, people = extract_facts(record, people=_people(session), glossary=glossary, skip_quotes=curated)
    for person in people:
        if session.get(Person, person.id) is None:
            session.add(
                Person(
                    id=person.id,
                    name=person.name,
                    name_en=person.name_en,
                    aliases=list(person.aliases),
                    gender=person.gender,
                )
            )
    stored = 0
    for fact in facts:
        if session.get(Fact, fact.id) is not None:
            log.warning("extracted fact id %s is taken; skipped", fact.id)
            continue
        session.add(Fact(**dataclasses.asdict(fact), content_hash=fact.content_hash))
        stored += 1
    session.flush()
    return stored


def _store(
    session: Session,
    parsed: ParsedArticle,
    *,
    source: str,
    origin: str,
    source_name: str | None,
    urls: Iterable[str | None],
    glossary: Glossary,
) -> IngestResult:
    record = article_record(parsed, article_id=None, origin=origin, source_name=source_name)
    keys = list(dict.fromkeys(key for url in (parsed.url, *urls) if (key := canonical_url(url))))
    record = dataclasses.replace(
        record,
        canonical_url=keys[0] if keys else None,
        outlet=record.outlet[:200] if record.outlet else None,
        published=record.published[:10] if record.published else None,
    )

    same = session.scalars(select(Article).where(Article.fingerprint == record.fingerprint)).first()
    if same is not None:
        return IngestResult(
            source, "duplicate", same.id, same.title, 0, f"same text as article {_describe(same)}"
        )

    previous = _by_url(session, keys)
    if previous is not None:
        if previous.origin == "seed":
            return IngestResult(
                source,
                "duplicate",
                previous.id,
                previous.title,
                0,
                f"same URL as seed article {_describe(previous)}; seed articles change only in seeds/",
            )
        for column in (
            "title",
            "outlet",
            "authors",
            "published",
            "date_estimated",
            "url",
            "fingerprint",
            "raw_text",
            "body",
            "source_name",
        ):
            setattr(previous, column, getattr(record, column))
        previous.canonical_url = previous.canonical_url or record.canonical_url
        previous.updated_at = datetime.now(UTC)
        session.flush()
        count = _store_facts(
            session, dataclasses.replace(record, id=previous.id, origin=previous.origin), glossary
        )
        return IngestResult(
            source,
            "updated",
            previous.id,
            record.title,
            count,
            "the text at this URL changed; article replaced and facts re-extracted",
        )

    near = _near_duplicate(session, record.body)
    if near is not None:
        row, score = near
        return IngestResult(
            source,
            "duplicate",
            row.id,
            row.title,
            0,
            f"nearly the same text ({score:.0f}%) as article {_describe(row)}",
        )

    article_id = record.fingerprint[:16]
    length = 16
    while session.scalar(select(Article.seq).where(Article.id == article_id)) is not None and length < 32:
        length += 4
        article_id = record.fingerprint[:length]
    record = dataclasses.replace(record, id=article_id)
    session.add(Article(**dataclasses.asdict(record)))
    session.flush()
    count = _store_facts(session, record, glossary)
    return IngestResult(source, "added", record.id, record.title, count, f"new article from {origin}")


def ingest_parsed(
    knowledge: Workspace,
    parsed: ParsedArticle,
    *,
    source: str,
    origin: str,
    source_name: str | None,
    urls: Iterable[str | None] = (),
    glossary: Glossary | None = None,
) -> IngestResult:
    """Store one parsed article in its own transaction (no snapshot refresh)."""
    glossary = glossary or load_glossary(knowledge.glossary_path)
    url_list = list(urls)

    def work(session: Session) -> IngestResult:
        return _store(
            session,
            parsed,
            source=source,
            origin=origin,
            source_name=source_name,
            urls=url_list,
            glossary=glossary,
        )

    try:
        return knowledge.unit(work)
    except IntegrityError:
        # Someone stored the same article at the same moment: look again, it is a duplicate now.
        return knowledge.unit(work)
