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


def _in_facts(snapshot: Snapshot, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(text) for text in snapshot.search_texts)


def unheld_english_term(snapshot: Snapshot, rest: str) -> bool:
    """True when `rest` (a define question without its cues) is a short English term no fact holds."""
    if not rest.isascii():
        return False
    words = [w for w in _LATIN.findall(rest.lower()) if w not in STOPWORDS_EN]
    if not 2 <= len(words) <= 3 or snapshot.glossary.place_mentions(rest) or snapshot.matcher.find(rest):
        return False
    glossary = snapshot.glossary
    for phrase, chinese in glossary.english_terms(rest.lower()):
        if {stem(w) for w in words} <= {stem(w) for w in phrase.split()}:
            return not _in_facts(snapshot, re.compile("|".join(map(re.escape, map(normalise, chinese)))))
    if _in_facts(snapshot, re.compile(r"\b" + r"\W+(?:\w+\W+)?".join(map(re.escape, map(stem, words))))):
        return False
    head, modifier = stem(words[-1]), words[-2]
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
    return not _in_facts(snapshot, re.compile(f"(?:{alternatives}).{{0,{MAX_GAP}}}{re.escape(shared)}"))
