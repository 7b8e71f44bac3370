"""The gist of what someone said or proposed, in English, clause by clause.

No machine translation: each clause keeps its content words in their order, in English (the
lexicon's terms, the glossary's phrases, else the CC-CEDICT sense `knowledge.extract.senses`
picks), words that only join or qualify left out. Nouns written together stay together as one
English noun phrase (行业数据集 → "industry datasets", 中小企业 → "small and medium enterprises");
the other terms of a clause are set apart by commas and the clauses by semicolons. A figure in a
clause is said as figures are (给予30%的补助 → "30% subsidy"; 每年上限200万元 → "annual cap:
2 million yuan"). A word with no reliable English is left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.extract.amounts import figure_in_english
from knowledge.extract.figures import FIGURE_RE
from knowledge.extract.measure import Words, capitals, singular
from knowledge.extract.senses import tag
from knowledge.lexicon.lexicons import lexicon
from knowledge.text.forms import to_simplified

MAX_TERMS = 16
_CLAUSE = re.compile(r"[,，;；。!！?？:：]+")
_QUOTES = re.compile(r"[「」『』“”\"'‘’《》()（）]")
_NOUN_TAGS = ("n", "nz", "ng", "j")
_MAX_PHRASE = 3  # English terms in one noun phrase: longer runs are jieba's tags gone astray
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
# Discourse words that say nothing of what a statement is about.
FILLER = frozenset(
    "目前 其中 今年 去年 明年 当前 已经 进行 相关 有关 方面 表示 认为 指出 介绍 强调 建议 提出 称".split()
)


@dataclass
class _Said:
    """The terms said so far, and the English words they used (to say nothing twice)."""

    clauses: list[list[str]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    count: int = 0

    def add(self, english: str) -> bool:
        said = {singular(w) for w in english.lower().split()}
        if said <= self.words or self.count >= MAX_TERMS:
            return False
        self.clauses[-1].append(english)
        self.words |= said
        self.count += 1
        return True


def _nounish(word: str, words: Words, *, first: bool = False) -> bool:
    """A noun (行业, 数据集, 中小企业), or an adjective that begins a noun phrase, not a verb."""
    if word in words.data.verbs:
        return False
    if word in words.data.measures:
        return True  # 补助, 上限, 额度
    found = tag(word)
    if not found:  # not in jieba's dictionary: a noun if CC-CEDICT has one (数据集 "dataset")
        senses = words.dictionary.choices(word) if words.dictionary is not None else []
        return any(not sense.verb for sense in senses)
    return found in _NOUN_TAGS or (first and found == "a")


def _figure(clause: str, match: re.Match[str], words: Words, skip: tuple[str, ...]) -> tuple[str, str]:
    """The figure's amount in English, and with what it measures when the clause names that."""
    value = match.group("num") + (match.group("mult") or "") + (match.group("mid") or "")
    unit = match.group("unit")
    before = clause[: match.start()]
    currency = next((c for c in lexicon().currencies if before.endswith(c)), None)
    figure = figure_in_english(
        clause,
        value=value,
        unit=unit,
        written=(currency or "") + match.group(0),
        period="每年" if "每年" in clause else "",
        currency=currency,
        words=words,
        names=skip,
    )
    return figure.amount, figure.text() if figure.phrase else ""


def _clause(clause: str, words: Words, said: _Said, skip: tuple[str, ...]) -> None:
    """The clause's terms, in order, nouns written together joined into one phrase."""
    said.clauses.append([])
    figures = [m for m in FIGURE_RE.finditer(clause) if not _YEAR.match(m.group("num"))]
    # A clause that ends on its figure is said as a figure is: "annual cap: 2 million yuan".
    measured = bool(figures) and not any(
        words.carries(w) for w in words.cut(_QUOTES.sub(" ", clause[figures[-1].end() :]))
    )
    pieces: list[tuple[str, str]] = []  # ("figure" or "measured", English) or ("text", Chinese)
    last = 0
    for match in figures:
        pieces.append(("text", clause[last : match.start()]))
        amount, named = _figure(clause, match, words, skip)
        pieces.append(("measured", named) if measured and named else ("figure", amount))
        last = match.end()
    pieces.append(("text", clause[last:]))
    phrase: list[str] = []  # English of the nouns written together so far
    for kind, piece in pieces:
        if kind != "text":
            if kind == "measured":  # "annual cap: 2 million yuan per company" says the clause
                said.clauses[-1].clear()
                said.add(piece)
                return
            _flush(phrase, said)
            phrase = [piece]
            continue
        for part in _QUOTES.sub(" ", piece).split():
            for word in words.cut(part):
                english = words.english(word) if words.carries(word) and word not in FILLER else None
                if english is None:
                    if not (word == "的" and phrase and phrase[-1][:1].isdigit()):  # 30%的补助
                        _flush(phrase, said)
                        phrase = []
                    continue
                english = capitals(english, words.data.upper)
                if phrase and len(phrase) < _MAX_PHRASE and _nounish(word, words):
                    phrase.append(english)
                    continue
                _flush(phrase, said)
                phrase = [english] if _nounish(word, words, first=True) else []
                if not phrase:
                    said.add(english)
    _flush(phrase, said)


def _flush(phrase: list[str], said: _Said) -> None:
    if phrase:
        seen: list[str] = []
        for english in phrase:  # "compute" after "compute vouchers" says nothing new
            if not {singular(w) for w in english.lower().split()} <= {
                singular(w) for s in seen for w in s.lower().split()
            }:
                seen.append(english)
        said.add(" ".join(seen))
        phrase.clear()


def said_in_english(text: str, words: Words, *, skip: tuple[str, ...] = ()) -> str:
    """ "industry leading companies, lead; shipping, petrochemicals, key industries, build, …"."""
    simple = to_simplified(text)
    for name in skip:
        simple = simple.replace(name, " ")
    said = _Said()
    for clause in _CLAUSE.split(simple):
        if clause.strip() and said.count < MAX_TERMS:
            _clause(clause, words, said, skip)
    return "; ".join(", ".join(terms) for terms in said.clauses if terms)
