"""Tokens for search: jieba words for Chinese runs, stemmed words for Latin runs.

Both the index and the questions go through `Tokenizer.tokens`, on normalised text,
so a word matches the same way wherever it appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from knowledge.text.jieba_trie import CompactTokenizer
from knowledge.text.stopwords import stopwords

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-.'][a-z0-9]+)*%?")
_SEGMENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+(?:[-.'][a-z0-9]+)*%?")

# Function words that carry no meaning for matching (Chinese and English): seeds/stopwords.yaml.
STOPWORDS_ZH: frozenset[str] = stopwords().zh
STOPWORDS_EN: frozenset[str] = stopwords().en

MAX_CACHED_CUTS = 250_000  # distinct segments kept (a 100,000-fact table has about 80,000)

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


class Tokenizer:
    """A jieba tokenizer of its own, with the fact table's names and terms in its dictionary."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._jieba = CompactTokenizer()
        self._jieba.initialize()
        # Index tokens of each text segment already cut. A fact table repeats most of its runs
        # (titles, topic labels, names, quotes shared by facts), so building an index cuts each
        # distinct run once. Any change to the dictionary changes the cuts and empties it.
        self._cuts: dict[str, tuple[str, ...]] = {}
        self.add_words(words)

    def add_words(self, words: Iterable[str]) -> None:
        added = False
        for word in words:
            if _CJK_RUN.fullmatch(word) and len(word) >= 2:
                self._jieba.add_word(word, freq=2000)
                added = True
        if added:
            self._cuts = {}

    def words(self, normalised: str) -> list[str]:
        """Meaningful words of a normalised text, in order: jieba words and stemmed Latin words."""
        out: list[str] = []
        for segment in _SEGMENT.findall(normalised):
            if _CJK_RUN.fullmatch(segment):
                out.extend(w for w in self._jieba.lcut(segment, HMM=False) if w not in STOPWORDS_ZH)
            elif segment not in STOPWORDS_EN:
                out.append(stem(segment) if segment.isalpha() else segment)
        return out

    def cut(self, run: str) -> list[str]:
        """jieba's words of one Chinese run, stopwords included."""
        return list(self._jieba.lcut(run, HMM=False))

    def tokens(self, normalised: str) -> list[str]:
        """Index tokens: words plus the shorter words jieba's search mode finds inside long ones."""
        cuts = self._cuts
        out: list[str] = []
        for segment in _SEGMENT.findall(normalised):
            cut = cuts.get(segment)
            if cut is None:
                cut = self._search_cut(segment)
                if len(cuts) >= MAX_CACHED_CUTS:
                    cuts.clear()
                cuts[segment] = cut
            out += cut
        return out

    def _search_cut(self, segment: str) -> tuple[str, ...]:
        if _CJK_RUN.fullmatch(segment):
            return tuple(w for w in self._jieba.lcut_for_search(segment, HMM=False) if w not in STOPWORDS_ZH)
        if segment in STOPWORDS_EN:
            return ()
        return (stem(segment) if segment.isalpha() else segment,)


def latin_words(normalised: str) -> list[str]:
    return _LATIN_WORD.findall(normalised)
