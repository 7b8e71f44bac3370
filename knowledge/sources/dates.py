"""A capture's publication date: ISO prefixes, and an estimate from the events it reports."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator
from urllib.parse import urlsplit


def _iso(y: str | int, m: str | int | None = None, d: str | int | None = None) -> str | None:
    year, month, day = int(y), int(m) if m else None, int(d) if d else None
    if not 1990 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


# ---------------------------------------------------------------------------
# Date estimation

_RANGE_RE = re.compile(
    r"(?<!\d)(?P<a>(?:19|20)\d{2})\s*年?\s*(?:[-—–~～至到]+|－)\s*(?P<b>(?:19|20)\d{2})\s*年"
)
_FULL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d)"
)
_BARE_YEAR_RE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)(?!\s*[-—–~～至到])")
_THIS_YEAR_MONTH_RE = re.compile(r"今年\s*(?P<m>\d{1,2})\s*月")
_MONTH_DAY_RE = re.compile(r"(?<![\d年])(?<!年\s)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_TARGET_BEFORE_RE = re.compile(
    r"(?:到|至|力争|争取|爭取|计划|計劃|预计|預計|预期|預期|目标|目標|展望|将于|將於|将在|將在|有望在|迈向|邁向)\s*$"
)
_TARGET_AFTER_RE = re.compile(r"^\s*(?:年)?\s*(?:前|以前|之前|底前|末前|起施行|起实施|起實施|起执行|起執行)")
_TARGET_NEAR_AFTER_RE = re.compile(r"^[^。！？；;]{0,12}?(?:将|將|力争|力爭|有望|预计|預計|目标|目標)")
_URL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>20\d{2})[-/_]?(?P<m>0[1-9]|1[0-2])[-/_]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)


def _is_target(
    text: str,
    start: int,
    end: int,
    year: int,
    month: int | None = None,
    plan_ends: frozenset[int] = frozenset(),
) -> bool:
    """Whether the date at text[start:end] is a goal or deadline rather than a past event."""
    today = datetime.date.today()
    return bool(
        _TARGET_BEFORE_RE.search(text[max(0, start - 6) : start])
        or _TARGET_AFTER_RE.match(text[end : end + 16])
        or year in plan_ends
        or (year, month or 0) > (today.year, today.month)
    )


def _dated_events(text: str) -> Iterator[tuple[int, int | None]]:
    """(year, month or None) of explicitly dated past events mentioned in `text`."""
    ranges = [(m.start(), m.end()) for m in _RANGE_RE.finditer(text)]
    plan_ends = frozenset(int(m.group("b")) for m in _RANGE_RE.finditer(text)) - {
        int(m.group("a")) for m in _RANGE_RE.finditer(text)
    }

    def in_range(pos: int) -> bool:
        return any(a <= pos < b for a, b in ranges)

    for m in _FULL_DATE_RE.finditer(text):
        year = int(m.group("y") or m.group("y2"))
        month = int(m.group("m") or m.group("m2"))
        if in_range(m.start()) or not 1 <= month <= 12:
            continue
        if _is_target(text, m.start(), m.end(), year, month):
            continue
        yield year, month
    for m in _BARE_YEAR_RE.finditer(text):
        year = int(m.group("y"))
        if in_range(m.start()) or _is_target(text, m.start(), m.end(), year, plan_ends=plan_ends):
            continue
        if _TARGET_NEAR_AFTER_RE.match(text[m.end() :]):
            continue
        yield year, None


def _estimate_date(text: str, url: str | None, capture_year: int | None) -> str | None:
    """The estimated publication date of an article; see the module docstring."""
    if url:
        m = _URL_DATE_RE.search(urlsplit(url if "//" in url else "//" + url).path)
        if m is not None:
            iso = _iso(m.group("y"), m.group("m"), m.group("d"))
            if iso is not None:
                return iso
    events = list(_dated_events(text))
    plan_starts = [int(m.group("a")) for m in _RANGE_RE.finditer(text)]
    context_year = capture_year or max((y for y, _ in events), default=None)
    if context_year is None and plan_starts:
        context_year = max(plan_starts)
    if context_year is not None:
        for m in itertools.chain(_THIS_YEAR_MONTH_RE.finditer(text), _MONTH_DAY_RE.finditer(text)):
            mentioned = int(m.group("m"))
            if 1 <= mentioned <= 12 and not _is_target(text, m.start(), m.end(), context_year, mentioned):
                events.append((context_year, mentioned))
    if capture_year is not None:
        months = [mo for y, mo in events if y == capture_year and mo is not None]
        return _iso(capture_year, max(months) if months else None)
    if events:
        latest = max(events, key=lambda e: (e[0], e[1] or 0))
        return _iso(*latest)
    if plan_starts:
        return _iso(max(plan_starts))
    return None
