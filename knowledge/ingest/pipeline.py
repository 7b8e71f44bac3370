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

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import httpx

from knowledge.errors import ArticleError
from knowledge.ingest.parse import MAX_BYTES, fetch_article, parse_bytes
from knowledge.ingest.results import IngestResult, _failed, guarded
from knowledge.ingest.store import ingest_parsed
from knowledge.ingest.workspace import Workspace
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.sources.fetch import FetchError, check_url


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


def _ingest_path(knowledge: Workspace, path: Path, origin: str, glossary: Glossary) -> IngestResult:
    data = _read_file(path)
    parsed = parse_bytes(data, name=path.name)
    return ingest_parsed(
        knowledge, parsed, source=str(path), origin=origin, source_name=path.name, urls=(), glossary=glossary
    )


def _ingest_url(
    knowledge: Workspace, url: str, origin: str, glossary: Glossary, client: httpx.Client | None
) -> IngestResult:
    parsed, urls = fetch_article(url, client)
    return ingest_parsed(
        knowledge, parsed, source=url, origin=origin, source_name=url, urls=urls, glossary=glossary
    )


def _is_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", source)) and not re.match(r"^[a-zA-Z]:[\\/]", source)


def _expand(sources: Sequence[str]) -> list[str | Path | IngestResult]:
    """The work list: a URL, a file (each file of a folder), or the failure of a source already known bad."""
    items: list[str | Path | IngestResult] = []
    for source in sources:
        source = source.strip()
        if _is_url(source):
            try:
                items.append(check_url(source))
            except FetchError as exc:
                items.append(_failed(source, str(exc)))
            continue
        path = Path(source).expanduser()
        paths = (
            sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if path.is_dir()
            else [path]
        )
        items.extend(paths or [_failed(source, f"{source}: the folder has no files")])
    return items


def ingest_paths_and_urls(
    knowledge: Workspace, sources: Sequence[str], *, origin_override: str | None = None
) -> list[IngestResult]:
    """Ingest files, folders (their files) and http(s) URLs; one result per source (per file of a folder).

    `knowledge.progress` hears of each result as it comes (`[3/60] added <source>`).
    """
    glossary = load_glossary(knowledge.glossary_path)
    items = _expand(sources)
    results: list[IngestResult] = []
    client: httpx.Client | None = None
    try:
        for done, item in enumerate(items, start=1):
            if isinstance(item, IngestResult):
                result = item
            elif isinstance(item, Path):
                work = partial(_ingest_path, knowledge, item, origin_override or "file", glossary)
                result = guarded(str(item), work)[0]
            else:
                if client is None:
                    client = httpx.Client(follow_redirects=True, max_redirects=5)
                work = partial(_ingest_url, knowledge, item, origin_override or "url", glossary, client)
                result = guarded(item, work)[0]
            results.append(result)
            knowledge.progress.item(done, len(items), f"{result.status} {result.source}")
    finally:
        if client is not None:
            client.close()
    if any(result.changed for result in results):
        knowledge.refresh(glossary)
    return results


def ingest_bytes(
    knowledge: Workspace, data: bytes, *, name: str, url: str | None = None, origin: str = "file"
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
