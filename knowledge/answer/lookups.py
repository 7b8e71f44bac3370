"""Lookups behind the bot's commands: by person, region, topic figures, sources and the latest items."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.answer.snapshot import Snapshot
from knowledge.facts import ArticleView, FactView, Kind, Status
from knowledge.text.forms import normalise

KIND_ORDER = {kind: position for position, kind in enumerate(Kind)}  # fact lists follow Kind's order
TELLING = (Kind.POLICY, Kind.FIGURE, Kind.PROPOSAL)  # what sums up an article best, best first


@dataclass
class Lookup:
    """Facts found for a command argument; `key` is what the argument resolved to."""

    key: str | None
    facts: list[FactView] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def _ordered(snapshot: Snapshot, positions: list[int]) -> list[FactView]:
    facts = [snapshot.facts[i] for i in positions]
    return sorted(facts, key=lambda f: (KIND_ORDER.get(f.kind, 9), f.status != Status.CURATED, f.id))


def person(snapshot: Snapshot, text: str) -> Lookup:
    """A person named in any script, in pinyin or with a typo; near misses become suggestions."""
    matches = snapshot.matcher.find(normalise(text))
    if matches:
        person_id = matches[0].person_id
        return Lookup(person_id, _ordered(snapshot, snapshot.by_person.get(person_id, [])))
    choices = {p.id: f"{p.name} {p.name_en}" for p in snapshot.people.values()}
    near = process.extract(text, choices, scorer=fuzz.WRatio, limit=3, score_cutoff=50)
    return Lookup(None, suggestions=[snapshot.people[key].name for _, _, key in near])


def region(snapshot: Snapshot, text: str) -> Lookup:
    found = snapshot.glossary.regions_in(normalise(text))
    known = [name for name in found if name in snapshot.by_region]
    if not known:
        regions = sorted(snapshot.by_region, key=lambda r: -len(snapshot.by_region[r]))
        return Lookup(None, suggestions=regions[:8])
    return Lookup(known[0], _ordered(snapshot, snapshot.by_region[known[0]]))


def figures(snapshot: Snapshot, topic: str | None = None) -> Lookup:
    """Figures, optionally for one topic (a topic name, a cue word like 算力 or compute, or a place)."""
    figures = [i for i, fact in enumerate(snapshot.facts) if fact.kind == Kind.FIGURE]
    if not topic or not topic.strip():
        return Lookup(None, _ordered(snapshot, figures))
    wanted = snapshot.glossary.topic_for(normalise(topic).replace(" ", "_")) or snapshot.glossary.topic_for(
        normalise(topic)
    )
    if wanted:
        return Lookup(wanted, _ordered(snapshot, [i for i in figures if wanted in snapshot.facts[i].topics]))
    places = snapshot.glossary.regions_in(normalise(topic))
    if places:
        chosen = [i for i in figures if set(places) & set(snapshot.facts[i].regions)]
        return Lookup(places[0], _ordered(snapshot, chosen))
    needle = normalise(topic)
    chosen = [i for i in figures if needle in snapshot.search_texts[i]]
    if chosen:
        return Lookup(topic, _ordered(snapshot, chosen))
    return Lookup(None, suggestions=sorted(snapshot.glossary.topic_labels))


def sources(snapshot: Snapshot) -> list[ArticleView]:
    return sorted(snapshot.articles.values(), key=lambda a: a.seq)


def key_facts(snapshot: Snapshot, article_id: str, limit: int = 6) -> list[FactView]:
    """An article's most telling facts: documents and figures first, one per quote."""
    facts = _ordered(snapshot, snapshot.by_article.get(article_id, []))
    ranked = sorted(facts, key=lambda f: (TELLING.index(f.kind) if f.kind in TELLING else len(TELLING), f.id))
    picked: list[FactView] = []
    for fact in ranked:
        if all(fact.quote != other.quote for other in picked):
            picked.append(fact)
        if len(picked) >= limit:
            break
    return picked


def latest(snapshot: Snapshot, limit: int = 3) -> list[ArticleView]:
    return sorted(snapshot.articles.values(), key=lambda a: -a.seq)[:limit]
