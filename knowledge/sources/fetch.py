"""Fetch a web page or feed over http(s): a timeout, a size cap, and one clear line per failure.

Only ``http://`` and ``https://`` URLs are fetched; anything else (``file://``, ``ftp://``,
``data:``…) is refused before any I/O. The body is streamed and reading stops as soon as it
passes `max_bytes`. Redirects are followed (httpx refuses non-http targets itself). Pages
must be text, HTML, XML or a feed: images, archives, PDFs and other binary content types are
refused from the response headers, before the body is read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from knowledge.errors import KnowledgeError

__all__ = ["USER_AGENT", "FetchError", "Fetched", "check_url", "fetch"]

USER_AGENT = "policybot/0.1 (+https://github.com/policybot; article ingestion)"
_TEXT_TYPES = (
    "application/xhtml+xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
)


class FetchError(KnowledgeError):
    """A URL that cannot be fetched: the message names the URL and the reason in one line."""


@dataclass
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # lower case, without parameters ("" when the server sent none)
    body: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool  # 304 to a conditional request: `body` is empty
    charset: str | None = None


def check_url(url: str) -> str:
    """The URL stripped, or FetchError when it is not an absolute http(s) URL."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(f"{url}: only http and https URLs can be fetched (got {shown})")
    if not parts.hostname:
        raise FetchError(f"{url}: not a valid URL (no host)")
    return url


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def _acceptable(content_type: str) -> bool:
    if not content_type:
        return True  # no header: decide from the bytes
    return content_type.startswith("text/") or content_type in _TEXT_TYPES or content_type.endswith("+xml")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET `url` (conditionally when `etag`/`last_modified` are given); FetchError on any failure.

    `timeout` bounds each network operation (connect, each read); the whole download is also
    stopped after three times `timeout`, so a server dribbling bytes cannot hold a job forever.
    """
    url = check_url(url)
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/xml,text/*;q=0.9",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    session = client or httpx.Client(follow_redirects=True, max_redirects=5)
    deadline = time.monotonic() + 3 * timeout
    try:
        with session.stream(
            "GET", url, headers=headers, timeout=httpx.Timeout(timeout), follow_redirects=True
        ) as response:
            final_url = str(response.url)
            raw_type = response.headers.get("content-type", "")
            content_type = raw_type.split(";")[0].strip().lower()
            charset = response.charset_encoding
            common = {
                "url": url,
                "final_url": final_url,
                "status": response.status_code,
                "content_type": content_type,
                "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
                "charset": charset,
            }
            if response.status_code == 304:
                return Fetched(body=b"", not_modified=True, **common)
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchError(f"{url}: HTTP {response.status_code} {reason}")
            if not _acceptable(content_type):
                raise FetchError(f"{url}: not an article or feed (content type {content_type})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"{url}: response too large ({_megabytes(int(declared))}, "
                    f"the limit is {_megabytes(max_bytes)})"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        f"{url}: response too large (more than {_megabytes(max_bytes)}; stopped reading)"
                    )
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: download took longer than {3 * timeout:g} s; stopped")
                chunks.append(chunk)
            return Fetched(body=b"".join(chunks), not_modified=False, **common)
    except FetchError:
        raise
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: too many redirects") from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"{url}: redirected to an unsupported URL ({_one_line(exc)})") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"{url}: cannot connect ({_one_line(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {_one_line(exc)}") from None
    finally:
        if own:
            session.close()
