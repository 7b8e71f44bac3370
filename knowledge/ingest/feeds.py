"""RSS/Atom feeds: the list of feeds, and the poll the bot's scheduler (and `policybot feeds poll`) runs.

A poll fetches every active feed that is due with a conditional GET (the stored ETag and
Last-Modified), parses it with feedparser and ingests each entry it has not seen: from the
entry's own full content when it carries the article (``content:encoded``), else by fetching
the entry's link. Entries whose link is already stored are skipped without a request.

A feed that fails (network, HTTP error, an empty or malformed feed) gives one `failed` result
naming the feed and backs off exponentially: the next poll of that feed waits 15 minutes,
then 30, 60… up to a day; the first success resets it. Other feeds are not affected.
"""

from __future__ import annotations

import html
import logging
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urljoin

import feedparser
import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.errors import KnowledgeError
from knowledge.ingest.parse import fetch_article
from knowledge.ingest.results import IngestResult, guarded
from knowledge.ingest.store import ingest_parsed
from knowledge.ingest.workspace import Workspace
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.sources.fetch import FetchError, check_url, fetch
from knowledge.sources.html_page import parse_html
from knowledge.sources.outlets import _OUTLET_SUFFIX_RE
from knowledge.sources.parsed import ParsedArticle
from knowledge.sources.urls import canonical_url
from knowledge.store.models import Article, Feed
from knowledge.text.forms import to_simplified

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_MAX",
    "FeedError",
    "add_feed",
    "backoff",
    "list_feeds",
    "poll_feeds",
    "remove_feed",
]

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(days=1)
FETCH_TIMEOUT = 10.0
MAX_BYTES = 5_000_000
MAX_ENTRIES = 50  # entries read per poll of one feed
MIN_FULL_CONTENT = 150  # characters of entry text that count as the full article, not a teaser


class FeedError(KnowledgeError):
    """A feed that cannot be read: empty, malformed or not a feed at all."""


def add_feed(session: Session, url: str) -> Feed:
    """Add a feed (or re-activate it); FetchError for a URL that is not http(s)."""
    url = check_url(url)
    feed = session.scalars(select(Feed).where(Feed.url == url)).first()
    if feed is None:
        feed = Feed(url=url, failures=0, active=True)
        session.add(feed)
    else:
        feed.active = True
        feed.next_poll_at = None
    session.flush()
    return feed


def list_feeds(session: Session) -> list[Feed]:
    return list(session.scalars(select(Feed).order_by(Feed.id)))


def remove_feed(session: Session, url: str) -> bool:
    feed = session.scalars(select(Feed).where(Feed.url == url.strip())).first()
    if feed is None:
        return False
    session.delete(feed)
    session.flush()
    return True


def backoff(failures: int) -> timedelta:
    """The wait after `failures` failures in a row: 15 min, 30 min, 1 h… at most a day."""
    if failures <= 0:
        return timedelta(0)
    wait: timedelta = BACKOFF_BASE * (2 ** min(failures - 1, 20))
    return min(wait, BACKOFF_MAX)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Due:
    id: int
    url: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class _Entry:
    title: str | None
    link: str | None
    published: str | None
    authors: tuple[str, ...]
    content: str | None  # HTML of the full article, when the feed carries it
    guid: str | None = None


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _entry_content(entry: Any) -> str | None:
    best: str | None = None
    for item in entry.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, str) and (best is None or len(value) > len(best)):
            best = value
    return best


def parse_feed(data: bytes, *, url: str, content_type: str = "") -> tuple[str | None, list[_Entry]]:
    """The feed's title and entries; FeedError for an empty, malformed or non-feed document."""
    if not data.strip():
        raise FeedError(f"{url}: empty feed (the response has no content)")
    # The feed's own URL as its base, so that relative item links resolve the way a reader's do.
    headers = {"content-location": url} | ({"content-type": content_type} if content_type else {})
    parsed = feedparser.parse(data, response_headers=headers)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            reason = " ".join(str(problem).split())[:120] if problem else "not well-formed"
            raise FeedError(f"{url}: malformed feed, not valid RSS or Atom ({reason})")
        if not parsed.get("version"):
            raise FeedError(f"{url}: not an RSS or Atom feed")
        raise FeedError(f"{url}: the feed has no entries")
    if parsed.get("bozo"):
        log.warning("feed %s is not well-formed but has entries: %r", url, parsed.get("bozo_exception"))
    title = parsed.get("feed", {}).get("title")
    out = []
    for entry in entries[:MAX_ENTRIES]:
        author = entry.get("author")
        out.append(
            _Entry(
                title=(entry.get("title") or "").strip() or None,
                link=urljoin(url, link) if (link := (entry.get("link") or "").strip()) else None,
                published=_entry_date(entry),
                authors=(str(author).strip(),) if author else (),
                content=_entry_content(entry),
                guid=(entry.get("id") or "").strip() or None,
            )
        )
    return (str(title).strip() if title else None), out


