"""Answer a question from the snapshot: retrieve, re-rank, decide whether to answer at all.

Candidates come from the BM25 index; each is re-ranked by how much of the question it
covers (idf-weighted), its BM25 score, a rapidfuzz similarity and the question's intent.
Coverage is also the confidence: below the threshold the bot says it does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from knowledge.answer.dates import newest_first
from knowledge.answer.measured import counting, in_money
from knowledge.answer.query import Query, Unit, split_unknown, understand
from knowledge.answer.search import FloatArray
from knowledge.answer.snapshot import Snapshot
from knowledge.answer.strangers import people_without_facts
from knowledge.answer.unstated import asks_unstated_measure
from knowledge.facts import FactView, Kind, Status
from knowledge.text.forms import normalise

BoolArray = npt.NDArray[np.bool_]
ANSWER_THRESHOLD = 0.6  # share of the question's weight a fact must cover
NEAR_MISS = 0.4  # below the threshold but close: offered as "did you mean"
CANDIDATES = 40
NATIONAL = "全国"
UNKNOWN_WEIGHT = 0.7  # a word no fact contains counts this share of the highest idf
PREDICATE_FLOOR = 0.35  # the predicate caps confidence at this plus its own coverage
MAX_FACTS = 3
OWN_WORDS = 0.1  # rank weight of the question's words a fact says itself (not only in its title)
PART_CREDIT = 0.5  # the share of a word's weight a fact earns for holding part of it

KIND_FOR_INTENT = {
    "figure": Kind.FIGURE,
    "when": Kind.EVENT,
    "proposal": Kind.PROPOSAL,
    "policy": Kind.POLICY,
    "statement": Kind.STATEMENT,
    "who": Kind.ROLE,
}


@dataclass(frozen=True)
class Scored:
    fact: FactView
    score: float
    coverage: float


@dataclass
class Group:
    """One line of a composed answer: a place, person, document or compared side, and its facts."""

    label: str | None
    facts: list[FactView] = field(default_factory=list)
    kind: str = "fact"  # fact | place | person | document | side


@dataclass
class Answer:
    question: str
    lang: str  # zh-Hans | zh-Hant | en
    answered: bool
    facts: list[FactView] = field(default_factory=list)
    mode: str = "facts"  # facts | person | abstain | invalid
    person: str | None = None
    suggestions: list[str] = field(default_factory=list)  # things the bot can answer, shown on abstain
    did_you_mean: list[str] = field(default_factory=list)  # fact ids of near misses
    confidence: float = 0.0
    missing: list[str] = field(default_factory=list)  # places or people named that no fact is about
    latest: str | None = None  # the newest date when facts on one place and measure differ in date
    qtype: str = "lookup"  # list | compare | who_said | define | when | count | lookup
    groups: list[Group] = field(default_factory=list)  # composed answers: one group a line

    @property
    def fact_ids(self) -> list[str]:
        return [fact.id for fact in self.facts]


def _unit_vector(snapshot: Snapshot, unit: Unit) -> tuple[FloatArray, float]:
    """Which facts cover a unit (1.0 / 0.0 per fact) and the unit's weight."""
    size = len(snapshot.facts)
    covered = np.zeros(size, dtype=np.float32)
    weights: list[float] = []
    for alternative in unit.alternatives:
        present = np.ones(size, dtype=np.float32)
        idf = 0.0
        for token in alternative:
            hit = snapshot.index.term(token)
            unknown = UNKNOWN_WEIGHT if unit.unknown_weight is None else unit.unknown_weight
            idf = max(idf, hit.idf if hit.weights is not None else unknown * hit.idf)
            present = present * (hit.weights > 0) if hit.weights is not None else np.zeros(size, np.float32)
        covered = np.maximum(covered, present)
        weights.append(idf)
    # A fact tagged with people or places is about those: a mere mention in its quote does not count.
    if unit.person is not None:
        covered[snapshot.has_people] = 0.0
        covered[snapshot.by_person.get(unit.person, [])] = 1.0
    if unit.region is not None:
        covered[snapshot.has_regions] = 0.0
        covered[snapshot.by_region.get(unit.region, [])] = 1.0
    if unit.kind is not None:
        covered[snapshot.of_kind(unit.kind)] = 1.0
    weight = min(weights) if weights else snapshot.index.max_idf
    if unit.anchor:
        weight = max(weight, 2.0)
    if unit.cue:
        weight *= 0.3
    return covered, weight


