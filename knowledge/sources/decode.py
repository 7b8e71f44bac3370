"""Bytes to text: UTF-8/UTF-16 by their marks, else the plausible one of GB18030 and Big5."""

from __future__ import annotations

import codecs
import functools
import itertools
import re

from knowledge.errors import ArticleError

# ---------------------------------------------------------------------------
# Decoding

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CJK_SYMBOLS_RE = re.compile("[\u2010-\u2027\u3000-\u303f\uff01-\uff5e\u00b7\u00d7]")


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """The common Chinese characters: GB2312 (simplified) and Big5 level 1 (traditional)."""
    chars: set[str] = set()
    pairs = itertools.chain(
        ((lead, trail, "gb2312") for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF)),
        (
            (lead, trail, "big5")
            for lead in range(0xA4, 0xC7)
            for trail in itertools.chain(range(0x40, 0x7F), range(0xA1, 0xFF))
        ),
    )
    for lead, trail, codec in pairs:
        try:
            chars.add(bytes((lead, trail)).decode(codec))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common hanzi or CJK punctuation."""
    common = _common_hanzi()
    good = bad = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        if ch in common or _CJK_SYMBOLS_RE.match(ch):
            good += 1
        else:
            bad += 1
    return good / (good + bad) if good + bad else 1.0


def decode_article_bytes(data: bytes, *, source: str) -> str:
    """Decode an uploaded article: UTF-8 (BOM optional), then GB18030, then Big5.

    A UTF-8 file cut inside its last character is decoded up to that character.
    Raises `ArticleError` naming `source` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise ArticleError(f"{source}: empty file (no text)")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF8):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{source}: broken UTF-16 text at byte {exc.start}") from None
    if b"\x00" in data:
        raise ArticleError(f"{source}: binary file (contains NUL bytes), not an article text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(data) // 20):
        raise ArticleError(f"{source}: binary file (mostly control bytes), not an article text")

    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(body):
            # Truncated inside the last character: keep the complete part.
            return body[: exc.start].decode("utf-8")
        utf8_error = exc

    candidates: list[tuple[float, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), text))
    if candidates:
        score, text = max(candidates, key=lambda c: c[0])  # max keeps GB18030 on ties
        if score >= 0.8:
            return text
    lenient = body.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= len(lenient) // 200:
        return lenient  # a stray broken byte in an otherwise UTF-8 capture
    raise ArticleError(
        f"{source}: cannot decode the text as UTF-8, GB18030 or Big5 "
        f"(invalid UTF-8 at byte {utf8_error.start})"
    )
