"""Fetching: http(s) only, timeouts, the size cap, content types, conditional GET."""

from __future__ import annotations

import socket

import httpx
import pytest

from knowledge.sources.fetch import FetchError, fetch
from tests.support.site import ARTICLE_PATH, BIG_SIZE, Site


def test_fetch_returns_the_page_with_its_headers(site: Site) -> None:
    fetched = fetch(site.url(ARTICLE_PATH))
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert "合肥发放".encode() in fetched.body
    assert fetched.final_url == site.url(ARTICLE_PATH)
    assert not fetched.not_modified


def test_a_conditional_get_with_the_etag_is_not_modified(site: Site) -> None:
    first = fetch(site.url("/feeds/city.xml"))
    assert first.etag == '"feed-v1"' and first.last_modified
    again = fetch(site.url("/feeds/city.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.status == 304 and again.body == b""


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("file:///etc/passwd", "file:"),
        ("ftp://example.org/article.txt", "ftp:"),
        ("data:text/html,<p>hi</p>", "data:"),
        ("javascript:alert(1)", "javascript:"),
        ("/etc/hosts", "no scheme"),
    ],
)
def test_only_http_and_https_are_fetched_and_nothing_is_opened(
    url: str, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_io(*args: object, **kwargs: object) -> None:
        raise AssertionError("fetch opened a connection for a refused URL")

    monkeypatch.setattr(socket, "create_connection", no_io)
    monkeypatch.setattr(httpx.Client, "send", no_io)
    with pytest.raises(FetchError) as error:
        fetch(url)
    message = str(error.value)
    assert "only http and https" in message and scheme in message and "\n" not in message


def test_http_errors_name_the_url_and_status(site: Site) -> None:
    with pytest.raises(FetchError) as error:
        fetch(site.url("/no/such/page.html"))
    assert str(error.value) == f"{site.url('/no/such/page.html')}: HTTP 404 Not Found"


def test_a_slow_server_times_out(site: Site) -> None:
    with pytest.raises(FetchError, match=r"/slow: timed out after 0\.3 s$"):
        fetch(site.url("/slow"), timeout=0.3)


def test_the_size_cap_stops_reading_early(site: Site) -> None:
    with pytest.raises(FetchError, match=r"/big: response too large \(more than 1 MB; stopped reading\)"):
        fetch(site.url("/big"), max_bytes=1_000_000)
    assert site.big_done.wait(10), "the server kept sending after the client gave up"
    assert site.big_sent < BIG_SIZE // 5, f"{site.big_sent} bytes were sent before the reader stopped"


def test_binary_content_types_are_refused(site: Site) -> None:
    with pytest.raises(FetchError, match=r"/logo\.png: not an article or feed \(content type image/png\)$"):
        fetch(site.url("/logo.png"))


def test_a_connection_refused_is_one_clear_line() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as error:
        fetch(f"http://127.0.0.1:{port}/x", timeout=2)
    assert str(error.value).startswith(f"http://127.0.0.1:{port}/x: cannot connect")
    assert "\n" not in str(error.value)