def unit_vectors(snapshot: Snapshot, query: Query) -> list[tuple[Unit, FloatArray, float]]:
    """Each unit of the question with which facts cover it and its weight; what a count question
    counts is also covered by a figure in its measure word ("how many companies": 260家)."""
    vectors = []
    for unit in query.units:
        covered, weight = _unit_vector(snapshot, unit)
        if unit.counted and query.counted:
            covered = np.maximum(covered, snapshot.in_units(query.counted))
        vectors.append((unit, covered, weight))
    return vectors


def _aggregate(
    query: Query, vectors: Sequence[tuple[Unit, FloatArray, float]], size: int
) -> tuple[FloatArray, BoolArray]:
    """The idf-weighted share of the question each fact covers, capped by its share of the
    predicate, and whether it is about every person and some place the question names."""
    covered_share = np.zeros(size, dtype=np.float32)
    predicate = np.zeros(size, dtype=np.float32)
    required = np.ones(size, dtype=bool)  # every named person
    in_region = np.zeros(size, dtype=bool)  # any named place ("全国" alone constrains nothing)
    total = predicate_total = 0.0
    for unit, covered, weight in vectors:
        covered_share += covered * weight
        total += weight
        if unit.counted:  # "how many robots": a fact with no robot is no answer
            required &= covered > 0
        if unit.person is not None:
            required &= covered > 0
        elif unit.region is not None and unit.region != NATIONAL:
            in_region |= covered > 0
        elif not unit.anchor and (not unit.cue or unit.kind):  # "made proposals" is asked of a member
            predicate += covered * weight
            predicate_total += weight
    covered_share /= max(total, 1e-9)
    if predicate_total > 0:
        covered_share = np.minimum(covered_share, PREDICATE_FLOOR + predicate / predicate_total)
    if [r for r in query.regions if r != NATIONAL]:
        required &= in_region
    return np.where(required, covered_share, 0.0).astype(np.float32), required


def _bm25(snapshot: Snapshot, query: Query) -> FloatArray:
    scores = np.zeros(len(snapshot.facts), dtype=np.float32)
    for token in query.search_tokens:
        hit = snapshot.index.term(token)
        if hit.weights is not None:
            scores += hit.weights
    return scores


