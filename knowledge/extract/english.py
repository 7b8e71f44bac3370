"""English summaries of extracted facts, built from the fact's fields.

Who (pinyin and Chinese), the figure in English (1亿元 → 100 million yuan, 1.2万PFLOPS → 12,000
PFLOPS), the place in English, the period, and what is measured or said as English terms: the
glossary's term where it has one (算力券 → compute voucher), else CC-CEDICT's first short sense.
No machine translation: the terms are the sentence's content words, in order, so an English
question finds the fact by them and a reader sees what it is about; the quote is beside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from knowledge.extract.measure import COUNTS, Words, capitals, measured, singular
from knowledge.extract.names import _title_en, pinyin_name
from knowledge.facts import ArticleRecord, FactRecord, PersonRecord
from knowledge.lexicon.dictionary import Dictionary, default_dictionary
from knowledge.lexicon.glossary import Glossary
from knowledge.lexicon.lexicons import lexicon
from knowledge.text.forms import to_simplified
from knowledge.text.jieba_trie import CompactTokenizer

MAX_TERMS = 10
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<mult>[十百千万萬亿億]*)(?P<rest>.*)$")
_UNITS = {
    "元": "yuan",
    "%": "%",
    "％": "%",
    "个百分点": "percentage points",
    "PFLOPS": "PFLOPS",
    "EFLOPS": "EFLOPS",
    "个月": "months",
    "年": "years",
    "天": "days",
    "个工作日": "working days",
    "家": "companies",
    "项": "items",
    "條": "articles",
    "条": "articles",
    "份": "proposals",
    "个": "",
    "架": "racks",
    "位": "people",
    "名": "people",
    "人": "people",
    "台": "units",
}
_QUALIFIERS = (
    ("不超过", "up to"),
    ("最高", "up to"),
    ("不少于", "at least"),
    ("不低于", "at least"),
    ("至少", "at least"),
    ("超过", "more than"),
    ("突破", "more than"),
    ("接近", "nearly"),
    ("近", "nearly"),
    ("约", "about"),
)
# Time and discourse words that say nothing of what a fact is about.
_FILLER = frozenset(
    "目前 其中 今年 去年 明年 当前 已经 进行 相关 有关 方面 表示 认为 指出 介绍 强调 建议 提出 称".split()
)
# Where what someone says begins: after the speech verb.
_SPEECH = re.compile(r"(?:建议|提出|呼吁|认为|表示|指出|强调|介绍|说|称|看来)[,，:：]?")
_KIND_VERB = {"proposal": "proposed", "statement": "said"}


def number_english(value: float) -> str:
    """12000 → "12,000"; 2e6 → "2 million"; 1e8 → "100 million"; 1e13 → "10 trillion"."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            scaled = value / size
            return f"{scaled:,.10g} {word}"
    return f"{value:,.10g}"


def figure_english(value: str, unit: str, currency: str | None = None) -> str | None:
    """A figure's value and unit in English: ("200", "万元") → "2 million yuan"; ("30", "%") → "30%";
    with the currency written before it ("新台币"), "2 million New Taiwan dollars"."""
    match = _NUMBER.match(value.replace(",", "").strip())
    if not match:
        return None
    amount = float(match.group("num"))
    for char in match.group("mult"):
        amount *= _MULTIPLIERS[char]
    rest = match.group("rest")  # 40余 → "more than 40"
    unit_core = unit
    while unit_core[:1] in _MULTIPLIERS:  # 万元, 亿元
        amount *= _MULTIPLIERS[unit_core[0]]
        unit_core = unit_core[1:]
    unit_core = unit_core.split("/")[0]
    english_unit = _UNITS.get(unit_core, _UNITS.get(to_simplified(unit_core), unit_core))
    if currency and english_unit == "yuan":
        english_unit = lexicon().currencies.get(currency, english_unit)
    shown = number_english(amount)
    text = f"{shown}%" if english_unit == "%" else f"{shown} {english_unit}".strip()
    if rest.startswith(("余", "多")):
        text = f"more than {text}"
    return text


