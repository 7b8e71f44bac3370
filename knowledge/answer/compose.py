"""Answers composed for the question's type, across all articles.

A list gathers every fact that fits (not the top three), one group per place, person or
document, newest first; a comparison answers each side on its own and says when a side has no
data; who-said, define, when and count are lookups whose reply leads with the person, the
definition, the date or the number. Whatever cannot be answered is declined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from weakref import WeakKeyDictionary

import numpy as np

from knowledge.answer.intent import NATIONAL, Intent, Side, classify
from knowledge.answer.places import in_class
from knowledge.answer.qa import (
    ANSWER_THRESHOLD,
    Answer,
    Group,
    coverage,
    decline_unknown,
    intent_bonus,
    is_words,
    lookup,
    person_profile,
    prepare,
    rank,
    suggest,
)
from knowledge.answer.query import ADMIN_AFFIXES, Query, Unit
from knowledge.answer.snapshot import Snapshot
from knowledge.answer.terms import unheld_english_term
from knowledge.facts import FactView, Kind
from knowledge.text.forms import normalise
from knowledge.text.stopwords import stopwords

LIST_THRESHOLD = 0.6  # a list item needs this much of the question, as a lookup's answer does
MAX_CANDIDATES = 400  # facts considered for a list, best covered first
MAX_LIST_FACTS = 60
MAX_VERSIONS = 3
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


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
        result = _decline(snapshot, query)  # "a data voucher": no fact is about one
    elif intent.type == "define":
        sub = _requery(snapshot, query, intent.rest)
        result = _as_asked(lookup(snapshot, sub), query)
        if not result.answered:  # the term alone is not known: the question as asked may still be
            result = lookup(snapshot, query)
    elif intent.type == "who_said" and any(_unknown(snapshot, unit) for unit in query.units):
        result = _decline(snapshot, query)  # "who proposed a robot tax": no fact knows the word
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


def _requery(snapshot: Snapshot, query: Query, text: str) -> Query:
    """The question without its type cues, understood again (its script is the question's), with
    each word read whole: "数据券" is not "数据", and a rare "产业政策" may be matched as 产业 + 政策."""
    sub = prepare(snapshot, text)
    sub.script = query.script
    sub.text = query.text
    whole_words(sub, snapshot)
    return sub


RARE = 3  # a word in at most this many facts may also be matched by the known words it is made of
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def whole_words(query: Query, snapshot: Snapshot) -> None:
    tokenizer, index = snapshot.tokenizer, snapshot.index
    stop = stopwords().zh
    suffixed: dict[str, str] = {}  # a word -> the word with the single character jieba cut off it
    for run in _CJK_RUN.findall(query.normalised):
        words = tokenizer.cut(run)
        if len(words) >= 2:  # only at the end of a run: "数据券", not the verb in "人工智能提了"
            word, after = words[-2], words[-1]
            if len(word) > 1 and len(after) == 1 and after not in stop and after not in ADMIN_AFFIXES:
                suffixed[word] = word + after
    for position, unit in enumerate(query.units):
        if unit.person or unit.region or unit.anchor or unit.cue or not _CJK_RUN.fullmatch(unit.label):
            continue
        label = suffixed.get(unit.label, unit.label)
        alternatives = unit.alternatives if label == unit.label else ((label,),)
        if not any(index.knows(t) for alt in alternatives for t in alt) and label != unit.label:
            query.units[position] = Unit(label, alternatives)
            continue
        if 0 < index.df(label) <= RARE:
            parts = tuple(t for t in tokenizer.tokens(label) if t != label and len(t) > 1 and index.knows(t))
            if parts and "".join(parts) == label:
                query.units[position] = Unit(label, (*alternatives, parts))


def _as_asked(result: Answer, query: Query) -> Answer:
    result.question, result.lang = query.text, query.lang
    return result


def _decline(snapshot: Snapshot, query: Query) -> Answer:
    return Answer(query.text, query.lang, False, mode="abstain", suggestions=suggest(snapshot, query))


# ---------- lists ----------


def _matches(snapshot: Snapshot, query: Query) -> list[tuple[float, int]]:
    """(confidence, position) of every fact that fits the question, best first."""
    if not query.units or any(_unknown(snapshot, unit) for unit in query.units):
        return []  # a word no fact holds ("低空经济"): the knowledge has nothing on that subject
    cover, _, _ = coverage(snapshot, query)
    positions = np.flatnonzero(cover >= LIST_THRESHOLD - 0.1)
    if positions.size > MAX_CANDIDATES:
        positions = positions[np.argsort(-cover[positions], kind="stable")[:MAX_CANDIDATES]]
    scored = [(float(cover[i]) + intent_bonus(query, snapshot.facts[i]), int(i)) for i in positions]
    scored = [(score, i) for score, i in scored if score >= LIST_THRESHOLD]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return scored


def _unknown(snapshot: Snapshot, unit: Unit) -> bool:
    """A word of the question that no fact holds in any form (two-character Chinese words aside:
    jieba leaves odd pairs such as "年居" that are no word at all)."""
    if unit.person or unit.region or unit.cue or (not unit.label.isascii() and len(unit.label) < 3):
        return False
    return not any(all(snapshot.index.knows(t) for t in alt) for alt in unit.alternatives)


def listing(snapshot: Snapshot, query: Query, intent: Intent) -> Answer:
    if intent.places:
        groups = _places(snapshot, _requery(snapshot, query, intent.rest), intent.places)
    elif intent.role:
        groups = _people(snapshot, _requery(snapshot, query, intent.rest), intent.role)
    else:
        groups = _anything(snapshot, query, lookup(snapshot, query))
    if not groups:
        return _decline(snapshot, query)
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
    return _newest_first(snapshot, [Group(place, [fact], kind="place") for place, fact in by_place.items()])


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
        return _newest_first(snapshot, [Group(p, f, kind="person") for p, f in picked.items() if f])
    best: dict[str, FactView] = {}
    wanted = set(holders)
    for _, i in _matches(snapshot, query):
        fact = snapshot.facts[i]
        if not own_words_fit(snapshot, query, fact):
            continue
        for person in fact.people:
            if person in wanted and person not in best and fact.kind != "role":
                best[person] = fact
    return _newest_first(snapshot, [Group(p, [f], kind="person") for p, f in best.items()])


def _anything(snapshot: Snapshot, query: Query, looked_up: Answer) -> list[Group]:
    """Every fact that fits, the lookup's best answer first, grouped by what the question left open."""
    if query.people and not query.predicate_units:
        facts = [f for p in query.people for f in person_profile(snapshot, query, p, limit=MAX_LIST_FACTS)]
        facts = [f for f in facts if f.kind != "role"] or facts
    else:
        facts = [snapshot.facts[i] for _, i in _matches(snapshot, query)[:MAX_LIST_FACTS]]
        facts = (looked_up.facts if looked_up.answered else []) + facts
    groups: dict[tuple[str, str | None], Group] = {}
    for fact in distinct(facts):
        kind, label = _label(snapshot, query, fact)
        groups.setdefault((kind, label), Group(label, [], kind=kind)).facts.append(fact)
    return _newest_first(snapshot, list(groups.values()))


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


# ---------- comparisons ----------


def compare(snapshot: Snapshot, query: Query, intent: Intent) -> Answer:
    if not intent.sides:
        return _versions(snapshot, _requery(snapshot, query, intent.rest), query)
    groups = [Group(side.label, _side_facts(snapshot, query, side), kind="side") for side in intent.sides]
    if not any(group.facts for group in groups):
        return _decline(snapshot, query)
    facts = [fact for group in groups for fact in group.facts]
    return Answer(query.text, query.lang, True, facts, mode="compare", groups=groups, confidence=1.0)


def _side_facts(snapshot: Snapshot, query: Query, side: Side) -> list[FactView]:
    sub = _requery(snapshot, query, side.question)
    if side.year is not None:
        return _in_year(snapshot, sub, side.year)
    result = lookup(snapshot, sub)
    return result.facts[:1] if result.answered else []


def _in_year(snapshot: Snapshot, query: Query, year: str) -> list[FactView]:
    candidates: list[FactView] = []
    for person in query.people:
        candidates += person_profile(snapshot, query, person, limit=MAX_LIST_FACTS)
    candidates += [s.fact for s in rank(snapshot, query) if s.coverage >= ANSWER_THRESHOLD]
    for fact in candidates:
        if fact_year(snapshot, fact) == year and fact.kind != "role":
            return [fact]
    return []


def _versions(snapshot: Snapshot, query: Query, asked: Query) -> Answer:
    """One place or measure in several articles ("新旧两版"): the best fact of each, newest first."""
    seen: set[str] = set()
    groups: list[Group] = []
    for scored in rank(snapshot, query):
        if scored.coverage < ANSWER_THRESHOLD or scored.fact.article_id in seen:
            continue
        seen.add(scored.fact.article_id)
        groups.append(Group(None, [scored.fact], kind="fact"))
        if len(groups) >= MAX_VERSIONS:
            break
    if not groups:
        return _decline(snapshot, asked)
    groups = _newest_first(snapshot, groups)
    facts = [group.facts[0] for group in groups]
    return Answer(asked.text, asked.lang, True, facts, mode="compare", groups=groups, confidence=1.0)


# ---------- shared ----------


def fact_date(snapshot: Snapshot, fact: FactView) -> str:
    """The fact's own date, else its article's ("" when neither is known)."""
    own = str(fact.details.get("date") or "")
    if re.match(r"\d{4}", own):
        return own
    article = snapshot.article_of(fact)
    return (article.published or "") if article else ""


def fact_year(snapshot: Snapshot, fact: FactView) -> str:
    return fact_date(snapshot, fact)[:4]


def _newest_first(snapshot: Snapshot, groups: list[Group]) -> list[Group]:
    for group in groups:
        group.facts.sort(key=lambda fact: fact_date(snapshot, fact), reverse=True)
    return sorted(groups, key=lambda g: max(fact_date(snapshot, f) for f in g.facts), reverse=True)


@lru_cache(maxsize=65536)
def _bare(text: str) -> str:
    return _PUNCT.sub("", normalise(text))


@lru_cache(maxsize=65536)
def _normalised(text: str) -> str:
    return normalise(text)


def _contains(big: FactView, small: FactView) -> bool:
    """Whether `big` already says what `small` says: its summary, or (same quote) its figure."""
    bare = _bare(small.summary_zh)
    if big is small or not bare:
        return False
    if bare in _bare(big.summary_zh):
        return True
    value = _bare(str(small.details.get("value") or ""))
    return (
        small.kind == "figure" and big.quote == small.quote and bool(value) and value in _bare(big.summary_zh)
    )


def distinct(facts: Iterable[FactView], *, figures: bool = False) -> list[FactView]:
    """Facts without near-duplicates: each said once, by the fact that says the most (of facts that
    say the same, the first), in the place of the first it says; with `figures` (a question asking
    for a number) a figure stays rather than give way to a sentence holding it."""
    kept: list[FactView] = []
    for fact in facts:
        if any(_contains(other, fact) for other in kept):
            continue
        replaced = [i for i, kept_fact in enumerate(kept) if _contains(fact, kept_fact)]
        if figures and fact.kind != Kind.FIGURE and any(kept[i].kind == Kind.FIGURE for i in replaced):
            continue
        if replaced:
            kept[replaced[0]] = fact
            kept = [other for i, other in enumerate(kept) if i not in replaced[1:]]
        else:
            kept.append(fact)
    return kept


def own_words_fit(snapshot: Snapshot, query: Query, fact: FactView) -> bool:
    """Whether the fact's own summary and details, not just the quote it shares, say what is asked."""
    text = " ".join([fact.summary_zh, fact.summary_en, *map(str, fact.details.values()), *fact.keywords])
    text = _normalised(text)
    tokens = set(snapshot.tokenizer.tokens(text))
    units = query.predicate_units
    missed = sum(
        not any(all(t in tokens or (not t.isascii() and t in text) for t in alt) for alt in unit.alternatives)
        for unit in units
    )
    return missed <= len(units) // 3  # one word in three may be the quote's alone ("出台")
