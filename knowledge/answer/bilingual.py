"""English question words to the Chinese words of the facts, through CC-CEDICT read backwards.

Extracted facts are Chinese; a question in English reaches them when its words name the
Chinese ones. The reverse index is built once per snapshot and only from the words the facts
hold: each indexed Chinese word is looked up in CC-CEDICT and every English word of its short
senses ("合同" -> "contract", "每年" -> "every year") points back to it. A sense longer than a
few words describes rather than translates ("to make a pot of tea"), so it points nowhere.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from knowledge.lexicon.dictionary import Dictionary
from knowledge.text.tokenize import STOPWORDS_EN, stem

GENERAL_WEIGHT = 0.45  # share of the highest idf for a common English word no fact's words translate
SPECIFIC_WEIGHT = 1.0  # and for a word the dictionary does not know either ("GPUs"): it names something
MAX_SENSE_WORDS = 3  # "upper limit", "every year": a longer sense is an explanation
MAX_TERMS = 6  # Chinese words kept per English word, most frequent in the facts first
AMBIGUOUS = 8  # an English word that names this many of the facts' words ("use", "open") names none
MAX_TERM_CHARS = 6
_CJK_WORD = re.compile(rf"[\u3400-\u9fff]{{2,{MAX_TERM_CHARS}}}")
_SENSE_WORD = re.compile(r"[a-z]+")
# Senses' words that name no content on their own.
_SENSE_NOISE = frozenset("sb sth one's oneself etc something somebody kind type".split())
_EACH = ("every", "each", "per")
K = TypeVar("K")


@dataclass(frozen=True)
class Reverse:
    """The facts' Chinese words by the English of their CC-CEDICT senses."""

    words: dict[str, tuple[str, ...]]  # stemmed head word ("year" of "every year") -> Chinese words
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # a whole short sense, stemmed ("last year") -> words


def reverse_index(
    vocabulary: Iterable[str], dictionary: Dictionary | None, df: Callable[[str], int]
) -> Reverse:
    """Stemmed English words and phrases -> the vocabulary's Chinese words whose CC-CEDICT senses say them."""
    if dictionary is None:
        return Reverse({}, {})
    found: dict[str, list[str]] = defaultdict(list)
    phrases: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for term in vocabulary:
        if not _CJK_WORD.fullmatch(term):
            continue
        words: set[str] = set()
        said: set[tuple[str, ...]] = set()
        for sense in dictionary.senses(term, proper=False):
            for gloss in sense.split(";"):
                parts = _SENSE_WORD.findall(gloss.lower())
                content = [w for w in parts if len(w) > 2 and w not in STOPWORDS_EN and w not in _SENSE_NOISE]
                if content and len(parts) <= MAX_SENSE_WORDS:
                    words.add(stem(content[-1]))  # the head: "every year" is a year, "value chain" a chain
                    if len(parts) > 1:
                        said.update(_phrase_keys(parts))
        for word in words:
            found[word].append(term)
        for key in said:
            phrases[key].append(term)
    return Reverse(_most_used(found, df), _most_used(phrases, df))


def _phrase_keys(parts: list[str]) -> list[tuple[str, ...]]:
    """A sense's words stemmed; one said "every/each …" is also said "per …" ("every year": per year)."""
    key = tuple(stem(word) for word in parts)
    if parts[0] in _EACH:
        return [(stem(each), *key[1:]) for each in _EACH]
    return [key]


def _most_used(found: Mapping[K, list[str]], df: Callable[[str], int]) -> dict[K, tuple[str, ...]]:
    """The most used few Chinese words of each key; a key naming too many ("use", "open") names none."""
    return {
        key: tuple(sorted(terms, key=lambda t: (-df(t), t))[:MAX_TERMS])
        for key, terms in found.items()
        if len(terms) < AMBIGUOUS
    }


def chinese_alternatives(
    word: str, reverse: Mapping[str, tuple[str, ...]], synonyms: Mapping[str, tuple[str, ...]]
) -> tuple[tuple[str, ...], ...]:
    """A question word's alternatives: the glossary's synonyms first, else the word and its Chinese."""
    if word in synonyms:
        return tuple((synonym,) for synonym in synonyms[word])
    bare = word.removesuffix("'s")  # "year's": the tokenizer keeps the possessive
    if not bare.isascii() or not bare.isalpha():
        return ((word,),)
    key = stem(bare)
    if key not in reverse and key.endswith("ment"):
        key = key.removesuffix("ment")  # the stemmer keeps a short word's -ment: "payment" is to pay
    return ((word,), *((term,) for term in reverse.get(key, ())))


def unknown_weight(word: str, is_english: Callable[[str], bool]) -> float | None:
    """How much a Latin word no fact holds weighs: a common word ("fee") may be said otherwise in
    the facts, a word no dictionary sense uses names a thing the facts do not have."""
    if not word.isascii() or not word.isalpha():
        return None
    return GENERAL_WEIGHT if any(map(is_english, _forms(word))) else SPECIFIC_WEIGHT


def _forms(word: str) -> tuple[str, ...]:
    """The word and its singular: the dictionary's senses say "budget" and "deputy", not their plurals."""
    if word.endswith("ies"):
        return word, word[:-3] + "y"
    if word.endswith("es"):
        return word, word[:-1], word[:-2]
    return (word, word[:-1]) if word.endswith("s") else (word,)