def coverage(snapshot: Snapshot, query: Query) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Each fact's confidence before re-ranking (0 for a fact that misses a named person or place),
    its BM25 score and whether it is about every person and some place the question names.

    Confidence is the idf-weighted share of the question a fact covers, capped by how much of
    the question's predicate (what it asks about the people, places and bodies it names) the
    fact covers.
    """
    size = len(snapshot.facts)
    bm25 = _bm25(snapshot, query)
    share, required = _aggregate(query, unit_vectors(snapshot, query), size)
    return share, bm25, required


def soft_coverage(
    snapshot: Snapshot,
    query: Query,
    vectors: Sequence[tuple[Unit, FloatArray, float]],
    positions: Sequence[int],
) -> FloatArray:
    """The confidence of a few candidate facts, with credit for a word found in a fact's text under
    another cut ("单家" in "单家企业") and part credit for the first part of a known word ("有效" of
    "有效期"), none for part of a name; 0 for a fact that holds a sibling of a word it misses."""
    picked = np.asarray(positions, dtype=np.intp)
    softened: list[tuple[Unit, FloatArray, float]] = []
    other_thing = np.zeros(len(positions), dtype=bool)
    for unit, covered, weight in vectors:
        part = covered[picked].copy()
        if unit.person is None and unit.region is None:
            known = not unit.anchor and any(snapshot.index.knows(t) for alt in unit.alternatives for t in alt)
            siblings = {s for alt in unit.alternatives if len(alt) == 1 for s in snapshot.siblings(alt[0])}
            for j, position in enumerate(positions):
                if part[j] == 0:
                    part[j] = _text_credit(unit, snapshot.search_texts[position], known)
                    if part[j] == 0 and siblings:  # in what the fact or its article's title says
                        fact = snapshot.facts[position]
                        article = snapshot.article_of(fact)
                        said = normalise(f"{fact.quote} {fact.summary_zh} {article.title if article else ''}")
                        other_thing[j] |= any(sibling in said for sibling in siblings)
        softened.append((unit, part, weight))
    share, _ = _aggregate(query, softened, len(positions))
    # Asked about 训力券, a fact on 算力券 is about another thing of the same kind: no answer at all.
    return np.where(other_thing, 0.0, share).astype(np.float32)


def _text_credit(unit: Unit, text: str, known: bool) -> float:
    """1 when a Chinese alternative of the unit appears whole in the text; for a word some fact
    holds, a share for all of it but a one-character head (a Chinese compound is modifier then
    head: 有效期 is a period, and which period is in 有效; 人工智能条例 is no 人工智能); else 0."""
    for alternative in unit.alternatives:
        joined = "".join(alternative)
        if joined and not joined.isascii() and joined in text:
            return 1.0
    label = unit.label
    if not known or label.isascii() or len(label) < 3:
        return 0.0
    size = len(label) - 1  # all but the one-character head: 有效 of 有效期, never 力券 of 训力券
    return PART_CREDIT * size / len(label) if label[:size] in text else 0.0


def rank(snapshot: Snapshot, query: Query) -> list[Scored]:
    """Candidate facts with their score and confidence, best first; a fact that misses a named
    person or place is no candidate at all."""
    if not snapshot.facts or not query.units:
        return []
    size = len(snapshot.facts)
    bm25 = _bm25(snapshot, query)
    vectors = unit_vectors(snapshot, query)
    coverage_, required = _aggregate(query, vectors, size)
    candidates = sorted(
        set(snapshot.index.top(coverage_, CANDIDATES))
        | {i for i in snapshot.index.top(bm25, CANDIDATES) if required[i]}
    )
    if not candidates:
        return []
    coverage_[candidates] = soft_coverage(snapshot, query, vectors, candidates)
    top_bm25 = float(max(bm25[i] for i in candidates)) or 1.0
    content = " ".join(unit.label for unit in query.predicate_units) or query.normalised
    scored: list[Scored] = []
    for i in candidates:
        fact = snapshot.facts[i]
        similarity = fuzz.partial_ratio(content, snapshot.search_texts[i][:400]) / 100
        confidence = float(coverage_[i]) + intent_bonus(query, fact)
        score = 0.6 * confidence + 0.25 * float(bm25[i]) / top_bm25 + 0.15 * similarity
        score += OWN_WORDS * _said_share(query, fact)
        scored.append(Scored(fact, score, confidence))
    scored.sort(key=lambda s: (-s.score, s.fact.id))
    return scored


def _said_share(query: Query, fact: FactView) -> float:
    """The share of the question's Chinese predicate words the fact says itself, not only its
    article's title: of two facts of one article, the one that says 跨市 answers "跨地区"."""
    units = [unit for unit in query.predicate_units if not unit.label.isascii()]
    if not units:
        return 0.0
    said = normalise(f"{fact.quote} {fact.summary_zh}")
    held = sum(
        any("".join(alt) in said for alt in unit.alternatives if not "".join(alt).isascii()) for unit in units
    )
    return held / len(units)


