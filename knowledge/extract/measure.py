"""What an extracted figure measures, in English: the noun next to it, its qualifier, per what.

The figure's clause is read around the figure: the measure noun before it (算力券总额不超过1亿元 →
"total compute vouchers"), a noun after it (不超过1亿元的算力券), a share of something
(合同金额的30% → "share of the contract"), the verb that moves it (提高至 → "raised to"), what
it is counted per (单个企业 → "per company") and a qualifier written away from the number
(最高可获1000万元 → "up to"). The words are data (`seeds/lexicon/english.yaml`, the glossary);
a clause whose measure none of them names keeps its content words as English terms instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.extract.senses import choose, function_word
from knowledge.lexicon.dictionary import Dictionary
from knowledge.lexicon.lexicons import English, lexicon
from knowledge.text.forms import to_simplified
from knowledge.text.jieba_trie import CompactTokenizer
from knowledge.text.tokenize import STOPWORDS_ZH

QUALIFIERS = (
    ("不超过", "up to"),
    ("最高", "up to"),
    ("最多", "up to"),
    ("不少于", "at least"),
    ("不低于", "at least"),
    ("至少", "at least"),
    ("超过", "more than"),
    ("突破", "more than"),
    ("逾", "more than"),
    ("接近", "nearly"),
    ("近", "nearly"),
    ("约", "about"),
    ("不足", "under"),
    ("低于", "below"),
    ("高于", "above"),
)
_AFTER = (("以上", "or more"), ("以内", "within"), ("内", "within"), ("左右", "about"), ("以下", "up to"))
_PER = re.compile(r"(?:单个|单家|单笔|单项|单位|每个|每家|每笔|每项|每位|每)(?!年|月|季|天|日|次|周)")
_BOUNDARY = re.compile(r"[\s,，、；;：:。（）()《》]")
COUNTS = frozenset("家 个 名 位 人 所 款 座 台".split())
_TIME = frozenset("每年 今年 年内 当年 目前 已 已经 将 还".split())  # between a subject and its verb
_RUNS_ON = ("for", "to", "by", "of")


@lru_cache(maxsize=1)
def tokenizer() -> CompactTokenizer:
    cut = CompactTokenizer()
    cut.initialize()
    return cut


@dataclass
class Words:
    """English for Chinese words: the lexicon's terms, the glossary's phrases, places, CC-CEDICT."""

    phrases: Mapping[str, str]  # glossary term -> its shortest English phrase
    places: Mapping[str, str]
    dictionary: Dictionary | None
    data: English = field(default_factory=lambda: lexicon().english)

    def known(self, word: str) -> str | None:
        """English from the lexicon or the glossary only (no dictionary guess)."""
        return self.data.terms.get(word) or self.phrases.get(word) or self.places.get(word)

    def english(self, word: str) -> str | None:
        found = self.known(word)
        if found is None and word in self.data.measures:
            found = self.data.measures[word].replace("{}", "").strip()
        if found is None and self.dictionary is not None:
            found = choose(self.dictionary, word, self.data.domains)
        return found

    def cut(self, text: str) -> list[str]:
        """Words of a run of Chinese: the longest lexicon or glossary entry first, jieba for the rest."""
        entries = (
            self.data.measures.keys() | self.data.verbs.keys() | self.data.terms.keys() | self.phrases.keys()
        )
        longest = max(map(len, entries), default=2)
        words: list[str] = []
        pending = ""
        i = 0
        while i < len(text):
            for size in range(min(longest, len(text) - i), 1, -1):
                if text[i : i + size] in entries:
                    words += tokenizer().lcut(pending, HMM=False) if pending else []
                    pending = ""
                    words.append(text[i : i + size])
                    i += size
                    break
            else:
                pending += text[i]
                i += 1
        return words + (tokenizer().lcut(pending, HMM=False) if pending else [])

    def content(self, word: str) -> bool:
        return (
            len(word) >= 2
            and word not in STOPWORDS_ZH
            and word not in self.data.quiet
            and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word))
        )

    def carries(self, word: str) -> bool:
        """A content word with English of its own, or one whose part of speech has content (not an
        adverb, pronoun, conjunction or time word: 一定, 自己, 如果, 会期)."""
        return self.content(word) and (self.known(word) is not None or not function_word(word))


def capitals(text: str, upper: frozenset[str]) -> str:
    return " ".join(word.upper() if word in upper else word for word in text.split(" "))


@dataclass
class Measured:
    measure: str = ""  # "total compute vouchers", "annual cap", "share of the contract"
    verb: str = ""  # "allocated", "raised to"
    per: str = ""  # "per company"
    qualifier: str = ""  # "up to"
    terms: list[str] = field(default_factory=list)  # content words when no measure is named
    counted: str = ""  # what a bare count counts: 100个“人工智能+”示范应用场景

    def phrase(self) -> str:
        """The measure and its verb: "total compute vouchers allocated"."""
        return " ".join(part for part in (self.measure, self.verb) if part)

    def joiner(self) -> str:
        """ ": " between the measure and the amount, or a space after "valid for" / "raised to"."""
        return " " if self.phrase().rsplit(" ", 1)[-1] in _RUNS_ON else ": "


def locate(clause: str, written: str, value: str) -> tuple[int, int] | None:
    """Where the figure is in its clause."""
    for text in (written.replace(" ", ""), written, value):
        start = clause.find(text) if text else -1
        if start >= 0:
            return start, start + len(text)
    number = re.match(r"\d+(?:\.\d+)?", value)
    if number:
        found = re.search(rf"(?<![\d.]){re.escape(number.group(0))}", clause)
        if found:
            return found.start(), found.end()
    return None


def _last_part(text: str) -> str:
    parts = _BOUNDARY.split(text)
    return parts[-1] if parts else ""


def _first_part(text: str) -> str:
    return _BOUNDARY.split(text, maxsplit=1)[0]


def _modifiers(words: Words, before: list[str]) -> list[str]:
    """The words right before a measure noun that have English of their own (算力券 in 算力券总额)."""
    found: list[str] = []
    if before[-1:] == ["的"]:
        before = before[:-1]  # 中文语料的占比: the share of Chinese corpora
    for word in reversed(before):
        if word in _TIME:
            continue
        english = words.known(word)
        if english is None or word in words.data.verbs:
            break
        found.insert(0, english)
    return found


def _fill(template: str, modifiers: list[str]) -> str:
    """The measure with its modifiers: "total {}" + compute vouchers, "{} cap" + compute voucher."""
    if modifiers and not template.endswith("{}") and template.rsplit(" ", 1)[-1] not in _RUNS_ON:
        modifiers = [*modifiers[:-1], singular(modifiers[-1])]  # a noun before a noun is singular
    return re.sub(r"\s+", " ", template.replace("{}", " ".join(modifiers))).strip()


def _measure_at(words: Words, tokens: list[str]) -> tuple[str, list[str]] | None:
    """The template of the measure noun closest before the figure (only quiet words and verbs
    between them) and the English of its modifiers."""
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k] in words.data.measures:
            return words.data.measures[tokens[k]], _modifiers(words, tokens[:k])
        if words.content(tokens[k]) and tokens[k] not in words.data.verbs:
            return None
    return None


def singular(english: str) -> str:
    if english.endswith("ies"):
        return english[:-3] + "y"
    plural = english.endswith("s") and not english.endswith(("ss", "is", "us", "news"))
    return english[:-1] if plural else english


def _measure_in(words: Words, tokens: list[str]) -> str:
    found = _measure_at(words, tokens)
    return _fill(*found) if found else ""


def _noun_phrase(words: Words, tokens: list[str]) -> str:
    """English of the content words of a noun phrase after 的 (的算力券 → "compute vouchers")."""
    measure = _measure_in(words, tokens)
    if measure:
        return measure
    english = [words.english(t) for t in tokens if words.content(t) and t not in words.data.verbs]
    return " ".join(dict.fromkeys(e for e in english if e))


def measured(
    clause: str, written: str, value: str, unit: str, words: Words, *, skip: tuple[str, ...] = ()
) -> Measured:
    """What the figure `written` in `clause` measures, said in English."""
    simple = to_simplified(clause)
    for name in skip:
        simple = simple.replace(name, " ")
    span = locate(simple, to_simplified(written), value)
    left, right = (simple[: span[0]], simple[span[1] :]) if span else (simple, "")
    left, right = _last_part(left), _first_part(right)
    result = Measured(qualifier=_qualifier(written, left))
    per = _PER.search(left)
    if per:
        per_words = words.cut(left[per.end() :])
        noun = next((w for w in per_words if words.content(w) and words.english(w)), None)
        if noun:
            result.per = f"per {singular(str(words.english(noun)))}"
            left = left[: per.start()] + " " + left[per.end() :].replace(noun, " ", 1)
    tokens = [t for part in left.split() for t in words.cut(part)]
    verbs = [t for t in tokens if t in words.data.verbs]
    result.verb = words.data.verbs[verbs[-1]] if verbs else ""
    after = [t for t in words.cut(right) if t.strip() and t not in words.data.quiet]
    noun_after = _noun_phrase(words, words.cut(right[1:])) if right.startswith("的") else ""
    found = _measure_at(words, tokens)
    nouns = _modifiers(words, [t for t in tokens if t not in words.data.quiet])
    if unit in ("%", "％") and left.endswith("的"):
        result.measure, result.verb = _share(words, tokens[:-1]), ""
    elif found:
        template, modifiers = found
        result.measure = _fill(template, modifiers or ([noun_after] if noun_after else []))
    elif noun_after:
        result.measure = noun_after
    elif after[:1] and after[0] in words.data.measures:  # 12个月内有效: what is valid is named before
        subject = [str(words.known(t)) for t in tokens if words.known(t) and t not in words.data.verbs]
        result.measure, result.verb = _fill(words.data.measures[after[0]], subject), ""
    elif unit in COUNTS and nouns:  # 人工智能企业超过2600家: what is counted
        result.measure = " ".join(nouns)
    elif verbs and _modifiers(words, tokens[: tokens.index(verbs[-1])]):
        result.measure = " ".join(_modifiers(words, tokens[: tokens.index(verbs[-1])]))
    elif unit.endswith("元") and result.qualifier in ("up to", "at least"):
        result.measure = "cap" if result.qualifier == "up to" else "minimum"
        result.qualifier = result.verb = ""
    if not result.measure and unit in COUNTS and after and not right.startswith("的"):
        counted: list[str] = []
        for word in after:  # the noun phrase right after the count, up to the first unknown word
            if not re.search(r"[\u4e00-\u9fff]", word):
                continue  # 100个“人工智能+”示范应用场景
            noun = words.known(word) if word not in words.data.verbs else None
            if noun is None:
                break
            counted.append(noun)
        result.counted = " ".join(dict.fromkeys(counted))
    if not result.measure and not result.counted:
        glosses = (words.english(t) for t in tokens + after if words.carries(t) and t not in words.data.verbs)
        result.terms = list(dict.fromkeys(e for e in glosses if e))[:6]
    upper = words.data.upper
    result.measure = capitals(result.measure, upper)
    result.counted = capitals(result.counted, upper)
    result.terms = [capitals(term, upper) for term in result.terms]
    return result


def _share(words: Words, tokens: list[str]) -> str:
    """X的30%: a share of X; a measure named before X (申领额度按…) is what the share sets."""
    whole: list[str] = []
    k = len(tokens)
    while k > 0 and words.content(tokens[k - 1]) and tokens[k - 1] not in words.data.verbs:
        k -= 1
        whole.insert(0, tokens[k])
    while whole and words.data.measures.get(whole[-1], "").endswith("amount"):
        whole.pop()  # 合同金额的30%: a share of the contract
    english = " ".join(e for e in (words.english(t) for t in whole) if e)
    subject = _measure_in(words, tokens[:k])
    share = f"share of the {english}" if english else "share"
    return f"{subject} as a {share}" if subject else share


def _qualifier(written: str, left: str) -> str:
    simple = to_simplified(written)
    for zh, en in QUALIFIERS:
        if simple.startswith(zh):
            return en
    for zh, en in _AFTER:
        if simple.endswith(zh):
            return en
    tail = re.sub(r"(?:将|可|能|已|还)?(?:获得|可获|获|为|是|达到|达)$", "", left)[-5:]
    for zh, en in QUALIFIERS:
        if tail.endswith(zh) or tail.endswith(zh + "可"):
            return en
    return ""
