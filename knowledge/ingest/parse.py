"""The bytes of an uploaded or fetched document to a parsed article (text capture or HTML page)."""

from __future__ import annotations

import dataclasses
import re

import httpx

from knowledge.errors import ArticleError
from knowledge.sources.capture import parse_article_text
from knowledge.sources.decode import decode_article_bytes
from knowledge.sources.fetch import FetchError, fetch
from knowledge.sources.html_page import looks_like_html, parse_html
from knowledge.sources.parsed import ParsedArticle

FETCH_TIMEOUT = 10.0  # seconds per network operation
MAX_BYTES = 5_000_000  # largest page or file read
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
# Servers label text with these by default whatever it holds: sniff the bytes instead.
_UNTRUSTED_CHARSETS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}

# ---------------------------------------------------------------------------
# Parsing


def parse_bytes(
    data: bytes,
    *,
    name: str,
    url: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
) -> ParsedArticle:
    """Parse an uploaded or fetched document: HTML through trafilatura, anything else as a text capture."""
    content_type = (content_type or "").lower()
    if content_type in _FEED_TYPES or (
        not looks_like_html(data)
        and re.match(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b", data[:1024])
    ):
        raise ArticleError(
            f"{name}: this is an RSS/Atom feed, not an article (add it with `policybot feeds add`)"
        )
    if content_type in ("text/html", "application/xhtml+xml") or looks_like_html(data):
        return parse_html(data, url=url, source=name)
    text: str | None = None
    if charset and charset.lower().replace("_", "-") not in _UNTRUSTED_CHARSETS:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_article_bytes(data, source=name)
    if "\x00" in text:
        raise ArticleError(f"{name}: binary file (contains NUL bytes), not an article text")
    parsed = parse_article_text(text, source=name)
    if url and not parsed.url:
        parsed = dataclasses.replace(parsed, url=url)
    return parsed


def fetch_article(url: str, client: httpx.Client | None) -> tuple[ParsedArticle, list[str]]:
    fetched = fetch(url, timeout=FETCH_TIMEOUT, max_bytes=MAX_BYTES, client=client)
    if not fetched.body.strip():
        raise FetchError(f"{url}: empty response (HTTP {fetched.status})")
    parsed = parse_bytes(
        fetched.body,
        name=url,
        url=fetched.final_url,
        content_type=fetched.content_type,
        charset=fetched.charset,
    )
    return parsed, [url, fetched.final_url]