def intent_bonus(query: Query, fact: FactView) -> float:
    """Facts of the kind the question asks for rank (and count) a little higher."""
    bonus = 0.0
    for intent in query.intents:
        if KIND_FOR_INTENT.get(intent) == fact.kind:
            bonus += 0.05
        if intent == "when" and fact.details.get("date"):
            bonus += 0.05
    if query.asks_number and fact.kind != Kind.FIGURE and not any(ch.isdigit() for ch in fact.quote):
        bonus -= 0.15  # "how much" is not answered by a sentence without a number
    if fact.kind == Kind.FIGURE and fact.details.get("unit") in query.counted:
        bonus += 0.1  # 共有几条: a count in 条; "how many companies": in 家
    if "latest" in query.intents and fact.details.get("earlier"):
        bonus -= 0.1  # "现在": not the figure the article says was
    if query.asks_money and fact.details.get("unit") and not in_money(fact):
        bonus -= 0.15  # 多少钱 is not answered by a number of companies
    if fact.kind == Kind.ROLE and query.intents and "who" not in query.intents:
        bonus -= 0.1  # "提出了什么建议" asks what someone said, not who they are
    if fact.status == Status.EXTRACTED:
        bonus -= 0.03  # curated wording is preferred when both match
    return bonus


def person_profile(snapshot: Snapshot, query: Query, person: str, limit: int = MAX_FACTS) -> list[FactView]:
    """Who a person is (their roles) and what they said, for questions that only name them."""
    facts = [snapshot.facts[i] for i in snapshot.by_person.get(person, ())]
    roles = [fact for fact in facts if fact.kind == Kind.ROLE]
    wanted = Kind.PROPOSAL if "proposal" in query.intents else None
    others = [fact for fact in facts if fact.kind != Kind.ROLE and (wanted is None or fact.kind == wanted)]
    others.sort(key=lambda fact: -len(fact.quote) if wanted else 0)
    seen_titles: set[str] = set()
    picked: list[FactView] = []
    for fact in roles:
        title = str(fact.details.get("title_zh", fact.summary_zh))
        if title not in seen_titles:
            seen_titles.add(title)
            picked.append(fact)
    if wanted:
        return others[:limit]
    return picked[:2] + others[: limit - min(len(picked), 2)]


def prepare(snapshot: Snapshot, question: str) -> Query:
    """The question understood against this snapshot's people, places and words."""
    query = understand(
        question,
        tokenizer=snapshot.tokenizer,
        people=snapshot.matcher,
        glossary=snapshot.glossary,
        lexicon=snapshot.lexicon,
    )
    split_unknown(query, snapshot.tokenizer, snapshot.index.knows)
    return query


def is_words(query: Query) -> bool:
    return bool(query.normalised) and any(ch.isalnum() for ch in query.normalised)


def answer(snapshot: Snapshot, question: str) -> Answer:
    """A single-fact answer (the lookup), whatever the question's type."""
    query = prepare(snapshot, question)
    if not is_words(query):
        return Answer(question=query.text, lang=query.lang, answered=False, mode="invalid")
    return lookup(snapshot, query)


def lookup(snapshot: Snapshot, query: Query) -> Answer:
    """The best few facts for an understood question, or an abstention."""
    missing, unknown = decline_unknown(snapshot, query)
    if unknown is not None:
        return unknown
    if asks_unstated_measure(snapshot, query):
        return Answer(question=query.text, lang=query.lang, answered=False, mode="abstain", missing=missing)
    if query.people and not query.predicate_units:
        person = query.people[0]
        facts = person_profile(snapshot, query, person)
        if query.regions:
            facts = [f for f in facts if set(query.regions) & set(f.regions)] or facts
        if facts:
            return Answer(query.text, query.lang, True, facts, mode="person", person=person, confidence=1.0)
    ranked = rank(snapshot, query)
    # the best-ranked fact confident enough (one ranked higher on its own words but covering less of
    # the question is no answer) that counts in what a count asks for
    counts = counting(query)
    best = next(
        (s for s in ranked if s.coverage >= ANSWER_THRESHOLD and counts(s.fact)),
        ranked[0] if ranked else None,
    )
    if best is None or best.coverage < ANSWER_THRESHOLD or not counts(best.fact):
        near = [s.fact.id for s in ranked[:3] if s.coverage >= NEAR_MISS]
        return Answer(
            question=query.text,
            lang=query.lang,
            answered=False,
            mode="abstain",
            suggestions=suggest(snapshot, query),
            did_you_mean=near,
            confidence=best.coverage if best else 0.0,
            missing=missing,
        )
    chosen = [best.fact]
    for other in ranked[ranked.index(best) + 1 :]:
        if len(chosen) >= MAX_FACTS or other.score < best.score - 0.08 or other.coverage < ANSWER_THRESHOLD:
            break
        chosen.append(other.fact)
    chosen, latest = newest_first(snapshot, query, ranked, chosen)
    return Answer(
        query.text, query.lang, True, chosen, confidence=best.coverage, missing=missing, latest=latest
    )


