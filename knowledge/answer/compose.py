"""Answers composed for the question's type, across all articles.

A list gathers every fact that fits (not the top three), one group per place, person or
document, newest first; a comparison answers each side on its own and says when a side has no
data; who-said, define, when and count are lookups whose reply leads with the person, the
definition, the date or the number. Whatever cannot be answered is declined.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np

from knowledge.answer.common import (
    as_asked,
    decline,
    distinct,
    newest_first,
    normalised,
    own_words_fit,
    requery,
    unknown_word,
)
from knowledge.answer.compare import compare
from knowledge.answer.intent import NATIONAL, Intent, classify
from knowledge.answer.places import in_class
from knowledge.answer.qa import (
    Answer,
    Group,
    coverage,
    decline_unknown,
    intent_bonus,
    is_words,
    lookup,
    person_profile,
    prepare,
)
from knowledge.answer.query import Query
from knowledge.answer.snapshot import Snapshot
from knowledge.answer.terms import unheld_english_term
from knowledge.facts import FactView
from knowledge.text.forms import normalise

LIST_THRESHOLD = 0.6  # a list item needs this much of the question, as a lookup's answer does
MAX_CANDIDATES = 400  # facts considered for a list, best covered first
MAX_LIST_FACTS = 60


def answer(snapshot: Snapshot, question: str) -> Answer:
    query = prepare(snapshot, question)
    if not is_words(query):
        return Answer(question=query.text, lang=query.lang, answered=False, mode="invalid")
    intent = classify(query, snapshot.glossary)
    # A compare says "no data" per side; every other type is declined outright for a place it names
    # that no fact is about, never answered with other places' facts.
    missing, unknown = ([], None) if intent.type == "compare" else decline_unknown(snapshot, query)
    if unknown is not None:
        unknown.qtype = intent.type
        return unknown
    if intent.type == "list":
        result = listing(snapshot, query, intent)
    elif intent.type == "compare":
        result = compare(snapshot, query, intent)
    elif intent.type == "define" and unheld_english_term(snapshot, intent.rest):
        result = decline(snapshot, query)  # "a data voucher": no fact is about one
    elif intent.type == "define":
        sub = requery(snapshot, query, intent.rest)
        result = as_asked(lookup(snapshot, sub), query)
        if not result.answered:  # the term alone is not known: the question as asked may still be
            result = lookup(snapshot, query)
    elif intent.type == "who_said" and any(unknown_word(snapshot, unit) for unit in query.units):
        result = decline(snapshot, query)  # "who proposed a robot tax": no fact knows the word
    else:
        result = lookup(snapshot, query)
        if intent.type == "who_said" and result.answered:
            said = [fact for fact in result.facts if fact.people]
            result.facts = said or result.facts
            result.person = result.facts[0].people[0] if result.facts[0].people else None
    result.qtype = intent.type
    result.facts = distinct(result.facts, figures=query.asks_number or intent.type == "count")
    result.missing = list(dict.fromkeys([*missing, *result.missing]))
    return result


# ---------- lists ----------


def _matches(snapshot: Snapshot, query: Query) -> list[tuple[float, int]]:
    """(confidence, position) of every fact that fits the question, best first."""
    if not query.units or any(unknown_word(snapshot, unit) for unit in query.units):
        return []  # a word no fact holds ("低空经济"): the knowledge has nothing on that subject
    cover, _, _ = coverage(snapshot, query)
    positions = np.flatnonzero(cover >= LIST_THRESHOLD - 0.1)
    if positions.size > MAX_CANDIDATES:
        positions = positions[np.argsort(-cover[positions], kind="stable")[:MAX_CANDIDATES]]
    scored = [(float(cover[i]) + intent_bonus(query, snapshot.facts[i]), int(i)) for i in positions]
    scored = [(score, i) for score, i in scored if score >= LIST_THRESHOLD]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored


def listing(snapshot: Snapshot, query: Query, intent: Intent) -> Answer:
    if intent.places:
        groups = _places(snapshot, requery(snapshot, query, intent.rest), intent.places)
    elif intent.role:
        groups = _people(snapshot, requery(snapshot, query, intent.rest), intent.role)
    else:
        groups = _anything(snapshot, query, lookup(snapshot, query))
    if not groups:
        return decline(snapshot, query)
    facts = [fact for group in groups for fact in group.facts]
    return Answer(query.text, query.lang, True, facts, mode="list", groups=groups, confidence=1.0)


def _places(snapshot: Snapshot, query: Query, wanted: str) -> list[Group]:
    by_place: dict[str, FactView] = {}
    for _, i in _matches(snapshot, query):
        fact = snapshot.facts[i]
        if not own_words_fit(snapshot, query, fact):
            continue
        for region in fact.regions:
            if region not in by_place and in_class(region, wanted, snapshot.glossary):
                by_place[region] = fact
    return newest_first(snapshot, [Group(place, [fact], kind="place") for place, fact in by_place.items()])


_TITLES: WeakKeyDictionary[Snapshot, dict[str, str]] = WeakKeyDictionary()


def titles(snapshot: Snapshot) -> dict[str, str]:
    """Each person's titles (from their role facts), normalised; worked out once per snapshot."""
    found = _TITLES.get(snapshot)
    if found is None:
        joined: dict[str, list[str]] = {}
        for fact in snapshot.facts:
            if fact.kind == "role":
                title = normalise(str(fact.details.get("title_zh") or fact.summary_zh))
                for person in fact.people:
                    joined.setdefault(person, []).append(title)
        found = _TITLES[snapshot] = {person: " ".join(parts) for person, parts in joined.items()}
    return found


