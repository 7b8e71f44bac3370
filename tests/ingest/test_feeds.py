"""RSS/Atom feeds: managing them, polling with conditional GET, per-feed backoff."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from knowledge.ingest.feeds import add_feed, backoff, list_feeds, poll_feeds, remove_feed
from knowledge.service import Knowledge
from knowledge.sources.fetch import FetchError
from knowledge.store.models import Article, Fact, Feed
from tests.support.site import ARTICLE_PATH, Site

NOW = datetime(2024, 6, 21, 8, 0, tzinfo=UTC)


@pytest.fixture
def knowledge(database_url: str, seeds_dir: Path) -> Iterator[Knowledge]:
    loaded = Knowledge.open(database_url, seeds_dir)
    yield loaded
    loaded.close()


def _feed(knowledge: Knowledge, url: str) -> Feed:
    feed = knowledge.unit(lambda s: s.scalars(select(Feed).where(Feed.url == url)).one())
    assert isinstance(feed, Feed)
    return feed


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def test_feeds_are_added_listed_and_removed(knowledge: Knowledge) -> None:
    knowledge.unit(lambda s: add_feed(s, "https://example.org/rss.xml"))
    knowledge.unit(lambda s: add_feed(s, " https://example.org/rss.xml "))  # once only
    knowledge.unit(lambda s: add_feed(s, "https://example.org/atom.xml"))
    assert knowledge.unit(lambda s: [f.url for f in list_feeds(s)]) == [
        "https://example.org/rss.xml",
        "https://example.org/atom.xml",
    ]
    with pytest.raises(FetchError, match="only http and https"):
        knowledge.unit(lambda s: add_feed(s, "file:///etc/feed.xml"))
    assert knowledge.unit(lambda s: remove_feed(s, "https://example.org/rss.xml")) is True
    assert knowledge.unit(lambda s: remove_feed(s, "https://example.org/rss.xml")) is False
    assert knowledge.unit(lambda s: [f.url for f in list_feeds(s)]) == ["https://example.org/atom.xml"]


def test_a_poll_ingests_new_entries_then_asks_only_for_changes(knowledge: Knowledge, site: Site) -> None:
    feed_url = site.url("/feeds/city.xml")
    knowledge.unit(lambda s: add_feed(s, feed_url))
    results = poll_feeds(knowledge, now=NOW)
    assert [r.status for r in results] == ["added", "added"], [r.message for r in results]
    linked, carried = results
    assert linked.title == "合肥发放“算力券” 每年总额不超过5000万元"
    assert carried.title == "芜湖出台数据要素十条措施 设立2亿元数据产业基金"
    assert site.hits[ARTICLE_PATH] == 1  # the first entry's page was fetched
    assert site.hits["/news/wuhu-data.html"] == 0  # the second carried its full text

    def stored(session: object) -> list[tuple[str, str, str | None, str | None, list[str]]]:
        rows = session.scalars(select(Article).where(Article.origin == "feed").order_by(Article.seq))  # type: ignore[attr-defined]
        return [(a.id, a.source_name, a.published, a.canonical_url, a.authors) for a in rows]

    rows = knowledge.unit(stored)
    assert [row[1] for row in rows] == [feed_url, feed_url]
    assert rows[0][2] == "2024-06-18"
    assert rows[1][2:] == (
        "2024-06-20",
        site.url("/news/wuhu-data.html").replace("http:", "https:"),
        ["宋知远"],
    )
    facts = knowledge.unit(lambda s: list(s.scalars(select(Fact).where(Fact.article_id == rows[1][0]))))
    assert ("韩立清", "芜湖市发展和改革委员会副主任") in {
        (f.summary_zh.split("是")[0], f.details["title_zh"]) for f in facts if f.kind == "role"
    }
    assert ("2亿", "元") in {(f.details["value"], f.details["unit"]) for f in facts if f.kind == "figure"}
    asked = knowledge.ask("芜湖数据产业基金规模多大？")
    assert asked.answer.answered and asked.answer.facts[0].article_id == rows[1][0]

    feed = _feed(knowledge, feed_url)
    assert feed.etag == '"feed-v1"' and feed.title == "皖江科技报·城市科技" and feed.failures == 0

    # the next poll sends If-None-Match, gets 304 and stores nothing
    assert poll_feeds(knowledge, now=NOW + timedelta(minutes=30)) == []
    assert site.hits["/feeds/city.xml"] == 2 and site.hits[ARTICLE_PATH] == 1

    # a changed feed (new ETag) with the same entries: nothing new, no page fetched again
    site.fixture("/feeds/city.xml", "feed.xml", "application/rss+xml", etag='"feed-v2"')
    assert poll_feeds(knowledge, now=NOW + timedelta(hours=1)) == []
    assert site.hits[ARTICLE_PATH] == 1
    assert _feed(knowledge, feed_url).etag == '"feed-v2"'


def test_broken_feeds_fail_alone_and_back_off(knowledge: Knowledge, site: Site) -> None:
    urls = {
        "empty": site.url("/feeds/empty.xml"),
        "broken": site.url("/feeds/broken.xml"),
        "missing": site.url("/feeds/gone.xml"),
        "good": site.url("/feeds/city.xml"),
    }
    for url in urls.values():
        knowledge.unit(functools.partial(add_feed, url=url))
    results = poll_feeds(knowledge, now=NOW)
    by_source = {r.source: r for r in results}
    assert by_source[urls["empty"]].message == f"{urls['empty']}: the feed has no entries"
    assert by_source[urls["broken"]].message.startswith(
        f"{urls['broken']}: malformed feed, not valid RSS or Atom"
    )
    assert by_source[urls["missing"]].message == f"{urls['missing']}: HTTP 404 Not Found"
    assert all(by_source[urls[k]].status == "failed" for k in ("empty", "broken", "missing"))
    assert sorted(r.status for r in results if r.source not in urls.values()) == ["added", "added"]

    broken = _feed(knowledge, urls["broken"])
    assert broken.failures == 1 and broken.last_error == by_source[urls["broken"]].message
    assert _aware(broken.next_poll_at) == NOW + timedelta(minutes=15)
    assert _feed(knowledge, urls["good"]).failures == 0

    # not due yet: not even requested
    hits = site.hits["/feeds/broken.xml"]
    poll_feeds(knowledge, now=NOW + timedelta(minutes=5))
    assert site.hits["/feeds/broken.xml"] == hits
    # due again: fails again and waits twice as long
    poll_feeds(knowledge, now=NOW + timedelta(minutes=16))
    broken = _feed(knowledge, urls["broken"])
    assert broken.failures == 2
    assert _aware(broken.next_poll_at) == NOW + timedelta(minutes=16 + 30)
    # fixed: the next due poll succeeds and resets the backoff
    site.fixture("/feeds/broken.xml", "feed.xml", "application/rss+xml")
    poll_feeds(knowledge, now=NOW + timedelta(hours=2))
    fixed = _feed(knowledge, urls["broken"])
    assert (fixed.failures, fixed.last_error, fixed.next_poll_at) == (0, None, None)


def test_backoff_doubles_up_to_a_day() -> None:
    assert [backoff(n) for n in (0, 1, 2, 3)] == [
        timedelta(0),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
    ]
    assert backoff(12) == timedelta(days=1) and backoff(500) == timedelta(days=1)
