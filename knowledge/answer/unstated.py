"""A known person asked for a measure none of their facts states ("…今年多少岁?") is declined.

The question's measure is the word its number cue counts in (多少岁, 几份, 多少亿元); when no fact
about the people it names has that measure in its quote, their other facts do not answer it.
"""

from __future__ import annotations

import re

from knowledge.answer.query import Query
from knowledge.answer.snapshot import Snapshot
from knowledge.lexicon.lexicons import lexicon
from knowledge.text.forms import to_traditional

# 多少岁, 几份, 多大年纪: the counted word; a general counter (个, 种) asks nothing specific, and
# 多少预算 or 多少比例 asks for a noun, not in a measure word.
_MEASURE = re.compile(r"(?:多少|几|多大)([\u4e00-\u9fff])")
GENERAL_COUNTERS = frozenset("个种次样些")
MEASURE_WORDS = frozenset(unit for unit in lexicon().units if len(unit) == 1) | frozenset("岁亿万")


def asks_unstated_measure(snapshot: Snapshot, query: Query) -> bool:
    """The question names people and counts in a measure that none of their facts' quotes holds."""
    if not query.people:
        return False
    measures = [m for m in _MEASURE.findall(query.normalised) if m in MEASURE_WORDS - GENERAL_COUNTERS]
    if not measures:
        return False
    facts = [snapshot.facts[i] for person in query.people for i in snapshot.by_person.get(person, ())]
    return not any(
        measure in fact.quote or to_traditional(measure) in fact.quote
        for measure in measures
        for fact in facts
    )