def _people(snapshot: Snapshot, query: Query, role: str) -> list[Group]:
    holders = [person for person, title in titles(snapshot).items() if role in title]
    if not query.predicate_units:
        picked = {p: person_profile(snapshot, query, p, limit=1) for p in holders}
        return newest_first(snapshot, [Group(p, f, kind="person") for p, f in picked.items() if f])
    best: dict[str, FactView] = {}
    wanted = set(holders)
    for _, i in _matches(snapshot, query):
        fact = snapshot.facts[i]
        if not own_words_fit(snapshot, query, fact):
            continue
        for person in fact.people:
            if person in wanted and person not in best and fact.kind != "role":
                best[person] = fact
    return newest_first(snapshot, [Group(p, [f], kind="person") for p, f in best.items()])


def _anything(snapshot: Snapshot, query: Query, looked_up: Answer) -> list[Group]:
    """Every fact that fits, the lookup's best answer first, grouped by what the question left open."""
    if query.people and not query.predicate_units:
        facts = [f for p in query.people for f in person_profile(snapshot, query, p, limit=MAX_LIST_FACTS)]
        facts = [f for f in facts if f.kind != "role"] or facts
    else:
        facts = [snapshot.facts[i] for _, i in _matches(snapshot, query)[:MAX_LIST_FACTS]]
        facts = (looked_up.facts if looked_up.answered else []) + facts + _in_document(snapshot, query)
    groups: dict[tuple[str, str | None], Group] = {}
    for fact in distinct(facts):
        kind, label = _label(snapshot, query, fact)
        groups.setdefault((kind, label), Group(label, [], kind=kind)).facts.append(fact)
    return newest_first(snapshot, list(groups.values()))


def _in_document(snapshot: Snapshot, query: Query) -> list[FactView]:
    """Every fact from the document the question names by its own words ("福建的十条措施都有什么内容"):
    each word asked is part of the document's name, and the fact is about the place or person named."""
    units = query.predicate_units
    if not units:
        return []
    found: list[FactView] = []
    for name, positions in documents(snapshot).items():
        if not all(any(all(t in name for t in alt) for alt in unit.alternatives) for unit in units):
            continue
        for fact in (snapshot.facts[i] for i in positions):
            if query.regions and not set(query.regions) & set(fact.regions):
                continue
            if query.people and not set(query.people) & set(fact.people):
                continue
            found.append(fact)
    return sorted(found, key=lambda fact: snapshot.by_id[fact.id])[:MAX_LIST_FACTS]


_DOCUMENTS: WeakKeyDictionary[Snapshot, dict[str, list[int]]] = WeakKeyDictionary()


def documents(snapshot: Snapshot) -> dict[str, list[int]]:
    """The facts of each document (by its normalised name); worked out once per snapshot."""
    found = _DOCUMENTS.get(snapshot)
    if found is None:
        found = {}
        for i, fact in enumerate(snapshot.facts):
            if fact.details.get("document"):
                found.setdefault(normalised(str(fact.details["document"])), []).append(i)
        _DOCUMENTS[snapshot] = found
    return found


def _label(snapshot: Snapshot, query: Query, fact: FactView) -> tuple[str, str | None]:
    """What a list item is grouped under: a person, place or document the question did not name."""
    for person in fact.people:
        if person not in query.people:
            return "person", person
    for region in fact.regions:
        if region not in query.regions and region != NATIONAL:
            return "place", region
    if fact.details.get("document"):
        return "document", str(fact.details["document"])
    return "fact", None
