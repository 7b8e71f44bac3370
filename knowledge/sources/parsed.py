"""An article as parsing leaves it: metadata and a clean body."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedArticle:
    """An article split into metadata and a clean body."""

    title: str
    outlet: str | None  # publishing outlet / source, in simplified characters
    authors: tuple[str, ...]  # reporters/authors when given
    published: str | None  # ISO prefix: "2024-03-05", "2023-05", "2023"
    date_estimated: bool  # True when `published` is an estimate rather than stated
    url: str | None
    body: str  # clean body in the original script, paragraphs joined with "\n"
    raw: str  # the decoded original text, unchanged
    outlet_from: str | None = None  # the evidence for `outlet`: "field" (来源), "byline", "url", …
