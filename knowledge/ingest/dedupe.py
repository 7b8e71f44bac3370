"""Is an article stored already? The same canonical URL, or nearly the same text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.sources.urls import canonical_url
from knowledge.store.models import Article
from knowledge.text.forms import normalise

NEAR_DUPLICATE = 97.0  # rapidfuzz ratio on the folded body
NEAR_DUPLICATE_CANDIDATES = 200


def _folded(body: str) -> str:
    return re.sub(r"[\W_]+", "", normalise(body))


def _near_duplicate(session: Session, body: str) -> tuple[Article, float] | None:
    size = len(body)
    rows = session.scalars(
        select(Article)
        .where(func.length(Article.body).between(int(size * 0.9), int(size * 1.1) + 1))
        .order_by(Article.seq.desc())
        .limit(NEAR_DUPLICATE_CANDIDATES)
    )
    folded = _folded(body)
    for row in rows:
        score = fuzz.ratio(folded, _folded(row.body), score_cutoff=NEAR_DUPLICATE)
        if score:
            return row, score
    return None


def _by_url(session: Session, keys: Sequence[str]) -> Article | None:
    if not keys:
        return None
    found = session.scalars(
        select(Article).where(Article.canonical_url.in_(keys)).order_by(Article.seq)
    ).first()
    if found is not None:
        return found
    # seed articles carry their URL without a canonical form
    for row in session.scalars(
        select(Article).where(Article.canonical_url.is_(None), Article.url.is_not(None))
    ):
        if canonical_url(row.url) in keys:
            return row
    return None


def _describe(article: Article) -> str:
    return f"{article.id} ({article.title[:40]})"
