"""The fact model."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

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


class Status(StrEnum):
    """Curated (seeds), extracted (awaiting review), or reviewed / rejected by an admin."""

    CURATED = "curated"
    EXTRACTED = "extracted"
    REVIEWED = "reviewed"
    REJECTED = "rejected"


VETTED = frozenset(
    {Status.CURATED, Status.REVIEWED}
)  # checked by a person: shown without the "not reviewed" label
