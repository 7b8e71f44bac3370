"""What a number question measures, and which facts can answer it: a count of companies is
answered by a count of companies, money by money, "per year" by a yearly figure, a total by no one
applicant's cap, "already" by no proposed target and a year by no figure dated to another year."""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.answer.amounts import per_applicant, per_applicant_words
from knowledge.answer.query import Query
from knowledge.facts import FactView, Kind
from knowledge.text.forms import normalise

PEOPLE_MEASURES = frozenset("位名")
STRICT_MEASURES = PEOPLE_MEASURES | {"家"}  # companies and people: a count in no other word answers


def in_money(fact: FactView) -> bool:
    """A figure in yuan or dollars: 万元, 元/年, 亿美元."""
    return str(fact.details.get("unit", "")).split("/")[0].endswith("元")


def counting(query: Query) -> Callable[[FactView], bool]:
    """Whether a fact can answer what a number question measures: a count asked in a measure word
    (多少家, how many companies) a count in it, money an amount of money, and "per year" a figure
    for a year (not what one company got once). Any fact can when the question asks none of these."""
    tests: list[Callable[[FactView], bool]] = []
    measures = query.counted & STRICT_MEASURES
    if query.asks_money:  # 多少钱: an amount of money, never a number of companies
        tests.append(lambda fact: in_money(fact) or (fact.kind != Kind.FIGURE and "元" in fact.quote))
    elif measures:  # 几条 may be answered in 项, 几个方面 by 四方面: only companies and people are strict
        if measures & PEOPLE_MEASURES:
            measures |= PEOPLE_MEASURES  # 几位 is answered in 名 too
        counted = re.compile(rf"[\d一二三四五六七八九十百千万两]+[余多]?(?:{'|'.join(measures)})")
        tests.append(
            lambda fact: fact.details.get("unit") in measures or counted.search(fact.quote) is not None
        )
    if query.asks_number and _YEARLY.search(query.normalised):
        tests.append(_yearly)
    if query.asks_number and _TOTAL.search(query.normalised) and not per_applicant_words(query.normalised):
        # 总额: not one company's cap (单家企业的总额 asks for that company's)
        tests.append(lambda fact: fact.kind != Kind.FIGURE or not per_applicant(fact))
    if query.asks_number and _DONE.search(query.normalised):  # 已经培训了多少人: not a proposed target
        tests.append(lambda fact: fact.kind != Kind.PROPOSAL and not _PROPOSED.search(fact.quote))
    asked_years = set(_YEAR.findall(query.normalised))
    if query.asks_number and asked_years:  # 2024年…多少: not a figure its sentence dates to 2025 only
        tests.append(lambda fact: fact.kind != Kind.FIGURE or _dated_in(fact, asked_years))
    return lambda fact: all(test(fact) for test in tests)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _dated_in(fact: FactView, years: set[str]) -> bool:
    """Whether a figure may be of one of `years`: its sentence and period name one, or no year at all."""
    named = set(_YEAR.findall(f"{fact.quote} {fact.details.get('period') or ''}"))
    return not named or bool(named & years)


_TOTAL = re.compile(r"总额|总量|总计|合计|一共|总共|(?<![a-z])(?:total|combined|in all|altogether)(?![a-z])")
_DONE = re.compile(r"已经|已有|已累计|(?<![a-z])(?:already|so far)(?![a-z])")
_PROPOSED = re.compile(r"建议|呼吁|提议|倡议|主张|提案|議|籲")


_YEARLY = re.compile(
    r"每年|年度|每一年|全年|(?<![a-z])(?:annual|yearly|per year|a year|each year|every year)(?![a-z])"
)


def _yearly(fact: FactView) -> bool:
    """A figure for a year: 每年/年度 in its period, unit (元/年) or sentence; anything not a figure."""
    if fact.kind != Kind.FIGURE:
        return True
    said = " ".join(
        [
            str(fact.details.get("period") or ""),
            str(fact.details.get("unit") or ""),
            fact.quote,
            fact.summary_en,
        ]
    )
    return bool(_YEARLY.search(normalise(said))) or "/年" in said or "年均" in said