def period_english(period: str) -> str:
    """每年 → "per year"; 2025年底 → "by the end of 2025"; 自2025年起每年 → "per year from 2025"."""
    simple = to_simplified(period)
    years = re.findall(r"(?:19|20)\d{2}", simple)
    parts: list[str] = []
    if "每年" in simple or "年度" in simple:
        parts.append("per year")
    if years:
        year = years[0]
        if "年底" in simple or "年末" in simple:
            parts.append(f"by the end of {year}")
        elif re.search(r"[自从]\s*(?:19|20)\d{2}年?起", simple):
            parts.append(f"from {year}")
        elif re.search(r"[到至]\s*(?:19|20)\d{2}", simple) or "前" in simple:
            parts.append(f"by {year}")
        else:
            parts.append(f"in {year}")
    elif not parts and re.search(r"\d", simple):
        parts.append(simple)
    return " ".join(parts)


@lru_cache(maxsize=1)
def _tokenizer() -> CompactTokenizer:
    tokenizer = CompactTokenizer()
    tokenizer.initialize()
    return tokenizer


def english_terms(
    text: str, glossary: Glossary, dictionary: Dictionary | None, *, skip: tuple[str, ...] = ()
) -> list[str]:
    """The content words of Chinese text as English terms, in order, each once (names in `skip` left out).

    The lexicon's and the glossary's terms are found first, whole (算力券 → compute vouchers); the
    rest is cut by jieba and each word given CC-CEDICT's first short sense. Words that say nothing
    in a summary (qualifiers, copulas, generic verbs: `english.yaml`'s quiet list) are left out, and
    so is a term whose words an earlier one already says ("compute" after "compute vouchers").
    """
    words = Words(_reverse_terms(glossary), glossary.region_en, dictionary)
    simple = to_simplified(text)
    for name in skip:
        simple = simple.replace(name, " ")
    terms: list[str] = []
    said: set[str] = set()
    for part in simple.split():
        for word in words.cut(part):
            if not words.content(word) or word in _FILLER:
                continue
            english = words.english(word)
            if not english or len(terms) >= MAX_TERMS:
                continue
            english = capitals(english, words.data.upper)
            if {singular(w) for w in english.lower().split()} <= said:
                continue
            terms.append(english)
            said |= {singular(w) for w in english.lower().split()}
    return terms


_REVERSE: dict[int, dict[str, str]] = {}


def _reverse_terms(glossary: Glossary) -> dict[str, str]:
    """Chinese term -> the glossary's shortest English phrase for it."""
    cached = _REVERSE.get(id(glossary))
    if cached is None:
        cached = {}
        quiet = lexicon().english.quiet  # 最高 is "up to" to an asker, and no word of a summary
        for phrase, terms in sorted(glossary.terms.items(), key=lambda item: (len(item[0]), item[0])):
            for term in terms:
                if term not in quiet:
                    cached.setdefault(term, phrase)
        _REVERSE.clear()
        _REVERSE[id(glossary)] = cached
    return cached


def _place(fact: FactRecord, glossary: Glossary) -> str:
    return ", ".join(f"{glossary.region_en.get(r, r)} ({r})" for r in fact.regions)


def _who(fact: FactRecord, people: Mapping[str, PersonRecord]) -> str:
    names = []
    for person_id in fact.people:
        person = people.get(person_id)
        if person is not None:
            names.append(f"{person.name_en or pinyin_name(person.name)} ({person.name})")
    return " and ".join(names)


