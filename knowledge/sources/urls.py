"""Canonical URLs: the comparison key that finds the same page behind different links."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from knowledge.lexicon.lexicons import lexicon

# ---------------------------------------------------------------------------
# URLs

_TRACKING_PARAMS = lexicon().tracking
# Parameters that only mark where a visitor came from on particular sites.
_SITE_TRACKING = lexicon().site_tracking


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
