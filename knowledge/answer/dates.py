"""Newest first: figures on one place and measure from different dates, ordered by date, the latest named."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from knowledge.answer.query import Query
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import FactView

MAX_FACTS = 3
SAME_MEASURE = 0.5  # share of the measure's characters two figures must have in common
CLOSE = 0.15  # how far below the threshold of an answer an older or newer figure may rank
THRESHOLD = 0.6

_UNIT_FAMILY = re.compile(r"元|%|％|PFLOPS|EFLOPS|条|項|项|家|个|份|年|月|架")
_STOP = set("的了和与及在为对每年度个单主体")


class _Ranked(Protocol):
    @property
    def fact(self) -> FactView: ...

    @property
    def coverage(self) -> float: ...


def fact_date(snapshot: Snapshot, fact: FactView) -> str | None:
    """When a fact was stated: its own date, else its article's publication date."""
    own = fact.details.get("date")
    if own and re.match(r"\d{4}", str(own)):
        return str(own)
    article = snapshot.article_of(fact)
    return article.published if article and article.published else None


def _family(fact: FactView) -> str:
    match = _UNIT_FAMILY.search(str(fact.details.get("unit") or ""))
    return match.group(0) if match else str(fact.details.get("unit") or "")


def _measure_chars(fact: FactView) -> set[str]:
    text = str(fact.details.get("measure") or fact.summary_zh)
    return {ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ch not in _STOP}


def same_measure(a: FactView, b: FactView) -> bool:
    """Two figures on the same place and the same kind of quantity, measured alike."""
    if a.kind != "figure" or b.kind != "figure" or not set(a.regions) & set(b.regions):
        return False
    if _family(a) != _family(b):
        return False
    left, right = _measure_chars(a), _measure_chars(b)
    return bool(left and right) and len(left & right) / min(len(left), len(right)) >= SAME_MEASURE


def newest_first(
    snapshot: Snapshot, query: Query, ranked: Sequence[_Ranked], chosen: list[FactView]
) -> tuple[list[FactView], str | None]:
    """The chosen facts with figures of the same place and measure from other dates added, newest first.

    Returns the facts and, when they hold more than one date, the latest of them.
    """
    if not chosen or chosen[0].kind != "figure":
        return chosen, None
    best = chosen[0]
    picked = list(chosen)
    for other in ranked:
        if len(picked) >= MAX_FACTS + 1:
            break
        fact = other.fact
        if fact in picked or other.coverage < THRESHOLD - CLOSE or not same_measure(best, fact):
            continue
        picked.append(fact)
    dated = [(fact_date(snapshot, fact) or "", fact) for fact in picked]
    related = [fact for _, fact in dated if fact is best or same_measure(best, fact)]
    dates = {fact_date(snapshot, fact) or "" for fact in related}
    if len(dates - {""}) < 2:
        return chosen, None
    order = {fact.id: position for position, fact in enumerate(picked)}
    # Newest first among the facts on the same measure; the others keep their rank after them.
    related_sorted = sorted(related, key=lambda f: (fact_date(snapshot, f) or "", -order[f.id]), reverse=True)
    rest = [fact for fact in chosen if fact not in related]  # other places and measures stay
    return [*related_sorted, *rest], max(dates - {""})