def _figure_summary(
    fact: FactRecord, *, head: str, who: str, when: str, words: Words, names: tuple[str, ...]
) -> str:
    """ "Qingyang (庆阳) — total compute vouchers allocated: up to 100 million yuan (不超过1亿元)…"."""
    details = fact.details
    value, unit = str(details.get("value", "")), str(details.get("unit", ""))
    written = str(details.get("as_written") or f"{value}{unit}")
    clause = str(details.get("measure") or fact.summary_zh)
    what = measured(clause, written, value, unit, words, skip=names)
    currency = str(details.get("currency") or "") or None
    amount = figure_english(value, unit, currency) or written
    phrase = what.phrase()
    number, _, unit_word = amount.rpartition(" ")
    if number and unit_word.isalpha():
        named = {singular(word) for word in phrase.split()}
        if singular(unit_word) in named or (phrase and unit in COUNTS):
            amount = number  # "number of companies: more than 4,500", not "… 4,500 companies"
        elif what.counted and singular(what.counted) != singular(unit_word):
            amount = f"{amount} {what.counted}"
    elif what.counted:
        amount = f"{amount} {what.counted}"  # 100 AI demonstration application scenarios
    qualifier = what.qualifier
    if qualifier == "within" and what.joiner() == " ":
        qualifier = ""  # valid for 12 months
    if qualifier == "or more":
        amount = f"{amount} or more"
    elif qualifier and not amount.startswith(qualifier):
        amount = f"{qualifier} {amount}"
    period = period_english(str(details.get("period") or ""))
    if phrase == "cap" and period.startswith("per year"):
        phrase, period = "annual cap", period.removeprefix("per year").strip()
    text = f"{head} — {phrase}{what.joiner()}" if phrase else f"{head}: "
    text += f"{amount} ({written})"
    text += "".join(f" {part}" for part in (what.per, period) if part)
    if what.terms:
        text += " — " + ", ".join(what.terms)
    if who and head != who:
        text += f"; according to {who}"
    return text + (f" (stated {when})." if when else ".")


def english_summary(
    fact: FactRecord,
    article: ArticleRecord,
    *,
    people: Mapping[str, PersonRecord],
    glossary: Glossary,
    dictionary: Dictionary | None,
) -> str:
    """A fact's English summary from its kind, people, place, figure, period, document and terms."""
    details = fact.details
    words = Words(_reverse_terms(glossary), glossary.region_en, dictionary)
    who = _who(fact, people)
    names = tuple(people[p].name for p in fact.people if p in people) + tuple(fact.regions)
    place = _place(fact, glossary)
    when = article.published[:4] if article.published else ""
    if fact.kind == "figure":
        return _figure_summary(
            fact, head=place or who or "Figure", who=who, when=when, words=words, names=names
        )
    if fact.kind == "role":
        title = str(details.get("title_zh") or fact.summary_zh)
        title_en = str(details.get("title_en") or "") or _title_en(title)
        terms = english_terms(title, glossary, dictionary)
        role = title_en or ", ".join(terms)
        return f"{who or 'A person'} is {role} ({title})" + (f", {place}" if place else "") + "."
    if fact.kind in _KIND_VERB:
        said = to_simplified(fact.summary_zh)
        verb = _SPEECH.search(said)
        if verb and verb.end() < len(said) - 4:
            said = said[verb.end() :]
        terms = english_terms(said, glossary, dictionary, skip=names)
        subject = who or str(details.get("speaker") or "The article")
        text = f"{subject} {_KIND_VERB[fact.kind]}" + (f" ({when})" if when else "")
        text += ": " + ", ".join(terms) if terms else ""
        return text + (f" — on {place}" if place else "") + "."
    if fact.kind == "policy":
        document = str(details.get("document") or "")
        terms = english_terms(document or fact.summary_zh, glossary, dictionary)
        issuer = str(details.get("issuer") or "")
        text = f"Policy document 《{document}》" if document else "Policy"
        if terms:
            text += f" ({', '.join(terms)})"
        if issuer:
            text += f", issued by {issuer} ({', '.join(english_terms(issuer, glossary, dictionary))})"
        if place:
            text += f"; {place}"
        date = str(details.get("date") or when)
        return text + (f"; {date}." if date else ".")
    terms = english_terms(fact.summary_zh, glossary, dictionary)
    date = str(details.get("date") or when)
    head = f"{date}: " if date else ""
    return f"{head}{', '.join(terms) or fact.kind}" + (f" — {place}" if place else "") + "."


def with_english(
    facts: list[FactRecord],
    article: ArticleRecord,
    *,
    people: Mapping[str, PersonRecord],
    glossary: Glossary,
) -> list[FactRecord]:
    """The facts with English summaries built from their fields."""
    dictionary = default_dictionary()
    return [
        replace(
            fact,
            summary_en=english_summary(
                fact, article, people=people, glossary=glossary, dictionary=dictionary
            ),
        )
        for fact in facts
    ]
