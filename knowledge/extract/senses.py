"""Which of a word's CC-CEDICT senses a summary uses, and which words a summary can leave out.

CC-CEDICT lists a word's senses in no order that suits policy news: 龙头 is "faucet" before "leader
(referring to a company)", 开放 "bloom" before "open", 重点 the verb "recount" before the noun
"important point". A sense is chosen by scoring each one: its place in the list, whether it is a
noun or a verb as jieba tags the word, a label naming this field (`english.yaml`'s `domains`:
"computing", "company", "budget"), and how common its English words are (counted over CC-CEDICT's
own senses, so "open" beats "bloom" and "leader" beats "faucet"). Adverbs, conjunctions,
pronouns, time words and the like (by jieba's tag) carry no content of a proposal and are dropped.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from knowledge.lexicon.dictionary import Dictionary, Sense
from knowledge.text.jieba_trie import default_dictionary as jieba_dictionary

# jieba's tags of words with no content of their own: adverbs (一定, 真正), conjunctions (如果),
# prepositions, particles, pronouns (自己, 各地), numerals and measure words (一批), time words
# (会期), modal particles, interjections, onomatopoeia, directions.
_FUNCTION_TAGS = ("d", "ad", "c", "p", "u", "r", "m", "q", "t", "y", "e", "o", "f", "z")
_NOUN_TAGS = ("n", "j", "vn", "an", "s")
_SMALL = frozenset("the a an of in on to for by with and or one one's oneself be as at from".split())
_MAX_LENGTH = 30


@lru_cache(maxsize=65536)
def tag(word: str) -> str:
    """jieba's part of speech of a word out of context ("n", "v", "d"), "" when it has none."""
    dictionary = jieba_dictionary()
    key_id = dictionary.trie.get(word)
    index = dictionary.tags[key_id] if key_id is not None else 0
    return dictionary.tag_names[index] if index else ""


def function_word(word: str) -> bool:
    """A word jieba tags as having no content of its own: an adverb, conjunction, pronoun, time word…"""
    found = tag(word)
    return bool(found) and (found in _FUNCTION_TAGS or found[:1] in "cpuymqe")


def _common(dictionary: Dictionary, text: str) -> float:
    """How common a sense's English words are, on average (a log of how many entries use them)."""
    words = [w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in _SMALL]
    if not words:
        return 0.0
    return sum(math.log1p(min(dictionary.english_count(w), 400)) for w in words) / len(words)


def _score(dictionary: Dictionary, sense: Sense, word_tag: str, domains: frozenset[str]) -> float:
    score = -0.6 * sense.order + 0.4 * _common(dictionary, sense.text)
    if word_tag.startswith(_NOUN_TAGS) and word_tag != "nr":
        score += -1.5 if sense.verb else 1.5
    elif word_tag.startswith("v"):
        score += 0.5 if sense.verb else 0.0
    if any(word in domains for label in sense.labels for word in re.findall(r"[a-z]+", label)):
        score += 3.0
    score -= 0.3 * max(0, len(sense.text.split()) - 2)
    return score


def choose(dictionary: Dictionary, word: str, domains: frozenset[str]) -> str | None:
    """The sense of a common word that suits a summary best ("龙头" → "leader"), if any is short."""
    senses = [s for s in dictionary.choices(word) if 0 < len(s.text) <= _MAX_LENGTH]
    if not senses:
        return None
    word_tag = tag(word)
    best = max(senses, key=lambda sense: _score(dictionary, sense, word_tag, domains)).text
    return re.sub(r"^the ", "", re.sub(r"\s+", " ", best))
