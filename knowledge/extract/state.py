"""What the extractor remembers while reading an article, and how a fact record is built from a sentence."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from knowledge.extract.names import _pinyin_words
from knowledge.extract.regions import subject_places
from knowledge.extract.sentences import _CLAUSE_SPLIT, Sentence
from knowledge.facts import ArticleRecord, FactRecord, Kind, PersonRecord, Status
from knowledge.lexicon.glossary import Glossary
from knowledge.text.forms import to_simplified


@dataclass
class _Person:
    id: str
    name: str
    title: str | None = None


@dataclass
class _State:
    """What the extractor remembers while reading an article from top to bottom."""

    article: ArticleRecord
    glossary: Glossary
    known: dict[str, str]  # simplified name or alias -> person id
    people: Mapping[str, PersonRecord]
    new_people: dict[str, PersonRecord] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # person id -> first title seen
    aliases: dict[str, str] = field(default_factory=dict)  # 《措施》 -> full document title
    full_text_of: str | None = None  # the document whose full text follows ("《X》全文如下:")
    last_person: _Person | None = None
    last_speaker: _Person | None = None
    facts: dict[str, FactRecord] = field(default_factory=dict)
    roles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # person id -> [(title, fact id)]
    places: list[str] = field(default_factory=list)  # the article's own place (title, issuer, dateline)
    person_places: dict[str, list[str]] = field(default_factory=dict)  # person id -> place of their title
    named: set[str] = field(default_factory=set)  # names met so far, for 方代表 to refer back to
    proposing: bool = False  # the last sentence proposed: 二是…, 同时，要… go on with it
    # an interview's answer ("谷海川：我建议…"): its paragraph, who answers and whether they propose;
    # the answer's next sentences are theirs too
    answering: tuple[int, _Person, bool] | None = None


# ---------------------------------------------------------------------------
# Helpers


def _fact_id(article_id: str, kind: str, quote: str, value: str) -> str:
    digest = hashlib.sha1((quote + kind + value).encode("utf-8")).hexdigest()[:8]
    return f"x-{article_id[:8]}-{kind}-{digest}"


def _trim(text: str, limit: int = 80) -> str:
    text = text.strip(" ，,；;：:。")
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ，,；;：:、") + "…"


def _outlet_en(article: ArticleRecord) -> str:
    if not article.outlet:
        return "the article"
    if article.outlet.isascii():
        return article.outlet
    return f"{article.outlet} ({_pinyin_words(article.outlet)})"


def _topics(glossary: Glossary, text: str) -> list[str]:
    lowered = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    hits: dict[str, int] = {}
    for cue, topic in glossary.topic_cues.items():
        if cue.isascii():
            count = len(re.findall(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", lowered))
        else:
            count = lowered.count(cue)
        if count:
            hits[topic] = hits.get(topic, 0) + count
    ranked = sorted(hits, key=lambda topic: (-hits[topic], topic))[:3]
    return ranked or ["strategy"]


def _regions(glossary: Glossary, text: str, own: list[str] | None = None) -> list[str]:
    """The place `text` is about (its subject), not every place it names: see `extract.regions`."""
    found = subject_places(glossary, text, own)
    if not found and "在沪" in text:
        found.append("上海")
    return found


def _clause_around(text: str, start: int, end: int, *, min_len: int = 8) -> str:
    """The clause holding text[start:end], widened to the previous clause when very short."""
    left = max((text.rfind(ch, 0, start) for ch in _CLAUSE_SPLIT), default=-1) + 1
    rights = [pos for ch in _CLAUSE_SPLIT if (pos := text.find(ch, end)) != -1]
    right = min(rights) if rights else len(text)
    clause = text[left:right]
    if len(clause.strip()) < min_len and left > 0:
        prev = max((text.rfind(ch, 0, left - 1) for ch in _CLAUSE_SPLIT), default=-1) + 1
        clause = text[prev:right]
    clause = clause.strip().lstrip("”」』")
    if clause.startswith("“") and "”" not in clause:
        clause = clause[1:]
    if clause.endswith("”") and "“" not in clause:
        clause = clause[:-1]
    return clause


def _iso_date(match: re.Match[str], published: str | None) -> str | None:
    year_now = int(published[:4]) if published and published[:4].isdigit() else None
    if match.group("y"):
        year, month, day = int(match.group("y")), match.group("m"), match.group("d")
    elif match.group("this"):
        if year_now is None:
            return None
        year = year_now - (1 if match.group("this") == "去年" else 0)
        month, day = match.group("m2"), match.group("d2")
    else:
        if year_now is None:
            return None
        year, month, day = year_now, match.group("m3"), match.group("d3")
    if not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
        return None
    iso = f"{year:04d}-{int(month):02d}"
    return f"{iso}-{int(day):02d}" if day else iso


# ---------------------------------------------------------------------------
# Fact builders


def _add(state: _State, fact: FactRecord) -> None:
    if fact.id not in state.facts:
        state.facts[fact.id] = fact


def _record(
    state: _State,
    sentence: Sentence,
    *,
    kind: Kind,
    value: str,
    summary_zh: str,
    summary_en: str,
    people: list[str] | None = None,
    orgs: list[str] | None = None,
    keywords: list[str] | None = None,
    details: dict[str, Any] | None = None,
    regions: list[str] | None = None,
) -> FactRecord:
    article = state.article
    return FactRecord(
        id=_fact_id(article.id, kind, sentence.text, value),
        article_id=article.id,
        kind=kind,
        status=Status.EXTRACTED,
        quote=sentence.text,
        summary_zh=summary_zh,
        summary_en=summary_en,
        topics=_topics(state.glossary, sentence.simple),
        people=people or [],
        regions=regions
        or _regions(state.glossary, sentence.simple, state.places)
        or next((state.person_places[p] for p in people or () if p in state.person_places), None)
        or state.places,
        orgs=[org for org in dict.fromkeys(orgs or []) if org],
        keywords=[k for k in dict.fromkeys(keywords or []) if k],
        details={k: v for k, v in (details or {}).items() if v not in (None, "", [])},
    )
