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

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-.'][a-z0-9]+)*%?")
_SEGMENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+(?:[-.'][a-z0-9]+)*%?")

# Function words that carry no meaning for matching (Chinese and English).
STOPWORDS_ZH: frozenset[str] = frozenset(
    """
    的 了 和 与 及 在 是 对 把 被 将 也 都 还 就 而 并 或 等 这 那 其 之 于 以 为 从 向 让 给
    使 由 中 上 下 个 一 有 我 你 他 她 它 们 我们 你们 他们 吗 呢 吧 啊 呀 么 嘛 哦 请 问 一下
    告诉 关于 有关 方面 这个 那个 这些 那些 一些 哪个 哪些 什么 怎么 怎么样 怎样 如何 为什么 为何 多少 几
    谁 哪 哪里 哪儿 是否 是不是 能否 有没有 会 能 要 想 说 讲 看 认为 表示 提出 建议 觉得 谈 谈到 具体
    主要 内容 情况 身份 是谁 何人 介绍 时候 什么样 一共 总共 大概 大约 分别 究竟 到底 其中 哪家 哪所 叫
    叫做 称为 准备 打算 将要 一下子 以及 分别是 都有 有哪些 哪几 几点 当前 所谓 是什么
    """.split()
)
STOPWORDS_EN: frozenset[str] = frozenset(
    """
    a an the of in on at to for from by with about as and or but is are was were be been being do does
    did what which who whom whose when where why how much many any some this that these those it its his
    her their they them he she we you i me my our your can could would should will shall may might must
    tell say said says think thinks thought give show explain describe please know there here than then
    into over under up down out has have had not no yes so if also just only very more most propose
    proposed proposal proposals recommend recommended suggest suggested suggestion suggestions mr ms mrs
    dr china's hold holds does doing done get got make made take want wants wanted according article
    report reported
    """.split()
)

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
