"""Rows read into views: the plain records the snapshot is built from (no row leaves the session)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.facts import ArticleView, FactView, PersonView
from knowledge.store.models import Article, Fact, Person


class Views(NamedTuple):
    articles: list[ArticleView]
    people: list[PersonView]
    facts: list[FactView]  # in ingest order of their articles, then by id


def read_views(session: Session) -> Views:
    articles = [
        ArticleView(
            id=a.id,
            seq=a.seq,
            title=a.title,
            outlet=a.outlet,
            authors=tuple(a.authors),
            published=a.published,
            date_estimated=a.date_estimated,
            url=a.url,
            origin=a.origin,
            ingested_at=a.ingested_at,
        )
        for a in session.scalars(select(Article).order_by(Article.seq))
    ]
    people = [
        PersonView(p.id, p.name, p.name_en, tuple(p.aliases))
        for p in session.scalars(select(Person).order_by(Person.id))
    ]
    order = {article.id: article.seq for article in articles}
    rows = sorted(session.scalars(select(Fact)), key=lambda f: (order.get(f.article_id, 0), f.id))
    facts = [
        FactView(
            id=f.id,
            article_id=f.article_id,
            kind=f.kind,
            status=f.status,
            quote=f.quote,
            summary_zh=f.summary_zh,
            summary_en=f.summary_en,
            topics=tuple(f.topics),
            people=tuple(f.people),
            regions=tuple(f.regions),
            orgs=tuple(f.orgs),
            keywords=tuple(f.keywords),
            details=dict(f.details),
        )
        for f in rows
    ]
    return Views(articles, people, facts)
