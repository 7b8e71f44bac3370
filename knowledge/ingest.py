"""Bring new articles in: files, uploaded bytes, URLs, the inbox folder (and feed entries via `feeds`).

Every source is parsed (plain-text captures like the seeds, or HTML pages through
trafilatura), checked against the store and then stored in its own transaction:

* the same text (content fingerprint on the normalised body: script, width, spacing and
  punctuation folded) is a **duplicate** and stores nothing;
* the same canonical URL with a different text **updates** the stored article (and its
  extracted facts); seed articles are never changed this way — they change in ``seeds/``;
* a text at least 97% identical to a stored one (different page furniture) is a duplicate;
* anything else is **added**, with facts extracted automatically (`knowledge.extract`).

A source that cannot be used gives one `failed` result with a one-line message and never
stops the others. The snapshot is rebuilt once at the end when anything changed.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from rapidfuzz import fuzz
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from knowledge.articles import ParsedArticle, decode_article_bytes, parse_article_text
from knowledge.errors import ArticleError, KnowledgeError
from knowledge.extract import extract_facts
from knowledge.fetch import FetchError, check_url, fetch
from knowledge.glossary import Glossary, load_glossary
from knowledge.html_article import looks_like_html, parse_html
from knowledge.loader import ArticleRecord, PersonRecord, article_record
from knowledge.models import Article, Fact, Person
from knowledge.service import Knowledge
from knowledge.text import normalise

__all__ = [
    "FETCH_TIMEOUT",
    "MAX_BYTES",
    "IngestResult",
    "canonical_url",
    "ingest_bytes",
    "ingest_inbox",
    "ingest_parsed",
    "ingest_paths_and_urls",
    "parse_bytes",
]

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 10.0  # seconds per network operation
MAX_BYTES = 5_000_000  # largest page or file read
NEAR_DUPLICATE = 97.0  # rapidfuzz ratio on the folded body
NEAR_DUPLICATE_CANDIDATES = 200
Status = Literal["added", "updated", "duplicate", "failed"]
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", ".swp", ".error.txt")
_inbox_lock = threading.Lock()
# Servers label text with these by default whatever it holds: sniff the bytes instead.
_UNTRUSTED_CHARSETS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}


@dataclass(frozen=True)
class IngestResult:
    source: str  # the path, URL or name it came from
    status: Status
    article_id: str | None
    title: str | None
    facts: int  # facts extracted (0 for duplicates and failures)
    message: str  # one line: what happened, or what is wrong

    def line(self) -> str:
        """One line for people: ``added     3f2a…  Title  (7 facts)  message``."""
        ident = self.article_id or "-"
        if self.status == "failed":  # the message names the source
            return f"{self.status:<9}  {ident:<16}  {self.message}"
        facts = f"({self.facts} facts)" if self.changed else ""
        title = self.title or self.source
        return "  ".join(
            part for part in (f"{self.status:<9}", f"{ident:<16}", title, facts, self.message) if part
        )

    @property
    def changed(self) -> bool:
        return self.status in ("added", "updated")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _failed(source: str, message: str) -> IngestResult:
    return IngestResult(source, "failed", None, None, 0, _one_line(message))


# ---------------------------------------------------------------------------
# URLs

_TRACKING_PARAMS = {
    "spm",
    "spm_id_from",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "isappinstalled",
    "share_token",
    "share_source",
    "share_medium",
    "share_from",
    "sharer_shareid",
    "sharer_sharetime",
    "ref_src",
    "from_source",
    "_hsenc",
    "_hsmi",
    "scene",
    "clicktime",
    "enterid",
    "wxshare",
}
# Parameters that only mark where a visitor came from on particular sites.
_SITE_TRACKING = {
    "baidu.com": {"wfr", "for", "from", "fr"},
    "qq.com": {"from", "chksm", "sessionid", "subscene", "ascene", "devicetype", "version", "pass_ticket"},
    "sohu.com": {"scm", "spm"},
    "sina.com.cn": {"from", "vt"},
    "163.com": {"from"},
}


def canonical_url(url: str | None) -> str | None:
    """A comparison key for URLs: https, lower-case host without ``www.``/default port, no fragment,
    no tracking parameters (``utm_*``, ``spm``, ``wfr``/``for`` on Baidu…), sorted query, no
    trailing slash. None for anything that is not an http(s) URL."""
    if not url:
        return None
    url = url.strip()
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    host = host.removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    site_params: set[str] = set()
    for domain, params in _SITE_TRACKING.items():
        if host == domain or host.endswith("." + domain):
            site_params |= params
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_")
        and key.lower() not in _TRACKING_PARAMS
        and key not in site_params
    ]
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


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


# ---------------------------------------------------------------------------
# Storing


def _people(session: Session) -> dict[str, PersonRecord]:
    return {
        p.id: PersonRecord(p.id, p.name, p.name_en, list(p.aliases), p.gender)
        for p in session.scalars(select(Person))
    }


def _store_facts(session: Session, record: ArticleRecord, glossary: Glossary) -> int:
    """Replace the article's extracted facts by a fresh extraction; the number stored."""
    session.execute(delete(Fact).where(Fact.article_id == record.id, Fact.status == "extracted"))
    curated = list(
        session.scalars(select(Fact.quote).where(Fact.article_id == record.id, Fact.status == "curated"))
    )
    facts, people = extract_facts(record, people=_people(session), glossary=glossary, skip_quotes=curated)
    for person in people:
        if session.get(Person, person.id) is None:
            session.add(
                Person(
                    id=person.id,
                    name=person.name,
                    name_en=person.name_en,
                    aliases=list(person.aliases),
                    gender=person.gender,
                )
            )
    stored = 0
    for fact in facts:
        if session.get(Fact, fact.id) is not None:
            log.warning("extracted fact id %s is taken; skipped", fact.id)
            continue
        session.add(Fact(**dataclasses.asdict(fact), content_hash=fact.content_hash))
        stored += 1
    session.flush()
    return stored


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