def _named_within(snapshot: Snapshot, region: str) -> bool:
    """A fact on a place that `region` belongs to (its province or city) names it in its quote."""
    places = snapshot.glossary.places
    spellings = {region, places.places[region].name} if region in places.places else {region}
    parent = places.places[region].parent if region in places.places else None
    while parent is not None:
        for i in snapshot.by_region.get(parent, ()):
            if any(spelling in snapshot.facts[i].quote for spelling in spellings):
                return True
        parent = places.places[parent].parent if parent in places.places else None
    return False


def _maybe_a_name(snapshot: Snapshot, query: Query, region: str) -> bool:
    """A county's short form right after another character may end a person's name (孙卫东, not 卫东区)."""
    spelling = query.places.get(region, "")
    if snapshot.glossary.places.level(region) != "county" or spelling.isascii():
        return False
    at = query.normalised.find(spelling)
    return at > 0 and "\u4e00" <= query.normalised[at - 1] <= "\u9fff"


def decline_unknown(snapshot: Snapshot, query: Query) -> tuple[list[str], Answer | None]:
    """The places and people the question names that no fact is about (dropped from the query), and a
    decline naming them when the question names no other place (no other person)."""
    missing = places_without_facts(snapshot, query)
    if missing and not [r for r in query.regions if r != NATIONAL]:
        suggestions = [r for r in snapshot.most_cited_regions if r != NATIONAL][:6]
        return missing, _unknown(query, missing, suggestions)
    strangers = people_without_facts(snapshot, query)
    if strangers and not query.people:
        return missing + strangers, _unknown(query, missing + strangers, snapshot.most_cited_people[:6])
    return missing + strangers, None


def _unknown(query: Query, missing: list[str], suggestions: list[str]) -> Answer:
    return Answer(
        question=query.text,
        lang=query.lang,
        answered=False,
        mode="unknown",
        missing=missing,
        suggestions=suggestions,
    )


def places_without_facts(snapshot: Snapshot, query: Query) -> list[str]:
    """The places the question names that no fact is about; they are dropped from the query.

    A spelling shared by several places ("Suzhou") stands for the one that facts are about.
    """
    missing: list[str] = []
    for position, region in enumerate(list(query.regions)):
        if region == NATIONAL or snapshot.by_region.get(region):
            continue
        other = next((key for key in query.homonyms.get(region, ()) if snapshot.by_region.get(key)), None)
        if other is not None and other not in query.regions:
            query.regions[position] = other
            query.units = [
                Unit(other, ((other,),), region=other, anchor=True) if unit.region == region else unit
                for unit in query.units
            ]
            continue
        if _named_within(snapshot, region) or _maybe_a_name(snapshot, query, region):
            # 中卫 is in 宁夏: a fact on 宁夏 that names 中卫 answers; the name is matched as text
            # (so is a county's name that may be part of a person's).
            query.regions.remove(region)
            query.units = [
                Unit(region, ((region,),), anchor=True) if unit.region == region else unit
                for unit in query.units
            ]
            continue
        missing.append(region)
    if missing:
        query.regions = [r for r in query.regions if r not in missing]
        query.units = [unit for unit in query.units if unit.region not in missing]
    return missing


def suggest(snapshot: Snapshot, query: Query, limit: int = 5) -> list[str]:
    """Names and places the bot knows that look closest to the question, else the best-covered ones."""
    labels: list[str] = []
    for unit in query.units:
        name = snapshot.matcher.look_alike(unit.label)
        if name is not None and name not in labels:
            labels.append(name)
    for name in snapshot.most_cited_people:
        if len(labels) >= limit:
            break
        if name not in labels:
            labels.append(name)
    return labels[:limit] + [r for r in snapshot.most_cited_regions if r not in labels][:3]
