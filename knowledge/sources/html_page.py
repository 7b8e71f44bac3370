"""Reduce an HTML news page to an article: title, date, authors, outlet and main text.

trafilatura finds the main text and the metadata (title, date via htmldate, author,
sitename). The main text then goes through the same cleaning as the plain-text captures
(`knowledge.sources.capture.parse_article_text`: pinyin annotations, bylines, editor and copyright
lines, related-article lists, the title line repeated in the body), so an HTML page and a
text capture of the same article end up with the same body and fingerprint.

trafilatura (with lxml, htmldate, justext, courlan: ~9 MiB resident) is imported at the first
HTML page, not with this module: the bot imports ingestion at start-up but may never see HTML.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from knowledge.errors import ArticleError
from knowledge.sources.capture import parse_article_text
from knowledge.sources.chars import strip_pinyin_annotations
from knowledge.sources.fields import _apply_field, _Meta, _split_fields
from knowledge.sources.parsed import ParsedArticle
from knowledge.text.forms import to_simplified

__all__ = ["looks_like_html", "parse_html"]

log = logging.getLogger(__name__)

MAX_HTML_BYTES = 20_000_000  # after decompression
_HTML_START_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TITLE_SUFFIX_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*(?P<site>[^_|｜]{1,20})$")
_SITE_WORD_RE = re.compile(
    r"(?:网|網|报|報|新闻|新聞|频道|頻道|日报|日報|在线|在線|客户端|\.com|\.cn|\.net)$", re.I
)
_SOURCE_LABEL_RE = re.compile(r"(?:^|(?<=\s))(?:来源|來源)\s*[:：]")
_SHORT_LINE = 120
_META_AUTHOR_XPATH = (
    '//meta[@name="author" or @name="Author" or @property="article:author" or @itemprop="author"]/@content'
)


def looks_like_html(data: bytes | str) -> bool:
    """True for a document that starts like an HTML page (doctype, <html>, <head> or <body>)."""
    head = data[:2048].encode("utf-8", "ignore") if isinstance(data, str) else data[:2048]
    return bool(_HTML_START_RE.match(head.lstrip(b"\xef\xbb\xbf")))


def _strip_site_suffix(title: str, sitename: str | None) -> str:
    match = _TITLE_SUFFIX_RE.search(title)
    if match is None:
        return title
    site = match.group("site").strip()
    if (sitename and (site in sitename or sitename in site)) or _SITE_WORD_RE.search(site):
        return title[: match.start()].strip()
    return title


@dataclass
class _PageMeta:
    """What the page states outside its main text: meta tags, the headline, the 来源 line."""

    authors: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)  # <meta ArticleTitle>, <h1>, <title>
    content_source: str | None = None  # <meta name="ContentSource">
    stated_outlet: str | None = None  # a short 来源: line anywhere on the page


def _page_meta(html: str) -> _PageMeta:
    """Authors from <meta name="author"> (trafilatura drops names without a space: all Chinese
    names), the headline candidates, the ContentSource tag and a 来源 line outside the main text."""
    import trafilatura

    meta = _PageMeta()
    tree = trafilatura.load_html(html)
    if tree is None:
        return meta
    for value in tree.xpath(_META_AUTHOR_XPATH):
        for name in re.split(r"[;；,，、/\s]+", str(value)):
            name = re.sub(r"^(?:记者|記者|作者|文|撰文|本报记者|本報記者)[:：]?", "", name.strip())
            if name and len(name) <= 30 and name not in meta.authors:
                meta.authors.append(name)
    for xpath in ('//meta[@name="ArticleTitle"]/@content', "//h1", "//title"):
        for node in tree.xpath(xpath)[:1]:
            text = " ".join((node if isinstance(node, str) else " ".join(node.itertext())).split())
            if text:
                meta.headlines.append(text)
    source = tree.xpath('//meta[@name="ContentSource" or @name="contentsource"]/@content')
    if source and str(source[0]).strip():
        meta.content_source = str(source[0]).strip()
    for element in tree.iter("div", "span", "p", "td", "li", "em", "font"):
        text = " ".join(" ".join(element.itertext()).split())
        if len(text) > _SHORT_LINE or not _SOURCE_LABEL_RE.search(text):
            continue
        fields = _Meta()
        label = _SOURCE_LABEL_RE.search(text)
        if label is not None:
            for kind, value in _split_fields(text[label.start() :]):
                _apply_field(fields, kind, value)
        if fields.outlets.get("field"):
            meta.stated_outlet = fields.outlet()
            break
    return meta


def _headline(title: str | None, sitename: str | None, candidates: list[str]) -> str | None:
    """The fullest headline: a candidate that begins with trafilatura's (often og:) title and
    says more (``标题 副标题`` in <h1> when og:title has only the first part)."""
    if not title:
        return title
    for candidate in candidates:
        candidate = _strip_site_suffix(candidate, sitename)
        rest = candidate[len(title) :]
        if (
            candidate.startswith(title)
            and rest.strip()
            and len(candidate) <= 100
            and not re.match(r"\s*[_|｜\-–—]", rest)
        ):
            return candidate
    return title


def parse_html(html: str | bytes, *, url: str | None, source: str) -> ParsedArticle:
    """Parse an HTML page; ArticleError naming `source` when it has no usable main text."""
    import trafilatura
    from trafilatura.utils import decode_file

    try:
        text = decode_file(html, max_size=MAX_HTML_BYTES) if isinstance(html, bytes) else html
    except Exception as exc:  # trafilatura's decompression and decoding raise assorted errors
        raise ArticleError(f"{source}: cannot decode the HTML page ({type(exc).__name__})") from None
    if not text.strip():
        raise ArticleError(f"{source}: empty page (no text)")
    try:
        document = trafilatura.bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as exc:  # lxml and htmldate errors on hostile markup
        log.warning("trafilatura failed on %s: %r", source, exc)
        raise ArticleError(f"{source}: cannot parse the HTML page ({type(exc).__name__})") from None
    main = getattr(document, "text", None) if document is not None else None
    if not main or not str(main).strip():
        raise ArticleError(f"{source}: no main text found in the HTML page")
    sitename = getattr(document, "sitename", None) or None
    title_meta = getattr(document, "title", None) or None
    title = _strip_site_suffix(str(title_meta).strip(), sitename) if title_meta else None
    page = _page_meta(text)
    title = _headline(title, sitename, page.headlines)
    body_text = strip_pinyin_annotations(str(main))
    capture = f"标题: {title}\n{body_text}" if title else body_text
    parsed = parse_article_text(capture, source=source)

    authors: list[str] = []
    author = getattr(document, "author", None)
    if author:
        authors = [name.strip() for name in str(author).split(";") if name.strip()]
    authors = authors or page.authors or list(parsed.authors)

    # The outlet the page states (来源 line, ContentSource tag, dateline) before the site's name.
    outlet = parsed.outlet if parsed.outlet_from == "field" else None
    outlet = outlet or (to_simplified(page.stated_outlet) if page.stated_outlet else None)
    outlet = outlet or (to_simplified(page.content_source) if page.content_source else None)
    outlet = outlet or (parsed.outlet if parsed.outlet_from == "byline" else None)
    if outlet is None and sitename and "." not in sitename:
        outlet = to_simplified(str(sitename).strip())
    outlet = outlet or parsed.outlet

    published, estimated = parsed.published, parsed.date_estimated
    date = getattr(document, "date", None)
    if date and re.match(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?", str(date)):
        published, estimated = str(date)[:10], False

    return ParsedArticle(
        title=title or parsed.title,
        outlet=outlet,
        authors=tuple(authors),
        published=published,
        date_estimated=estimated,
        url=url or getattr(document, "url", None) or parsed.url,
        body=parsed.body,
        raw=text,
    )
