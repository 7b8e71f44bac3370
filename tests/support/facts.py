"""Small fact tables for answering tests: facts written in a line each, a snapshot over them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from knowledge.answer.snapshot import Snapshot
from knowledge.facts import ArticleRecord, ArticleView, FactView, Kind, PersonView, Status
from knowledge.lexicon.glossary import Glossary, load_glossary

ROOT = Path(__file__).resolve().parents[2]


@cache
def glossary() -> Glossary:
    return load_glossary(ROOT / "seeds" / "glossary.yaml")


def fact(
    fact_id: str,
    quote: str,
    *,
    kind: Kind = Kind.FIGURE,
    region: str | None = "绵阳",
    details: dict[str, Any] | None = None,
    **fields: Any,
) -> FactView:
    """An extracted fact of article "a" whose summary is its quote and which has no English."""
    return FactView(
        id=fact_id,
        article_id="a",
        kind=kind,
        status=Status.EXTRACTED,
        quote=quote,
        summary_zh=quote,
        summary_en="",
        regions=(region,) if region else (),
        details=details or {},
        **fields,
    )


def snapshot(
    facts: Sequence[FactView],
    title: str = "绵阳算力券办法",
    published: str = "2025-01-01",
    people: Iterable[PersonView] = (),
) -> Snapshot:
    """A snapshot of `facts`, all from one article "a", and the people they name."""
    article = ArticleView("a", 1, title, "甲报", (), published, False, None, "file")
    return Snapshot(facts=facts, articles=[article], people=people, glossary=glossary())


def with_facts(base: Snapshot, more: Iterable[FactView]) -> Snapshot:
    """`base` with more facts of its articles."""
    return Snapshot(
        facts=[*base.facts, *more], articles=base.articles.values(), people=[], glossary=base.glossary
    )


def record(body: str, title: str = "两会代表委员建言", published: str = "2026-03-06") -> ArticleRecord:
    """An article as read from a capture: its body as given, for the extractor."""
    key = hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
    return ArticleRecord(key, title, "某报", [], published, False, None, key, "file", None, body, body)
