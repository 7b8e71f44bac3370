"""Parse captured news articles (plain-text web captures) into clean articles.

Admins upload articles as text files: copies of web pages with their page
furniture still attached. This module decodes such files and splits them into
metadata (title, outlet, authors, date, URL) and a clean body. Everything here is
a generic heuristic over patterns common to Chinese news pages; nothing depends
on a particular article.

Decoding (`decode_article_bytes`)
    UTF-8 (with or without BOM; a file cut inside its last character keeps what is
    there), UTF-16 with a BOM, then GB18030 and Big5. Any byte string decodes as
    GB18030 or Big5 by accident quite often, so both are tried and the decoding
    whose non-ASCII characters are mostly common Chinese characters and
    punctuation wins. Empty files, binary files (NUL bytes or many control bytes)
    and bytes that give no plausible text raise `ArticleError`.

Cleaning (`parse_article_text`)
    * Pinyin annotations glued into words by some converters (``發(fā)展``) are
      removed everywhere; real parentheses (``（CES）``, ``(FP16)``) are kept.
    * Labelled fields (标题/原标题, 作者, 来源/來源, 发布时间, 链接, 摘要 ...) are read
      as metadata and leave the body. A capture that starts with fields and has
      the article on a body field (总结/正文/内容) is read field by field; labelled
      lines after the body field (generated keywords, summaries) are dropped.
    * Page furniture leaves the body: tag clouds, view counters, "N年前 (YYYY)发布"
      capture lines, editor and copyright lines, "查看更多"/"返回搜狐" links,
      "相关文章" and everything after it, trailing lists of related links.
    * Bylines and editor notes glued to the end of the last paragraph
      (``…新高地。本版文/本报记者 张三``) are cut after the sentence they follow.
    * The title line and its duplicates, and a 摘要 that repeats the lead, are
      dropped. The body keeps its original script and wording.

Title
    A 标题/原标题 field; else the first short heading-like line; else the first
    sentence (or its first clauses) of the text, at most 40 characters.

Outlet
    A 来源 field; else an outlet named in a byline (``华夏时报(www…)记者``); else a
    copyright notice naming a source (``來源:中國西藏網``); else the site of the
    article URL (``baijiahao.baidu.com`` is 百家号); else a "查看更多X文章" or
    "返回X,查看更多" link. Always in simplified characters; None when nothing
    names one.

Date
    A stated publication date (发布时间/日期 fields, a date-first header line) is
    exact. Otherwise `published` is an estimate and `date_estimated` is True. The
    estimate is made from, in this order:

    1. a date in the article URL path (``/2024-03/05/``);
    2. a capture line giving the year (``1年前 (2023)发布``), refined to the latest
       month of that year the text mentions as a past event;
    3. the most recent explicitly dated past event in the title and body:
       ``YYYY年M月(D日)``, ``YYYY-MM-DD``, ``今年M月`` and ``M月D日`` (the last two
       take the year of step 2, else the latest year the text mentions, else
       the plan start year of step 4), else the latest bare ``YYYY年`` mention.
       The article cannot be older than an event it reports, so this is a lower
       bound; it is given to the month at most;
    4. failing all that, the latest start year of a plan period such as
       ``(2023—2025年)``: such plans are reported around their start.

    Target years are never used as events: years after ``到/至/力争/预计/计划/目标``,
    before ``前/以前/起施行``, years that end a plan period in the same text, years
    followed closely by ``将/力争/有望``, and years after today.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from knowledge.errors import ArticleError
from knowledge.sources.chars import (
    _ENTITY_RE,
    _INVISIBLE_RE,
    _LATIN_WORD_RE,
    _han_count,
    _is_real_sentence,
    _norm,
    strip_pinyin_annotations,
)
from knowledge.sources.dateline import is_menu_line, strip_dateline
from knowledge.sources.dates import _estimate_date
from knowledge.sources.decode import decode_article_bytes
from knowledge.sources.fields import (
    _GENERIC_LABEL_RE,
    _SPEECH_RE,
    _TRAILING_KINDS,
    _field_kind,
    _Meta,
    _read_field_line,
    _read_header_date,
    _split_fields,
)
from knowledge.sources.furniture import (
    _BULLET_RE,
    _COPYRIGHT_RE,
    _END_MARKER_RE,
    _cut_tail,
    _read_byline_line,
    _read_furniture,
)
from knowledge.sources.outlets import _DOMAIN_OUTLETS
from knowledge.sources.parsed import ParsedArticle

_TITLE_SUFFIX_RE = re.compile(r"^(?P<main>.{8,}?)\s*(?:[|｜_]|\s[-–—]\s)\s*(?P<suffix>[^|｜_]{1,12})$")


def _clean_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw_line in text.splitlines():
        line = _INVISIBLE_RE.sub("", raw_line)
        if "&" in line and _ENTITY_RE.search(line):
            line = html.unescape(line)
        line = line.strip()
        if line:
            lines.append(line)
    return lines


def _field_mode_split(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """For ``标题:/链接:/总结:`` captures: (metadata lines, body lines), else None."""
    header: list[str] = []
    for index, line in enumerate(lines):
        pairs = _split_fields(line)
        if not pairs:
            return None
        kind, value = pairs[0]
        if kind != "body":
            header.append(line)
            continue
        body = [value] if value else []
        rest = lines[index + 1 :]
        for offset, follow in enumerate(rest):
            label = _GENERIC_LABEL_RE.match(follow)
            if label is not None and not _SPEECH_RE.search(label.group("label")):
                # Labelled lines after the body are generated annotations; keep
                # only publication metadata among them (no titles or abstracts).
                header.extend(x for x in rest[offset:] if _field_kind(x) in _TRAILING_KINDS)
                break
            body.append(follow)
        return header, body
    return None


def _drop_trailing_list(lines: list[str]) -> list[str]:
    """Drop a trailing block of bullet items that look like related-article headlines."""
    end = len(lines)
    while end > 0 and _BULLET_RE.match(lines[end - 1]):
        end -= 1
    block = lines[end:]
    if not block:
        return lines
    headline_like = sum(1 for item in block if len(item) <= 60 and not re.search("[。；;]$", item.rstrip()))
    if headline_like >= 0.8 * len(block):
        return lines[:end]
    return lines


def _strip_title_suffix(title: str) -> str:
    m = _TITLE_SUFFIX_RE.match(title)
    return m.group("main").strip() if m else title


def _is_heading(line: str) -> bool:
    return (
        len(line) <= 80
        and "。" not in line
        and line[-1] not in "，,、；;：:"
        and (_han_count(line) >= 4 or len(_LATIN_WORD_RE.findall(line)) >= 3)
    )


def _title_from_sentence(text: str) -> str:
    sentence = re.split(r"[。！？!?\n]", text, maxsplit=1)[0].strip()
    if len(sentence) <= 40:
        return sentence
    clauses = [m.end() for m in re.finditer(r"[，,；;：:]", sentence) if 8 <= m.end() - 1 <= 40]
    if clauses:
        return sentence[: clauses[-1] - 1]
    return sentence[:39] + "…"


# ---------------------------------------------------------------------------
# Parsing


def parse_article_text(text: str, *, source: str = "<text>") -> ParsedArticle:
    """Parse a decoded article capture; raises `ArticleError` naming `source` if unusable."""
    if not text.strip():
        raise ArticleError(f"{source}: empty article (no text)")
    lines = _clean_lines(strip_pinyin_annotations(text))
    meta = _Meta()

    split = _field_mode_split(lines)
    if split is not None:
        header, lines = split
        for line in header:
            if not _read_field_line(meta, line):
                _read_furniture(meta, line)

    candidates: list[str] = []
    dateline_seen = False
    for line in lines:
        if _END_MARKER_RE.match(line):
            break
        if (
            (split is None and (_read_field_line(meta, line) or _read_header_date(meta, line)))
            or _read_furniture(meta, line)
            or _read_byline_line(meta, line)
        ):
            continue
        if is_menu_line(line):
            continue
        line = _cut_tail(meta, line)
        if line and not dateline_seen:
            stripped = strip_dateline(meta, line)
            dateline_seen, line = stripped != line, stripped
        if line:
            candidates.append(line)
    for line in lines:  # a source may be named after the end marker, too
        if _COPYRIGHT_RE.match(line):
            _read_furniture(meta, line)
    candidates = _drop_trailing_list(candidates)

    # Title, and the title lines leave the body.
    title = meta.title
    if title is None and len(candidates) > 1 and _is_heading(candidates[0]):
        title = candidates[0]
    if title is not None:
        keys = {_norm(title), _norm(_strip_title_suffix(title))}
        candidates = [line for line in candidates if _norm(line) not in keys]
        title = _strip_title_suffix(title)
    if not candidates:
        raise ArticleError(f"{source}: no article text, only page furniture (editor, copyright, links)")

    # An abstract that repeats the lead goes; any other abstract is kept as text.
    if meta.abstract:
        key = _norm(meta.abstract)[:40]
        if key and key not in _norm("".join(candidates)):
            candidates.insert(0, meta.abstract)

    body = "\n".join(candidates)
    if not _is_real_sentence(body):
        raise ArticleError(f"{source}: article text too short (no complete sentence)")
    if title is None:
        title = _title_from_sentence(body)

    if meta.url and meta.url.lower().startswith("www."):
        meta.url = "http://" + meta.url
    if meta.url:
        host = urlsplit(meta.url).hostname or ""
        for domain, outlet in _DOMAIN_OUTLETS:
            if host == domain or host.endswith("." + domain):
                meta.add_outlet("url", outlet)
                break

    published: str | None = meta.exact_date or meta.written_date
    estimated = False
    if published is None:
        published = _estimate_date(f"{title}\n{body}", meta.url, meta.capture_year)
        estimated = published is not None

    return ParsedArticle(
        title=title,
        outlet=meta.outlet(),
        authors=tuple(meta.authors),
        published=published,
        date_estimated=estimated,
        url=meta.url,
        body=body,
        raw=text,
        outlet_from=meta.outlet_rank(),
    )


def parse_article_file(path: Path) -> ParsedArticle:
    """Read, decode and parse an article file; errors name the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    text = decode_article_bytes(data, source=path.name)
    return parse_article_text(text, source=path.name)
