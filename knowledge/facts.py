"""The fact model: kinds and statuses, and the records a fact passes through.

A fact has one shape in each of its three homes; the names say which home:

==============  ===================================  ==========================================
name            where it lives                       made by
==============  ===================================  ==========================================
``FactEntry``   one entry of ``seeds/facts/*.yaml``  ``lexicon.curated`` (validated pydantic)
``FactRecord``  in memory, on its way to the store   ``sources.seeds.fact_record`` (curated) or
                                                     ``extract`` (``status=extracted``)
``Fact``        a row of the ``facts`` table         ``store.seeds.sync_bundle``,
                                                     ``ingest.store`` (SQLAlchemy, store only)
``FactView``    the snapshot that answers questions  ``store.views`` reads rows into views
==============  ===================================  ==========================================

An entry's ``who`` becomes ``people``; its kind-specific fields (``DETAIL_FIELDS``: title,
value and unit, document, date…) are gathered in ``details``. Articles and people follow the
same path: ``ParsedArticle`` → ``ArticleRecord`` → ``Article`` row → ``ArticleView``, and
``PersonEntry`` → ``PersonRecord`` → ``Person`` row → ``PersonView``. Records and views are
plain dataclasses: no SQLAlchemy here, so parsing and extraction never touch the store.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a fact says, in the order fact lists show them."""

    ROLE = "role"  # a person's title
    POLICY = "policy"  # a document: plan, measures, law
    PROPOSAL = "proposal"  # something a person or group proposes
    FIGURE = "figure"  # a number with its unit
    EVENT = "event"  # a dated happening
    STATEMENT = "statement"  # something a person or group says


class Status(StrEnum):
    CURATED = "curated"  # from seeds/facts, checked by a person
    EXTRACTED = "extracted"  # found automatically in an ingested article, not reviewed


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
    kind: Kind
    status: Status
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


@dataclass(frozen=True)
class FactView:
    id: str
    article_id: str
    kind: Kind
    status: Status
    quote: str
    summary_zh: str
    summary_en: str
    topics: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleView:
    id: str
    seq: int
    title: str
    outlet: str | None
    authors: tuple[str, ...]
    published: str | None
    date_estimated: bool
    url: str | None
    origin: str
    ingested_at: datetime | None = None


@dataclass(frozen=True)
class PersonView:
    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...] = ()
