"""Reviewed facts written out as curated data (`policybot facts --export-yaml`).

`DIR/facts/*.yaml` in the seeds' format, and `DIR/articles/*.txt` for the ingested articles they
quote, so the folder validates (and can be committed) as seeds: quotes verbatim in the article,
article and fact ids unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.errors import ArticleError
from knowledge.facts import DETAIL_FIELDS, Status
from knowledge.lexicon.curated import ArticleOverride, CuratedFile, FactEntry, PersonEntry
from knowledge.sources.capture import parse_article_text
from knowledge.store.models import Article, Fact, Person

_HEX_ID = re.compile(r"^[0-9a-f]{8,32}$")  # what a seed file name can carry (sources.seeds)


@dataclass
class Exported:
    files: list[Path] = field(default_factory=list)
    facts: int = 0
    skipped: list[str] = field(default_factory=list)  # "<id>: <reason>"

    def summary(self) -> str:
        line = f"{self.facts} reviewed facts in {len(self.files)} files"
        return line + "".join(f"\nskipped {reason}" for reason in self.skipped)


def _person_entry(person: Person) -> PersonEntry:
    return PersonEntry(
        id=person.id,
        name=person.name,
        name_en=person.name_en,
        aliases=tuple(person.aliases),
        gender=person.gender if person.gender in ("f", "m") else None,
    )


def _fact_entry(fact: Fact, topics: Collection[str]) -> FactEntry:
    """The row as a curated entry, validated as the seeds are (topics against the glossary's)."""
    data: dict[str, Any] = {
        "id": fact.id,
        "kind": fact.kind,
        "quote": fact.quote,
        "summary_zh": fact.summary_zh,
        "summary_en": fact.summary_en,
        "topics": list(fact.topics),
        "who": list(fact.people),
        "regions": list(fact.regions),
        "orgs": list(fact.orgs),
        "keywords": list(fact.keywords),
        **{name: value for name, value in fact.details.items() if name in DETAIL_FIELDS},
    }
    return FactEntry.model_validate(data, context={"topics": frozenset(topics)})


def _capture(article: Article) -> str | None:
    """Text that parses back to exactly the stored body: the original capture, else a labelled one."""
    labelled = f"标题: {article.title}\n\n{article.body}\n"
    for text in (article.raw_text, labelled):
        try:
            if parse_article_text(text, source=article.id).body == article.body:
                return text
        except ArticleError:
            continue
    return None


def _metadata(article: Article) -> ArticleOverride:
    return ArticleOverride(
        title=article.title,
        outlet=article.outlet,
        authors=tuple(article.authors),
        date=article.published,
        date_estimated=article.date_estimated,
        url=article.url,
    )


def _plain(curated: CuratedFile) -> dict[str, Any]:
    """The file as plain data in the seeds' key order, empty and unset fields left out."""
    data = curated.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["article"] = curated.article
    return {key: data[key] for key in ("article", "metadata", "people", "facts") if data.get(key)}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _article_file(
    session: Session,
    article: Article,
    facts: Sequence[Fact],
    folder: Path,
    done: Exported,
    topics: Collection[str],
) -> None:
    entries: list[FactEntry] = []
    for fact in facts:
        if fact.quote not in article.body:
            done.skipped.append(f"{fact.id}: its quote is not in article {article.id}")
            continue
        try:
            entries.append(_fact_entry(fact, topics))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            done.skipped.append(f"{fact.id}: {where}: {first['msg']}")
    if not entries:
        return
    stem = f"{article.seq:03d}_{article.id}"
    if article.origin != "seed":
        if not _HEX_ID.match(article.id):
            done.skipped.append(f"{article.id}: the article id cannot name a seed file")
            return
        capture = _capture(article)
        if capture is None:
            done.skipped.append(f"{article.id}: its text does not read back as the stored body")
            return
        _write(folder / "articles" / f"{stem}.txt", capture)
        done.files.append(folder / "articles" / f"{stem}.txt")
    people_ids = list(dict.fromkeys(person for entry in entries for person in entry.who))
    people = [row for person_id in people_ids if (row := session.get(Person, person_id))]
    curated = CuratedFile(
        article=article.id,
        metadata=_metadata(article) if article.origin != "seed" else ArticleOverride(),
        people=tuple(_person_entry(person) for person in people),
        facts=tuple(entries),
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = f"# {article.title}\n# Reviewed facts exported by `policybot facts --export-yaml` on {stamp}.\n"
    body = yaml.safe_dump(
        _plain(curated), allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=None
    )
    _write(folder / "facts" / f"{stem}.yaml", header + body)
    done.files.append(folder / "facts" / f"{stem}.yaml")
    done.facts += len(entries)


def export_reviewed(session: Session, folder: Path, *, topics: Collection[str]) -> Exported:
    """Write every reviewed fact, one curated file per article (and the ingested article's text).

    `topics` are the glossary's, which the seeds' validation checks every fact's topics against.
    """
    done = Exported()
    query = select(Fact).join(Article).where(Fact.status == Status.REVIEWED).order_by(Article.seq, Fact.id)
    by_article: dict[str, list[Fact]] = {}
    for fact in session.scalars(query):
        by_article.setdefault(fact.article_id, []).append(fact)
    for facts in by_article.values():
        article = facts[0].article
        facts.sort(key=lambda fact: (article.body.find(fact.quote), fact.id))
        _article_file(session, article, facts, folder, done, topics)
    return done
