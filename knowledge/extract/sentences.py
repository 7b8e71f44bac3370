"""Sentences of an article body, verbatim: split at full stops outside quotations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from knowledge.text.forms import to_simplified

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"
_TERMINALS = "。！？!?"
_TRAILERS = "”’」』）)】"
_MAX_QUOTED_SENTENCE = 600
_CLAUSE_SPLIT = "，,；;。！？!?：:"
# After “…。” the sentence goes on only when the speaker follows: ”王海峰说。 / ”在陈亮看来,
_ATTRIBUTION_RE = re.compile(
    r"\s*[^，,。；;！？!?“”]{0,45}?(?:说|表示|认为|指出|介绍|谈到|提到|强调|告诉|看来|称|坦言|透露|预计|解释|写道|"
    r"回应|补充|直言|建议|呼吁|說|認為|談到|強調|介紹)"
)

# ---------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim, a substring of the body
    simple: str  # simplified script, same meaning (for matching and summaries)
    index: int
    paragraph: int = 0  # the line of the body it stands in


def split_sentences(body: str) -> list[str]:
    """Sentences of a body, verbatim: split at 。！？ outside quotation marks, and at line ends.

    A quotation that runs on (an unclosed “) stops protecting its full stops after
    `_MAX_QUOTED_SENTENCE` characters, so one broken mark never swallows a paragraph.
    """
    sentences: list[str] = []
    for line in body.split("\n"):
        depth = 0
        start = 0
        i = 0
        while i < len(line):
            ch = line[i]
            if ch in _OPEN_QUOTES:
                depth += 1
            elif ch in _CLOSE_QUOTES:
                depth = max(0, depth - 1)
                if (
                    depth == 0
                    and i > start
                    and line[i - 1] in _TERMINALS
                    and not _ATTRIBUTION_RE.match(line, i + 1)
                ):
                    piece = line[start : i + 1].strip()
                    if piece:
                        sentences.append(piece)
                    start = i = i + 1
                    continue
            elif ch in _TERMINALS and (depth == 0 or i - start > _MAX_QUOTED_SENTENCE):
                end = i + 1
                while end < len(line) and (line[end] in _TERMINALS or line[end] in _TRAILERS):
                    if line[end] in _CLOSE_QUOTES:
                        depth = max(0, depth - 1)
                    end += 1
                if depth and i - start > _MAX_QUOTED_SENTENCE:
                    depth = 0
                piece = line[start:end].strip()
                if piece:
                    sentences.append(piece)
                start = i = end
                continue
            i += 1
        piece = line[start:].strip()
        if piece:
            sentences.append(piece)
    return sentences


def _sentences(body: str) -> Iterator[Sentence]:
    index = 0
    for paragraph, line in enumerate(body.split("\n")):
        for text in split_sentences(line):
            yield Sentence(text, to_simplified(text), index, paragraph)
            index += 1