def article_from_entry(entry: _Entry, source: str) -> ParsedArticle | None:
    """The article carried in the entry, or None when the content is only a teaser."""
    if not entry.content:
        return None
    title = html.escape(entry.title or "")
    page = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{entry.content}</article></body></html>"
    )
    try:
        parsed = parse_html(page, url=entry.link, source=source)
    except KnowledgeError:
        return None
    if len(parsed.body) < MIN_FULL_CONTENT:
        return None
    authors, outlet = entry.authors, parsed.outlet
    if outlet is None and len(entry.authors) == 1 and _OUTLET_SUFFIX_RE.search(entry.authors[0]):
        authors, outlet = (), to_simplified(entry.authors[0])  # <dc:creator>宁夏日报</dc:creator>
    return replace(
        parsed,
        outlet=outlet,
        title=entry.title or parsed.title,
        published=entry.published or parsed.published,
        date_estimated=False if entry.published else parsed.date_estimated,
        authors=authors or parsed.authors,
        url=entry.link or parsed.url,
    )


def _known(knowledge: Workspace, link: str | None) -> bool:
    key = canonical_url(link)
    if key is None:
        return False
    return bool(
        knowledge.unit(lambda s: s.scalar(select(Article.seq).where(Article.canonical_url == key).limit(1)))
    )


def _ingest_entry(
    knowledge: Workspace, feed: _Due, entry: _Entry, glossary: Glossary, client: httpx.Client
) -> IngestResult:
    source = entry.link or f"{feed.url} ({entry.title or 'untitled entry'})"
    parsed = article_from_entry(entry, source)
    urls: list[str | None] = [entry.link]
    if parsed is None:
        if not entry.link:
            raise FeedError(f"{source}: the entry has neither a link nor the article text")
        parsed, fetched_urls = fetch_article(entry.link, client)
        urls += fetched_urls
        if entry.published and parsed.date_estimated:
            parsed = replace(parsed, published=entry.published, date_estimated=False)
    return ingest_parsed(
        knowledge, parsed, source=source, origin="feed", source_name=feed.url, urls=urls, glossary=glossary
    )


def _record_success(
    knowledge: Workspace,
    feed_id: int,
    now: datetime,
    etag: str | None,
    modified: str | None,
    title: str | None,
) -> None:
    def work(session: Session) -> None:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return
        feed.failures = 0
        feed.last_error = None
        feed.last_polled_at = now
        feed.next_poll_at = None
        feed.etag = etag or feed.etag
        feed.last_modified = modified or feed.last_modified
        feed.title = title or feed.title

    knowledge.unit(work)


def _record_failure(knowledge: Workspace, feed_id: int, now: datetime, message: str) -> datetime:
    def work(session: Session) -> datetime:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return now
        feed.failures = (feed.failures or 0) + 1
        feed.last_error = message
        feed.last_polled_at = now
        feed.next_poll_at = now + backoff(feed.failures)
        return feed.next_poll_at

    return knowledge.unit(work)


def poll_feeds(
    knowledge: Workspace, *, now: datetime | None = None, client: httpx.Client | None = None
) -> list[IngestResult]:
    """Poll every active feed that is due; one result per new entry and per failed feed.

    Feeds answering 304 Not Modified, and entries already stored, give no result. The
    snapshot is rebuilt once at the end when an article was added or updated.
    """
    now = _aware(now) or datetime.now(UTC)

    def due(session: Session) -> list[_Due]:
        feeds = session.scalars(select(Feed).where(Feed.active).order_by(Feed.id))
        return [
            _Due(f.id, f.url, f.etag, f.last_modified)
            for f in feeds
            if f.next_poll_at is None or (_aware(f.next_poll_at) or now) <= now
        ]

    feeds = knowledge.unit(due)
    if not feeds:
        return []
    glossary = load_glossary(knowledge.glossary_path)
    http = client or httpx.Client(follow_redirects=True, max_redirects=5)
    results: list[IngestResult] = []
    try:
        for feed in feeds:
            try:
                fetched = fetch(
                    feed.url,
                    timeout=FETCH_TIMEOUT,
                    max_bytes=MAX_BYTES,
                    etag=feed.etag,
                    last_modified=feed.last_modified,
                    client=http,
                )
                if fetched.not_modified:
                    _record_success(knowledge, feed.id, now, fetched.etag, fetched.last_modified, None)
                    continue
                title, entries = parse_feed(fetched.body, url=feed.url, content_type=fetched.content_type)
            except (FetchError, FeedError) as exc:
                message = " ".join(str(exc).split())
                retry = _record_failure(knowledge, feed.id, now, message)
                log.warning(
                    "event=feed_failed feed=%s next_poll=%s error=%r", feed.url, retry.isoformat(), message
                )
                results.append(IngestResult(feed.url, "failed", None, None, 0, message))
                continue
            for entry in entries:
                if entry.link and _known(knowledge, entry.link):
                    continue
                label = entry.link or feed.url
                result, _ = guarded(label, partial(_ingest_entry, knowledge, feed, entry, glossary, http))
                results.append(result)
            _record_success(knowledge, feed.id, now, fetched.etag, fetched.last_modified, title)
    finally:
        if client is None:
            http.close()
    if any(result.changed for result in results):
        knowledge.refresh(glossary)
    return results
