"""English summaries of extracted facts, built from the fact's fields.

Who (pinyin and Chinese), the figure in English (1亿元 → 100 million yuan, 1.2万PFLOPS → 12,000
PFLOPS), the place in English, the period, and what is measured or said as English terms: the
glossary's term where it has one (算力券 → compute voucher), else the CC-CEDICT sense that suits
(`knowledge.extract.senses`). What someone said or proposed is told clause by clause
(`knowledge.extract.gist`). No machine translation: the terms are the sentence's content words, in
order, so an English question finds the fact by them and a reader sees what it is about; the
quote is beside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from knowledge.extract.amounts import figure_in_english
from knowledge.extract.gist import FILLER, said_in_english
from knowledge.extract.measure import Words, capitals, singular
from knowledge.extract.names import _title_en, pinyin_name
from knowledge.facts import ArticleRecord, FactRecord, PersonRecord
from knowledge.lexicon.dictionary import Dictionary, default_dictionary
from knowledge.lexicon.glossary import Glossary
from knowledge.lexicon.lexicons import lexicon
from knowledge.text.forms import to_simplified
from knowledge.text.jieba_trie import CompactTokenizer

MAX_TERMS = 10
# Where what someone says begins: after the speech verb.
_SPEECH = re.compile(r"(?:建议|提出|呼吁|认为|表示|指出|强调|介绍|说|称|看来)[,，:：]?")
_KIND_VERB = {"proposal": "proposed", "statement": "said"}


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
    rest is cut by jieba and each word given the CC-CEDICT sense `senses.choose` picks. Words that say nothing
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
            if not words.carries(word) or word in FILLER:
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
    figure = figure_in_english(
        str(details.get("measure") or fact.summary_zh),
        value=value,
        unit=unit,
        written=written,
        period=str(details.get("period") or ""),
        currency=str(details.get("currency") or "") or None,
        words=words,
        names=names,
    )
    text = f"{head} — " if figure.phrase else f"{head}: "
    text += figure.text(written)
    if figure.terms:
        text += " — " + ", ".join(figure.terms)
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
    roles: Mapping[str, str] | None = None,
) -> str:
    """A fact's English summary from its kind, people (with their role in the article), place,
    figure, period, document and terms."""
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
        gist = said_in_english(said, words, skip=names)
        subject = who or str(details.get("speaker") or "The article")
        role = (
            next((roles[p] for p in fact.people if roles and p in roles), "") if len(fact.people) == 1 else ""
        )
        subject += f", {role}," if role else ""
        text = f"{subject} {_KIND_VERB[fact.kind]}" + (f" ({when})" if when else "")
        text += f": {gist}" if gist else ""
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
    roles = {
        fact.people[0]: str(fact.details["title_en"])
        for fact in facts
        if fact.kind == "role" and len(fact.people) == 1 and fact.details.get("title_en")
    }
    return [
        replace(
            fact,
            summary_en=english_summary(
                fact, article, people=people, glossary=glossary, dictionary=dictionary, roles=roles
            ),
        )
        for fact in facts
    ]
