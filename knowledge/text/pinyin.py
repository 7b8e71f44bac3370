"""Toneless pinyin of the table's names and terms, from pypinyin's per-character readings.

pypinyin picks the reading of a polyphonic character from a 47,000-phrase dictionary that it
loads whole at import (~44 MiB resident). The bot needs pinyin only to recognise names and terms
of its own table that people type in pinyin or with homophones, so it does without that
dictionary (`PYPINYIN_NO_PHRASES`, pypinyin's documented switch) and keeps every reading of a
polyphonic character instead of guessing one: 行业 is both `hangye` and `xingye`, 重庆 both
`chongqing` and `zhongqing`. Import pypinyin through this module: imported first elsewhere, it
loads the dictionary (nothing reads differently, it only costs the memory).
"""

from __future__ import annotations

import importlib
import itertools
import os
import sys
from collections.abc import Sequence

MAX_SPELLINGS = 16  # readings combined per text; a name or term rarely has more than 4


def _import_pypinyin_without_phrases() -> None:
    """pypinyin reads `PYPINYIN_NO_PHRASES` once, at import; it is set just for that import."""
    if "pypinyin" in sys.modules:
        return
    previous = os.environ.get("PYPINYIN_NO_PHRASES")
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    try:
        importlib.import_module("pypinyin")
    finally:
        if previous is None:
            del os.environ["PYPINYIN_NO_PHRASES"]
        else:
            os.environ["PYPINYIN_NO_PHRASES"] = previous


_import_pypinyin_without_phrases()
from pypinyin import Style, lazy_pinyin  # noqa: E402
from pypinyin import pinyin as _readings  # noqa: E402


def pinyin(text: str) -> list[str]:
    """One syllable per Chinese character, its most common reading; other runs of text as they are."""
    return [str(syllable) for syllable in lazy_pinyin(text, style=Style.NORMAL)]


def syllable_choices(text: str) -> list[list[str]]:
    """Every toneless reading of each character (most common first); other runs as they are."""
    return [list(dict.fromkeys(options)) for options in _readings(text, style=Style.NORMAL, heteronym=True)]


def combine(choices: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Syllable sequences from per-character choices, most common readings first, at most MAX_SPELLINGS."""
    return list(itertools.islice(itertools.product(*choices), MAX_SPELLINGS))


def spellings(text: str) -> list[tuple[str, ...]]:
    """The syllable sequences `text` can be read as (see `combine`)."""
    return combine(syllable_choices(text))
