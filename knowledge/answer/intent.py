"""Question types: list, compare, who-said, define, when, count or a plain lookup.

The type is read from the cues of `seeds/intents.yaml` and from what the question names (two
places, two people or two years make the sides of a comparison). Each type keeps the words that
are left once its cues are removed: that is what the composed answer must match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.answer.query import Query
from knowledge.lexicon.cues import Cues, default_cues
from knowledge.lexicon.glossary import Glossary, english_pattern

NATIONAL = "全国"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)年?")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a place, a person or a year, and the question asked of it alone."""

    label: str
    question: str
    person: str | None = None
    region: str | None = None
    year: str | None = None
    own: bool = False  # the question names what it asks of each side ("宁波模型券和杭州语料券")


@dataclass(frozen=True)
class Intent:
    type: str  # list | compare | who_said | define | when | count | lookup
    rest: str  # the normalised question without its type cues
    places: str | None = None  # a list of places of this class: province | city | any
    role: str | None = None  # a list of people whose title holds this word
    sides: tuple[Side, ...] = field(default_factory=tuple)


def _strip(text: str, cue: str) -> str:
    cue = cue.strip()
    if "*" in cue:
        cue = cue.split("*")[0].strip()
    if cue.isascii():
        return re.sub(english_pattern(cue), " ", text)
    return text.replace(cue, " ")


def _found(cues: Cues, padded: str, words: tuple[str, ...]) -> list[str]:
    return sorted((cue for cue in words if cues.has(cue, padded)), key=len, reverse=True)


def _sides(query: Query, glossary: Glossary, rest: str) -> tuple[Side, ...]:
    """Two or more people, places or years named in the question, each with a question of its own."""
    regions = [region for region in query.regions if region != NATIONAL]
    years = list(dict.fromkeys(_YEAR.findall(query.normalised)))
    if len(query.people) >= 2:
        spans = {person: query.spans.get(person, "") for person in query.people}
        return tuple(
            Side(person, _without(rest, [s for p, s in spans.items() if p != person]), person=person)
            for person in query.people
        )
    if len(regions) >= 2:
        named = [*glossary.region_names.items(), *glossary.places.spellings.items()]
        spellings = {
            r: sorted({r, *(s for s, name in named if name == r)}, key=len, reverse=True) for r in regions
        }
        own = _own_words(rest, {r: query.places.get(r, r) for r in regions})
        return tuple(
            Side(
                region,
                _without(
                    rest,
                    [
                        s
                        for other in regions
                        if other != region
                        for s in [*own.get(other, ()), *spellings[other]]
                    ],
                ),
                region=region,
                own=bool(own),
            )
            for region in regions
        )
    if len(years) >= 2:
        return tuple(Side(year, _without(rest, [y for y in years if y != year]), year=year) for year in years)
    return ()


_OWN_RUN = r"[\u4e00-\u9fff]{{0,8}}?(?=[和与及、的]|$)"


def _own_words(text: str, spellings: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each side's own words when every side has some ("宁波模型券和杭州语料券的上限": 宁波 asks of
    模型券, 杭州 of 语料券); none when a side has none ("宁波和杭州语料券": both ask of 语料券)."""
    runs: dict[str, str] = {}
    for side, spelling in spellings.items():
        match = re.search(re.escape(spelling) + _OWN_RUN.format(), text) if not spelling.isascii() else None
        runs[side] = match.group(0)[len(spelling) :] if match else ""
    if not all(runs.values()) or len(set(runs.values())) < len(runs):
        return {}
    return {side: (spellings[side] + run,) for side, run in runs.items()}


def _without(text: str, spellings: list[str]) -> str:
    for spelling in sorted(spellings, key=len, reverse=True):
        text = _strip(text, spelling) if spelling else text
    # what joined the sides ("和", "and", "与") is left dangling: harmless, jieba drops it as a stopword
    return re.sub(r"\s+", " ", text).strip()


def classify(query: Query, glossary: Glossary, cues: Cues | None = None) -> Intent:
    cues = cues or default_cues()
    norm = query.normalised
    padded = f" {norm} "
    for kind, words in cues.types.items():
        found = _found(cues, padded, words)
        if not found:
            continue
        rest = norm
        for cue in found:
            rest = _strip(rest, cue)
        rest = re.sub(r"\s+", " ", rest).strip()
        if kind == "compare":
            sides = _sides(query, glossary, rest)
            if sides or any(cue in norm for cue in ("新旧", "两版")):
                return Intent("compare", rest, sides=sides)
            continue
        if kind == "list":
            return _list_intent(cues, rest)
        if kind == "who_said" and query.people:
            continue  # "who is Liu Qingfeng": a profile, not "who said it"
        return Intent(kind, rest)
    return Intent("lookup", norm)


def _list_intent(cues: Cues, rest: str) -> Intent:
    padded = f" {rest} "
    for role in sorted(cues.roles, key=len, reverse=True):
        spellings = [role, *cues.roles[role]]
        hit = [s for s in sorted(spellings, key=len, reverse=True) if cues.has(s, padded)]
        if hit:
            return Intent("list", _strip(rest, hit[0]).strip(), role=role)
    for place, words in cues.places.items():
        hit = _found(cues, padded, words)
        if hit:
            return Intent("list", _strip(rest, hit[0]).strip(), places=place)
    return Intent("list", rest)