def _store(
    session: Session,
    parsed: ParsedArticle,
    *,
    source: str,
    origin: str,
    source_name: str | None,
    urls: Iterable[str | None],
    glossary: Glossary,
) -> IngestResult:
    record = article_record(parsed, article_id=None, origin=origin, source_name=source_name)
    keys = list(dict.fromkeys(key for url in (parsed.url, *urls) if (key := canonical_url(url))))
    record = dataclasses.replace(
        record,
        canonical_url=keys[0] if keys else None,
        outlet=record.outlet[:200] if record.outlet else None,
        published=record.published[:10] if record.published else None,
    )

    same = session.scalars(select(Article).where(Article.fingerprint == record.fingerprint)).first()
    if same is not None:
        return IngestResult(
            source, "duplicate", same.id, same.title, 0, f"same text as article {_describe(same)}"
        )

    previous = _by_url(session, keys)
    if previous is not None:
        if previous.origin == "seed":
            return IngestResult(
                source,
                "duplicate",
                previous.id,
                previous.title,
                0,
                f"same URL as seed article {_describe(previous)}; seed articles change only in seeds/",
            )
        for column in (
            "title",
            "outlet",
            "authors",
            "published",
            "date_estimated",
            "url",
            "fingerprint",
            "raw_text",
            "body",
            "source_name",
        ):
            setattr(previous, column, getattr(record, column))
        previous.canonical_url = previous.canonical_url or record.canonical_url
        previous.updated_at = datetime.now(UTC)
        session.flush()
        count = _store_facts(
            session, dataclasses.replace(record, id=previous.id, origin=previous.origin), glossary
        )
        return IngestResult(
            source,
            "updated",
            previous.id,
            record.title,
            count,
            "the text at this URL changed; article replaced and facts re-extracted",
        )

    near = _near_duplicate(session, record.body)
    if near is not None:
        row, score = near
        return IngestResult(
            source,
            "duplicate",
            row.id,
            row.title,
            0,
            f"nearly the same text ({score:.0f}%) as article {_describe(row)}",
        )

    article_id = record.fingerprint[:16]
    length = 16
    while session.scalar(select(Article.seq).where(Article.id == article_id)) is not None and length < 32:
        length += 4
        article_id = record.fingerprint[:length]
    record = dataclasses.replace(record, id=article_id)
    session.add(Article(**dataclasses.asdict(record)))
    session.flush()
    count = _store_facts(session, record, glossary)
    return IngestResult(source, "added", record.id, record.title, count, f"new article from {origin}")


def ingest_parsed(
    knowledge: Knowledge,
    parsed: ParsedArticle,
    *,
    source: str,
    origin: str,
    source_name: str | None,
    urls: Iterable[str | None] = (),
    glossary: Glossary | None = None,
) -> IngestResult:
    """Store one parsed article in its own transaction (no snapshot refresh)."""
    glossary = glossary or load_glossary(knowledge.glossary_path)
    url_list = list(urls)

    def work(session: Session) -> IngestResult:
        return _store(
            session,
            parsed,
            source=source,
            origin=origin,
            source_name=source_name,
            urls=url_list,
            glossary=glossary,
        )

    try:
        return knowledge.unit(work)
    except IntegrityError:
        # Someone stored the same article at the same moment: look again, it is a duplicate now.
        return knowledge.unit(work)


