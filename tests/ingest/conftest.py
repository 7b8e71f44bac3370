"""A local web site for the ingestion tests: article pages, feeds and misbehaving URLs on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE_PATH = "/news/hefei-vouchers.html"
BIG_SIZE = 50_000_000
CHUNK = 64 * 1024
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

Route = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """Routes served by the test server, the requests it saw and what the big download sent."""

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.big_sent = 0
        self.big_done = threading.Event()

    def url(self, path: str) -> str:
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
        text = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", self.base)
        self.page(path, text.encode("utf-8"), content_type, etag=etag)


def _slow(request: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    try:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.end_headers()
        request.wfile.write(b"<html><body><p>too late</p></body></html>")
    except OSError:
        pass


def _png(request: BaseHTTPRequestHandler) -> None:
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


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh local site with the test article (HTML and text), the feeds and the bad URLs."""
    site = Site()
    server = _Server(site)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"

    def big(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.end_headers()
        chunk = b"<p>" + b"x" * (CHUNK - 7) + b"</p>\n"
        try:
            while site.big_sent < BIG_SIZE:
                request.wfile.write(chunk)
                site.big_sent += len(chunk)
        except OSError:
            pass
        finally:
            site.big_done.set()

    site.fixture(ARTICLE_PATH, "hefei_vouchers.html", "text/html; charset=utf-8")
    site.fixture("/news/hefei-vouchers.txt", "hefei_vouchers.txt", "text/plain; charset=utf-8")
    site.fixture("/feeds/city.xml", "feed.xml", "application/rss+xml", etag='"feed-v1"')
    site.fixture("/feeds/empty.xml", "empty_feed.xml", "application/rss+xml")
    site.fixture("/feeds/broken.xml", "malformed_feed.xml", "application/rss+xml")
    site.routes["/slow"] = _slow
    site.routes["/big"] = big
    site.routes["/logo.png"] = _png
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
