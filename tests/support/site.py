"""A local web site on 127.0.0.1 for ingestion tests: pages and feeds from files, misbehaving URLs (slow,
endless, not HTML), ETags, and a count of the requests it saw."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "ingest" / "fixtures"
ARTICLE_PATH = "/news/hefei-vouchers.html"
BIG_SIZE = 50_000_000
CHUNK = 64 * 1024
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

Route = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """Routes served on 127.0.0.1, the requests seen and what the endless download sent.

    `with Site() as site:` serves it; `site.page(...)`, `site.fixture(...)` or `site.routes[path] = …`
    add routes; `Site.for_ingestion()` is the site the ingestion tests share.
    """

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.big_sent = 0
        self.big_done = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        self._server = _Server(self)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path: str) -> str:
        """The absolute URL of a path on this site."""
        return self.base + path

    def page(self, path: str, body: bytes, content_type: str, *, etag: str | None = None) -> None:
        """Serve `body`; with an ETag, answer 304 to a matching If-None-Match."""

        def handler(request: BaseHTTPRequestHandler) -> None:
            if etag and request.headers.get("If-None-Match") == etag:
                request.send_response(304)
                request.send_header("ETag", etag)
                request.end_headers()
                return
            request.send_response(200)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            if etag:
                request.send_header("ETag", etag)
                request.send_header("Last-Modified", "Tue, 18 Jun 2024 01:30:00 GMT")
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = handler

    def fixture(self, path: str, name: str, content_type: str, *, etag: str | None = None) -> None:
        """Serve a file of FIXTURES, with "{base}" replaced by this site's address."""
        text = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", self.base)
        self.page(path, text.encode("utf-8"), content_type, etag=etag)

    def big(self, request: BaseHTTPRequestHandler) -> None:
        """An HTML page of BIG_SIZE bytes, sent until the client stops reading."""
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.end_headers()
        chunk = b"<p>" + b"x" * (CHUNK - 7) + b"</p>\n"
        try:
            while self.big_sent < BIG_SIZE:
                request.wfile.write(chunk)
                self.big_sent += len(chunk)
        except OSError:
            pass
        finally:
            self.big_done.set()

    def add_ingestion_pages(self) -> None:
        """The test article (HTML and text), the feeds, and the slow, endless and image URLs."""
        self.fixture(ARTICLE_PATH, "hefei_vouchers.html", "text/html; charset=utf-8")
        self.fixture("/news/hefei-vouchers.txt", "hefei_vouchers.txt", "text/plain; charset=utf-8")
        self.fixture("/feeds/city.xml", "feed.xml", "application/rss+xml", etag='"feed-v1"')
        self.fixture("/feeds/empty.xml", "empty_feed.xml", "application/rss+xml")
        self.fixture("/feeds/broken.xml", "malformed_feed.xml", "application/rss+xml")
        self.routes["/slow"] = slow
        self.routes["/big"] = self.big
        self.routes["/logo.png"] = png


def slow(request: BaseHTTPRequestHandler) -> None:
    """A page that answers after 1.5 s."""
    time.sleep(1.5)
    try:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.end_headers()
        request.wfile.write(b"<html><body><p>too late</p></body></html>")
    except OSError:
        pass


def png(request: BaseHTTPRequestHandler) -> None:
    """A 1x1 PNG image."""
    request.send_response(200)
    request.send_header("Content-Type", "image/png")
    request.send_header("Content-Length", str(len(PNG)))
    request.end_headers()
    request.wfile.write(PNG)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        site.hits[path] += 1
        route = site.routes.get(path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
