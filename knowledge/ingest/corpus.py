"""Ingest a test corpus folder the way real articles arrive: pages over HTTP, captures as files, feeds polled.

A corpus folder (see `tests/corpus/README.md`) has one sub-folder per split (`dev/`, `holdout/`). HTML pages
are served on 127.0.0.1 and ingested by URL, plain-text captures are ingested as files, and every `*.xml`
feed is added and polled once (its items link to pages of the same folder by relative path).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from knowledge.ingest.feeds import add_feed, poll_feeds
from knowledge.ingest.pipeline import ingest_paths_and_urls
from knowledge.ingest.results import IngestResult
from knowledge.ingest.workspace import Workspace

PAGE_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the evaluation's output to its table."""


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on an ephemeral 127.0.0.1 port; yields the base URL (ending in '/')."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="corpus-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _add_feed(session: Session, *, url: str) -> None:
    add_feed(session, url)


def ingest_corpus(knowledge: Workspace, root: Path, splits: Sequence[str]) -> list[IngestResult]:
    """Ingest the named split folders of the corpus at `root`; one result per article or failed feed."""
    results: list[IngestResult] = []
    with serve_folder(root) as base:
        for split in splits:
            folder = root / split
            files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            pages = [f"{base}{split}/{p.name}" for p in files if p.suffix.lower() in PAGE_SUFFIXES]
            captures = [str(p) for p in files if p.suffix.lower() not in PAGE_SUFFIXES + FEED_SUFFIXES]
            results += ingest_paths_and_urls(knowledge, [*pages, *captures])
            for feed in (p for p in files if p.suffix.lower() in FEED_SUFFIXES):
                url = f"{base}{split}/{feed.name}"
                knowledge.unit(partial(_add_feed, url=url))
                results += poll_feeds(knowledge)
    return results
