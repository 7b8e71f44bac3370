"""Figures in English: amounts (1亿元 → 100 million yuan), periods (2025年底 → by the end of 2025)
and what a figure measures, put together ("annual cap: 4 million yuan per company")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.extract.measure import COUNTS, Words, measured, singular
from knowledge.lexicon.lexicons import lexicon
from knowledge.text.forms import to_simplified

_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<mult>[十百千万萬亿億]*)(?P<rest>.*)$")
_UNITS = {
    "元": "yuan",
    "%": "%",
    "％": "%",
    "个百分点": "percentage points",
    "PFLOPS": "PFLOPS",
    "EFLOPS": "EFLOPS",
    "个月": "months",
    "年": "years",
    "天": "days",
    "个工作日": "working days",
    "家": "companies",
    "项": "items",
    "條": "articles",
    "条": "articles",
    "份": "proposals",
    "个": "",
    "架": "racks",
    "位": "people",
    "名": "people",
    "人": "people",
    "台": "units",
}


def number_english(value: float) -> str:
    """12000 → "12,000"; 2e6 → "2 million"; 1e8 → "100 million"; 1e13 → "10 trillion"."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            scaled = value / size
            return f"{scaled:,.10g} {word}"
    return f"{value:,.10g}"


def figure_english(value: str, unit: str, currency: str | None = None) -> str | None:
    """A figure's value and unit in English: ("200", "万元") → "2 million yuan"; ("30", "%") → "30%";
    with the currency written before it ("新台币"), "2 million New Taiwan dollars"."""
    match = _NUMBER.match(value.replace(",", "").strip())
    if not match:
        return None
    amount = float(match.group("num"))
    for char in match.group("mult"):
        amount *= _MULTIPLIERS[char]
    rest = match.group("rest")  # 40余 → "more than 40"
    unit_core = unit
    while unit_core[:1] in _MULTIPLIERS:  # 万元, 亿元
        amount *= _MULTIPLIERS[unit_core[0]]
        unit_core = unit_core[1:]
    unit_core = unit_core.split("/")[0]
    english_unit = _UNITS.get(unit_core, _UNITS.get(to_simplified(unit_core), unit_core))
    if currency and english_unit == "yuan":
        english_unit = lexicon().currencies.get(currency, english_unit)
    if amount == 1 and english_unit.endswith("s"):
        english_unit = singular(english_unit)  # 1 year
    shown = number_english(amount)
    text = f"{shown}%" if english_unit == "%" else f"{shown} {english_unit}".strip()
    if rest.startswith(("余", "多")):
        text = f"more than {text}"
    return text


def period_english(period: str) -> str:
    """每年 → "per year"; 2025年底 → "by the end of 2025"; 自2025年起每年 → "per year from 2025"."""
    simple = to_simplified(period)
    years = re.findall(r"(?:19|20)\d{2}", simple)
    parts: list[str] = []
    if "每年" in simple or "年度" in simple:
        parts.append("per year")
    if years:
        year = years[0]
        if "年底" in simple or "年末" in simple:
            parts.append(f"by the end of {year}")
        elif re.search(r"[自从]\s*(?:19|20)\d{2}年?起", simple):
            parts.append(f"from {year}")
        elif re.search(r"[到至]\s*(?:19|20)\d{2}", simple) or "前" in simple:
            parts.append(f"by {year}")
        else:
            parts.append(f"in {year}")
    elif not parts and re.search(r"\d", simple):
        parts.append(simple)
    return " ".join(parts)


@dataclass(frozen=True)
class FigureEnglish:
    """A figure said in English: "annual cap" + ": " + "4 million yuan", then "per company", terms."""

    phrase: str  # what is measured and its verb: "total compute vouchers allocated"
    joiner: str  # ": ", or " " after "valid for"
    amount: str  # "up to 100 million yuan"
    after: tuple[str, ...]  # per what and when: ("per company", "per year")
    terms: tuple[str, ...]  # content words when no measure is named

    def text(self, written: str = "") -> str:
        """ "total compute vouchers allocated: up to 100 million yuan (不超过1亿元) per year"."""
        shown = f"{self.amount} ({written})" if written else self.amount
        head = f"{self.phrase}{self.joiner}{shown}" if self.phrase else shown
        return " ".join((head, *self.after))


def figure_in_english(
    clause: str,
    *,
    value: str,
    unit: str,
    written: str,
    period: str = "",
    currency: str | None = None,
    words: Words,
    names: tuple[str, ...] = (),
) -> FigureEnglish:
    """What the figure `written` in `clause` measures, its amount, per what and when, in English."""
    what = measured(clause, written, value, unit, words, skip=names)
    amount = figure_english(value, unit, currency) or written
    phrase = what.phrase()
    number, _, unit_word = amount.rpartition(" ")
    if number and unit_word.isalpha():
        named = {singular(word) for word in phrase.split()}
        if singular(unit_word) in named or (phrase and unit in COUNTS):
            amount = number  # "number of companies: more than 4,500", not "… 4,500 companies"
        elif what.counted and singular(what.counted) != singular(unit_word):
            amount = f"{amount} {what.counted}"
    elif what.counted:
        amount = f"{amount} {what.counted}"  # 100 AI demonstration application scenarios
    qualifier = what.qualifier
    if qualifier == "within" and what.joiner() == " ":
        qualifier = ""  # valid for 12 months
    if qualifier == "or more":
        amount = f"{amount} or more"
    elif qualifier and not amount.startswith(qualifier):
        amount = f"{qualifier} {amount}"
    when = period_english(period)
    if phrase == "cap" and when.startswith("per year"):
        phrase, when = "annual cap", when.removeprefix("per year").strip()
    after = tuple(part for part in (what.per, when) if part)
    return FigureEnglish(phrase, what.joiner() if phrase else "", amount, after, tuple(what.terms))
