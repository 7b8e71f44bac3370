"""Comparisons: each side (a place, a person or a year) answered on its own, "no data" for a side
the knowledge says nothing about, and which side is higher when both give a comparable figure.

A side's question is the whole question without its type cues and without the other sides:
their places and people are dropped from the understood question (never from its text, so an
English "Hangzhou's" is dropped as surely as "杭州"). A side is never answered with a fact about
another side or a neighbour.
"""

from __future__ import annotations

from dataclasses import replace

from knowledge.answer.common import decline, fact_year, newest_first, requery
from knowledge.answer.intent import Intent, Side
from knowledge.answer.qa import ANSWER_THRESHOLD, Answer, Group, lookup, person_profile, rank
from knowledge.answer.query import Query
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import FactView, Kind

MAX_VERSIONS = 3
MAX_PROFILE = 60
SIDE_FACTS = 2  # a side shows its best fact and the next when the lookup found it as good


def compare(snapshot: Snapshot, query: Query, intent: Intent) -> Answer:
    if not intent.sides:
        return _versions(snapshot, requery(snapshot, query, intent.rest), query)
    base = requery(snapshot, query, intent.rest)
    groups = [
        Group(side.label, side_facts(snapshot, query, base, side, intent.sides), kind="side")
        for side in intent.sides
    ]
    if not any(group.facts for group in groups):
        return decline(snapshot, query)
    facts = [fact for group in groups for fact in group.facts]
    return Answer(query.text, query.lang, True, facts, mode="compare", groups=groups, confidence=1.0)


def side_query(base: Query, side: Side, sides: tuple[Side, ...]) -> Query:
    """The question asked of one side: the other sides' places and people taken out of it."""
    others = [other for other in sides if other is not side]
    people = {other.person for other in others if other.person}
    regions = {other.region for other in others if other.region}
    units = [unit for unit in base.units if unit.person not in people and unit.region not in regions]
    return replace(
        base,
        units=[unit for unit in units if unit.person is None or unit.person in base.people],
        people=[person for person in base.people if person not in people],
        regions=[region for region in base.regions if region not in regions],
        search_tokens=[t for t in base.search_tokens if t not in regions and t not in people],
    )


def side_facts(
    snapshot: Snapshot, asked: Query, base: Query, side: Side, sides: tuple[Side, ...]
) -> list[FactView]:
    if side.year is not None:
        return _in_year(snapshot, requery(snapshot, asked, side.question), side.year)
    # the side's own question when it has words of its own ("宁波模型券和杭州语料券": 宁波 asks of 模型券)
    sub = side_query(requery(snapshot, asked, side.question) if side.own else base, side, sides)
    if side.region is not None and side.region not in sub.regions:
        return []  # the side's place was not understood as a place of the question
    result = lookup(snapshot, sub)
    if not result.answered:
        return []
    facts = result.facts
    if sub.asks_number:  # "how many / how much": the side's figures first, its other facts after
        facts = sorted(facts, key=lambda fact: fact.kind != Kind.FIGURE)
    elif "proposal" in sub.intents:  # "分别提出了什么建议": what each proposed, not who they are
        facts = sorted(facts, key=lambda fact: fact.kind != Kind.PROPOSAL)
    return facts[:SIDE_FACTS]


def _in_year(snapshot: Snapshot, query: Query, year: str) -> list[FactView]:
    candidates: list[FactView] = []
    for person in query.people:
        candidates += person_profile(snapshot, query, person, limit=MAX_PROFILE)
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
        return decline(snapshot, asked)
    groups = newest_first(snapshot, groups)
    facts = [group.facts[0] for group in groups]
    return Answer(asked.text, asked.lang, True, facts, mode="compare", groups=groups, confidence=1.0)
