"""Read the seeds (article captures and curated facts), validated as a whole before anything is stored."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from knowledge.errors import ArticleError, DataError
from knowledge.facts import DETAIL_FIELDS, ArticleRecord, Bundle, FactRecord, PersonRecord, Status
from knowledge.lexicon.curated import CuratedFile, FactEntry, PersonEntry, parse_curated_file
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.sources.capture import parse_article_file
from knowledge.sources.parsed import ParsedArticle
from knowledge.text.forms import fingerprint

_SEED_NAME = re.compile(r"^\d+_(?P<id>[0-9a-f]{8,32})$")


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


def fact_record(entry: FactEntry, *, article_id: str, status: Status = Status.CURATED) -> FactRecord:
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


def read_seeds(seeds_dir: Path, glossary: Glossary | None = None) -> Bundle:
    """Read and cross-check `seeds/articles/*` and `seeds/facts/*.yaml` (topics from the glossary)."""
    articles_dir, facts_dir = seeds_dir / "articles", seeds_dir / "facts"
    if not articles_dir.is_dir():
        raise DataError(articles_dir, "folder", "the seed articles folder does not exist")
    bundle = Bundle(articles=read_articles(articles_dir, origin="seed"))
    curated_files = sorted(facts_dir.glob("*.yaml")) if facts_dir.is_dir() else []
    if curated_files and glossary is None:
        glossary = load_glossary(seeds_dir / "glossary.yaml")
    topics = set(glossary.topic_labels) if glossary else set()
    for path in curated_files:
        curated = parse_curated_file(path, topics=topics)
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