def guarded(source: str, work: Callable[[], IngestResult]) -> tuple[IngestResult, bool]:
    """Run one source; (result, the source itself is at fault). Nothing escapes but KeyboardInterrupt."""
    try:
        return work(), False
    except KnowledgeError as exc:
        return _failed(source, str(exc)), True
    except SQLAlchemyError as exc:
        log.exception("database error while ingesting %s", source)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _failed(source, f"{source}: database error ({reason}); try again later"), False
    except Exception as exc:
        log.exception("unexpected error while ingesting %s", source)
        return _failed(source, f"{source}: unexpected error {type(exc).__name__}: {exc}"), False


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ArticleError(f"{path.name}: file too large (more than {MAX_BYTES / 1_000_000:g} MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ArticleError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None


def _ingest_path(knowledge: Knowledge, path: Path, origin: str, glossary: Glossary) -> IngestResult:
    data = _read_file(path)
    parsed = parse_bytes(data, name=path.name)
    return ingest_parsed(
        knowledge, parsed, source=str(path), origin=origin, source_name=path.name, urls=(), glossary=glossary
    )


def _ingest_url(
    knowledge: Knowledge, url: str, origin: str, glossary: Glossary, client: httpx.Client | None
) -> IngestResult:
    parsed, urls = fetch_article(url, client)
    return ingest_parsed(
        knowledge, parsed, source=url, origin=origin, source_name=url, urls=urls, glossary=glossary
    )


def _is_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", source)) and not re.match(r"^[a-zA-Z]:[\\/]", source)


def ingest_paths_and_urls(
    knowledge: Knowledge, sources: Sequence[str], *, origin_override: str | None = None
) -> list[IngestResult]:
    """Ingest files, folders (their files) and http(s) URLs; one result per source (per file of a folder)."""
    glossary = load_glossary(knowledge.glossary_path)
    results: list[IngestResult] = []
    client: httpx.Client | None = None
    try:
        for source in sources:
            source = source.strip()
            if _is_url(source):
                try:
                    url = check_url(source)
                except FetchError as exc:
                    results.append(_failed(source, str(exc)))
                    continue
                if client is None:
                    client = httpx.Client(follow_redirects=True, max_redirects=5)
                work = partial(_ingest_url, knowledge, url, origin_override or "url", glossary, client)
                results.append(guarded(url, work)[0])
                continue
            path = Path(source).expanduser()
            paths = (
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
                if path.is_dir()
                else [path]
            )
            if not paths:
                results.append(_failed(source, f"{source}: the folder has no files"))
            for item in paths:
                work = partial(_ingest_path, knowledge, item, origin_override or "file", glossary)
                results.append(guarded(str(item), work)[0])
    finally:
        if client is not None:
            client.close()
    if any(result.changed for result in results):
        knowledge.refresh(glossary)
    return results


def ingest_bytes(
    knowledge: Knowledge, data: bytes, *, name: str, url: str | None = None, origin: str = "file"
) -> IngestResult:
    """Ingest an uploaded document (the bot's /ingest on a file): text capture or HTML page."""

    def work() -> IngestResult:
        if len(data) > MAX_BYTES:
            raise ArticleError(f"{name}: file too large (more than {MAX_BYTES / 1_000_000:g} MB)")
        glossary = load_glossary(knowledge.glossary_path)
        parsed = parse_bytes(data, name=name, url=url)
        return ingest_parsed(
            knowledge, parsed, source=name, origin=origin, source_name=name, urls=[url], glossary=glossary
        )

    result, _ = guarded(name, work)
    if result.changed:
        knowledge.refresh()
    return result


# ---------------------------------------------------------------------------
# The inbox


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists() and not (folder / f"{name}.error.txt").exists():
        return target
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    stem, dot, suffix = name.partition(".")
    for n in range(1, 1000):
        candidate = folder / f"{stem}-{stamp}{'-' + str(n) if n > 1 else ''}{dot}{suffix}"
        if not candidate.exists():
            return candidate
    raise OSError(f"no free file name for {name} in {folder}")


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, path.name)
    shutil.move(str(path), str(target))
    return target


def _inbox_files(inbox_dir: Path) -> list[Path]:
    return sorted(
        path
        for path in inbox_dir.iterdir()
        if path.is_file() and not path.name.startswith((".", "~")) and not path.name.endswith(_SKIP_SUFFIXES)
    )


def ingest_inbox(knowledge: Knowledge, inbox_dir: Path) -> list[IngestResult]:
    """Ingest every file in `inbox_dir` like the seeds; move it to ``done/`` or ``failed/``.

    A file that cannot be parsed goes to ``failed/`` with ``<name>.error.txt`` beside it. A file
    that failed for another reason (the database is down) stays in the inbox for the next run.
    """
    with _inbox_lock:
        try:
            inbox_dir.mkdir(parents=True, exist_ok=True)
            files = _inbox_files(inbox_dir)
        except OSError as exc:
            return [
                _failed(str(inbox_dir), f"{inbox_dir}: cannot read the inbox folder ({exc.strerror or exc})")
            ]
        if not files:
            return []
        try:
            glossary = load_glossary(knowledge.glossary_path)
        except KnowledgeError as exc:
            return [_failed(str(inbox_dir), str(exc))]
        results: list[IngestResult] = []
        for path in files:
            result, bad_file = guarded(path.name, partial(_ingest_path, knowledge, path, "file", glossary))
            result = dataclasses.replace(result, source=path.name)
            try:
                if result.status != "failed":
                    _move(path, inbox_dir / "done")
                elif bad_file:
                    target = _move(path, inbox_dir / "failed")
                    target.with_name(target.name + ".error.txt").write_text(
                        result.message + "\n", encoding="utf-8"
                    )
            except FileNotFoundError:
                pass  # another run moved it meanwhile
            except OSError as exc:
                result = dataclasses.replace(
                    result,
                    message=_one_line(f"{result.message} (could not move the file: {exc.strerror or exc})"),
                )
            results.append(result)
        if any(result.changed for result in results):
            knowledge.refresh(glossary)
        return results
