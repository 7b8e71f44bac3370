"""The dev split of the test corpus (tests/corpus), served over HTTP and ingested as a user would:
its feed (relative links, one item carrying its text) and its other pages by URL. Only the dev
entries of the answer key are read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from knowledge.ingest.corpus_eval import read_key
from knowledge.ingest.feeds import add_feed, poll_feeds
from knowledge.ingest.pipeline import ingest_paths_and_urls
from knowledge.service import Knowledge
from knowledge.store.models import Article, Fact
from knowledge.text.forms import to_simplified
from tests.support.site import Site

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DEV = {name: entry for name, entry in read_key(CORPUS).items() if entry["split"] == "dev"}
TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain", ".xml": "application/rss+xml"}


@pytest.fixture
def knowledge(tmp_path: Path, seeds_dir: Path) -> Iterator[Knowledge]:
    loaded = Knowledge.open(f"sqlite:///{tmp_path / 'store.sqlite3'}", seeds_dir)
    yield loaded
    loaded.close()


def _serve_dev(site: Site) -> None:
    for path in sorted((CORPUS / "dev").iterdir()):
        # No charset for the text files: one is GB18030, and decoding must find it out.
        site.page(f"/corpus/dev/{path.name}", path.read_bytes(), TYPES[path.suffix])


def _articles(knowledge: Knowledge) -> list[dict[str, Any]]:
    def work(session: Any) -> list[dict[str, Any]]:
        rows = session.scalars(select(Article).where(Article.origin != "seed")).all()
        out = []
        for row in rows:
            quotes = session.scalars(select(Fact.quote).where(Fact.article_id == row.id)).all()
            out.append(
                {
                    "title": row.title,
                    "published": row.published,
                    "estimated": row.date_estimated,
                    "outlet": row.outlet,
                    "quotes": list(quotes),
                }
            )
        return out

    result: list[dict[str, Any]] = knowledge.unit(work)
    return result


def _fold(text: str) -> str:
    return "".join(to_simplified(text).split())


def test_the_dev_corpus_is_read_with_its_stated_metadata_and_no_furniture_quoted(
    knowledge: Knowledge, site: Site
) -> None:
    _serve_dev(site)
    feed_url = site.url("/corpus/dev/feed.xml")
    knowledge.unit(lambda s: add_feed(s, feed_url))
    polled = poll_feeds(knowledge, now=datetime(2025, 6, 13, tzinfo=UTC))
    assert {result.status for result in polled} == {"added"}, [r.message for r in polled]
    in_feed = {result.source for result in polled}
    others = [
        site.url(f"/corpus/{name}")
        for name in DEV
        if "#" not in name and not any(source.endswith(name.split("/")[-1]) for source in in_feed)
    ]
    results = ingest_paths_and_urls(knowledge, others)
    assert {result.status for result in results} == {"added"}, [r.message for r in results]

    articles = {_fold(article["title"]): article for article in _articles(knowledge)}
    assert len(articles) == len(DEV)
    for name, entry in DEV.items():
        titles = [_fold(entry["title"]), *map(_fold, entry.get("title_accept", []))]
        article = next((articles[title] for title in titles if title in articles), None)
        assert article is not None, f"{name}: title not recovered"
        assert article["published"] == entry["date"] and not article["estimated"], name
        outlets = {_fold(entry["outlet"]), *map(_fold, entry.get("outlet_accept", []))}
        assert article["outlet"] is not None and _fold(article["outlet"]) in outlets, name
        assert article["quotes"], f"{name}: no facts"
        for junk in entry.get("furniture", []):
            assert not any(_fold(junk) in _fold(quote) for quote in article["quotes"]), (name, junk)
