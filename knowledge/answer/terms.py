"""Whether an English term asked to be defined is one the facts hold, read as a whole.

"What is a data voucher?" shares "data" and "voucher" with many facts on compute vouchers, but no
fact is about a data voucher: a definition is only given for a term the facts hold whole. A
term of two or three content words is held
- when it is a glossary phrase whose Chinese some fact writes ("corpus voucher": 语料券);
- else when a fact writes it in English;
- else, when the glossary knows other compounds of its head ("compute voucher": 算力券, "training
  voucher": 训力券), when its modifier's Chinese stands right before the Chinese those share (券);
- and a term whose head forms no compound the glossary knows is not judged here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from knowledge.answer.search import IntArray
from knowledge.answer.snapshot import Snapshot
from knowledge.text.forms import normalise
from knowledge.text.tokenize import STOPWORDS_EN, stem

MAX_GAP = 2  # characters allowed between the modifier's Chinese and the head's
_LATIN = re.compile(r"[a-z][a-z'-]*")


def _common_suffix(words: list[str]) -> str:
    shared = words[0] if words else ""
    for word in words[1:]:
        while shared and not word.endswith(shared):
            shared = shared[1:]
    return shared


def _holding_all(snapshot: Snapshot, tokens: list[str]) -> IntArray:
    """Positions of the facts whose index holds every token."""
    held = snapshot.index.postings(tokens[0])
    for token in tokens[1:]:
        held = np.intersect1d(held, snapshot.index.postings(token), assume_unique=True)
    return held


def _in_facts(snapshot: Snapshot, pattern: re.Pattern[str], positions: Iterable[int]) -> bool:
    return any(pattern.search(snapshot.search_texts[i]) for i in positions)


def unheld_english_term(snapshot: Snapshot, rest: str) -> bool:
    """True when `rest` (a define question without its cues) is a short English term no fact holds.

    Only facts the index says hold the words are read, so a 100,000-fact table costs what a small one does.
    """
    if not rest.isascii():
        return False
    words = [w for w in _LATIN.findall(rest.lower()) if w not in STOPWORDS_EN]
    if not 2 <= len(words) <= 3 or snapshot.glossary.place_mentions(rest) or snapshot.matcher.find(rest):
        return False
    glossary, index = snapshot.glossary, snapshot.index
    stems = [stem(w) for w in words]
    for phrase, chinese in glossary.english_terms(rest.lower()):
        if set(stems) <= {stem(w) for w in phrase.split()}:
            return not any(index.knows(normalise(term)) for term in chinese)  # glossary terms are index words
    written = re.compile(r"\b" + r"\W+(?:\w+\W+)?".join(map(re.escape, stems)))
    if _in_facts(snapshot, written, _holding_all(snapshot, stems)):
        return False
    head, modifier = stems[-1], words[-2]
    siblings = [
        chinese
        for phrase, terms in glossary.terms.items()
        if len(phrase.split()) >= 2 and stem(phrase.split()[-1]) == head
        for chinese in terms
    ]
    shared = _common_suffix(siblings)
    if not siblings or not shared:
        return False
    modifiers = set(snapshot.lexicon.chinese.get(stem(modifier), ())) | set(glossary.terms.get(modifier, ()))
    if not modifiers:
        return True
    alternatives = "|".join(re.escape(normalise(m)) for m in modifiers)
    pattern = re.compile(f"(?:{alternatives}).{{0,{MAX_GAP}}}{re.escape(shared)}")
    candidates = {int(i) for m in modifiers for i in index.postings(normalise(m))}
    return not _in_facts(snapshot, pattern, sorted(candidates))
