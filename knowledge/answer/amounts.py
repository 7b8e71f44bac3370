"""Figures as amounts, so that two sides of a comparison can be told apart: which one is higher.

An amount is a figure fact's value read as one number with its magnitude (300万元 is 3,000,000
元, 2.5亿 is 250,000,000) and its unit without magnitude or period (元/年 and 亿元 are both 元).
Two amounts are comparable only when their units (and currencies) are the same and both are, or neither is, a
cap per applicant ("单个企业每年最高", "per company"): an annual total is never weighed against
one company's share of it. A value that is no single number (两三年, 1—2, 40余) is no amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.facts import FactView, Kind

_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_VALUE = re.compile(r"^\D*?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<mag>[十百千万亿]*)(?P<rest>.*)$")
# Words that make a figure a share per applicant rather than a total (general policy vocabulary).
_PER_APPLICANT = (
    "单个", "单家", "每家", "每个企业", "每个主体", "单一", "单笔", "per company", "per applicant",
)  # fmt: skip


@dataclass(frozen=True)
class Amount:
    number: float
    unit: str  # 元, %, PFLOPS, 条 … without magnitude or period; a currency named before it: 新台币元
    per_applicant: bool
    text: str  # the value as the fact gives it, with its unit


def amount(fact: FactView) -> Amount | None:
    if fact.kind != Kind.FIGURE:
        return None
    value = str(fact.details.get("value") or "").strip()
    unit = str(fact.details.get("unit") or "").strip()
    if len(_NUMBER.findall(value)) != 1:
        return None
    match = _VALUE.match(value)
    if match is None:
        return None
    number = float(match["num"].replace(",", ""))
    for char in match["mag"]:
        number *= _MAGNITUDES[char]
    rest = match["rest"].strip()
    core = unit.split("/")[0].strip()
    while core[:1] in _MAGNITUDES and len(core) > 1:  # 万元: the magnitude is the unit's
        number *= _MAGNITUDES[core[0]]
        core = core[1:]
    if rest and not (core and (rest.endswith(core) or core.endswith(rest))) and rest not in _MAGNITUDES:
        return None  # 40余, 两级: not one plain number
    if not core:
        return None
    text = value if value.endswith(core) else f"{value}{core}"
    currency = str(fact.details.get("currency") or "")  # 新台币200万元 is no 200万元 of the mainland
    return Amount(number, f"{currency}{core}", per_applicant(fact), text)


def per_applicant(fact: FactView) -> bool:
    """A figure that is one applicant's share ("单个企业每年最高"), not a total."""
    return per_applicant_words(
        " ".join([str(fact.details.get("measure") or ""), fact.summary_zh, fact.summary_en.lower()])
    )


def per_applicant_words(text: str) -> bool:
    """Whether a (lower-case) text speaks of one applicant's share: 单个, 每家, per company."""
    return any(word in text for word in _PER_APPLICANT)


def comparable(first: Amount, second: Amount) -> bool:
    return first.unit == second.unit and first.per_applicant == second.per_applicant


def higher(amounts: list[tuple[str, Amount | None]]) -> tuple[str, Amount, list[Amount]] | None:
    """The side whose amount is highest, its amount and the others', when every side has a
    comparable one and they are not all equal; None otherwise."""
    if len(amounts) < 2 or any(found is None for _, found in amounts):
        return None
    known = [(label, found) for label, found in amounts if found is not None]
    first = known[0][1]
    if not all(comparable(first, other) for _, other in known[1:]):
        return None
    top = max(known, key=lambda pair: pair[1].number)
    if sum(found.number == top[1].number for _, found in known) > 1:
        return None
    return top[0], top[1], [found for label, found in known if label != top[0]]
