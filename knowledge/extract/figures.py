"""Figure facts: numbers with units, their qualifiers and time frames, and their English summaries."""

from __future__ import annotations

import re

from knowledge.extract.names import _TITLE_RE, pinyin_name
from knowledge.extract.sentences import _CLAUSE_SPLIT, Sentence
from knowledge.extract.speakers import _Mention
from knowledge.extract.state import _add, _clause_around, _outlet_en, _record, _regions, _State, _trim
from knowledge.facts import Kind
from knowledge.lexicon.lexicons import lexicon

# ---------------------------------------------------------------------------
# Figures

_MULT = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)"
_NUM = r"\d+(?:\.\d+)?"
_RANGE = rf"{_NUM}(?:\s*[—–~～\-]{{1,2}}\s*{_NUM})?"
_UNITS = tuple(unit for unit, entry in lexicon().units.items() if entry.after_digits)
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_QUAL_BEFORE = r"(?P<pre>不超过|超过|不低于|不少于|最高|最多|至少|达到|达|约|近|逾|仅占|占|突破)?"
_QUAL_AFTER = r"(?P<post>以上|以下|以内|左右|余|多|内)?"
_FIGURE_RE = re.compile(
    rf"{_QUAL_BEFORE}(?<![A-Za-z0-9.\-/_])(?P<num>{_RANGE})\s*(?P<mult>{_MULT})?\s*(?P<mid>余|多)?"
    rf"(?P<unit>{_UNIT_RE})(?![A-Za-z]){_QUAL_AFTER}"
)
FIGURE_RE = _FIGURE_RE  # a figure written in digits with its unit and qualifiers
_CN_DIGIT = "两二三四五六七八九"
_CN_FIGURE_RES = (
    # 两三年, 十年, 三年之后, 一年以上, 6个月 in words, 四级, 十项, 三份 (not 五大方向: no unit)
    re.compile(
        rf"(?<![第其之一二三四五六七八九十百千万亿几数])(?P<num>[{_CN_DIGIT}]{{1,2}}|[{_CN_DIGIT}]?十[{_CN_DIGIT}]?)"
        rf"(?P<unit>年|个月|项|条|份|位|名|倍|级)(?P<post>以上|以内|内|多|左右)?"
    ),
    re.compile(r"(?<![第其之一二三四五六七八九十])(?P<num>一)(?P<unit>年)(?P<post>以上|以内|内|多|左右)"),
    # 千万级, 千亿级, 万亿参数
    re.compile(
        r"(?<![\d一二三四五六七八九十百千万亿])(?P<num>万亿|千亿|百亿|十亿|千万|百万|[十百千]?[万亿])(?P<unit>级(?:参数量|参数)?|参数量|参数)"
    ),
    # 千亿元, 百亿美元
    re.compile(
        r"(?<![\d一二三四五六七八九十百千万亿])(?P<num>万亿|千亿|百亿|十亿|千万|百万)(?P<unit>元|美元)"
    ),
    # 数十亿, 数百亿(元)
    re.compile(r"(?P<num>数[十百千]+[万亿]?)(?P<unit>元|美元|人)?(?=[，,、。；;的])"),
)
_NAME_SUFFIX = r"(?:联盟|集团|公司|计划|工程|基金|论坛|俱乐部)"
_YEAR_UNIT_RE = re.compile(r"^(?:19|20)\d{2}(?:\s*[—–~～\-]{1,2}\s*(?:19|20)\d{2})?$")
_PERIOD_RE = re.compile(
    r"(?:(?:到|至|截至)?(?:19|20)\d{2}\s*[—–\-~～]{1,2}\s*(?:19|20)\d{2}年|(?:到|至|截至|截止)?(?:19|20)\d{2}年(?:底|末|前|初|年底)?(?:前)?|"
    r"每年|未来\d+年内?|未来[一二两三四五六七八九十]+年内?|\d+年内|连续\d+年)"
)


_WHOLE_PLACE = re.compile(r"全省|全市|全区|全自治区|本省|本市")
# A figure right after 此前/以往… (高于此前每年4000万元) is what was, not what is.
_EARLIER = re.compile(r"(?:此前|以前|之前|原先|原来|原有|过去|以往|往年|上一轮)[^，,。；;]{0,6}$")


def _currency_before(s: str, start: int) -> str | None:
    """The currency written right before a figure (每家上限新台币200万元: 新台币), if any."""
    return next((name for name in lexicon().currencies if s.endswith(name, 0, start)), None)


def _money_en(value: str, mult: str, unit: str) -> str | None:
    """An English rendering of Chinese magnitudes: 1500亿元 -> 150 billion yuan."""
    factors = {
        "": 1,
        "千": 10**3,
        "万": 10**4,
        "十万": 10**5,
        "百万": 10**6,
        "千万": 10**7,
        "亿": 10**8,
        "十亿": 10**9,
        "百亿": 10**10,
        "千亿": 10**11,
        "万亿": 10**12,
    }
    entry = lexicon().units.get(unit)
    currency = entry.currency if entry else None
    if mult not in factors or not re.fullmatch(r"\d+(?:\.\d+)?", value):
        return None
    amount = float(value) * factors[mult]
    if not mult and currency is None:
        return None
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if amount >= size:
            number = f"{amount / size:.2f}".rstrip("0").rstrip(".")
            return f"{number} {word}" + (f" {currency}" if currency else "")
    number = f"{amount:.2f}".rstrip("0").rstrip(".")
    return number + (f" {currency}" if currency else "")


_QUALIFIER_EN = {
    "不超过": "up to",
    "最高": "up to",
    "最多": "up to",
    "超过": "more than",
    "逾": "more than",
    "突破": "more than",
    "以上": "or more",
    "至少": "at least",
    "不少于": "at least",
    "不低于": "at least",
    "约": "about",
    "近": "nearly",
    "左右": "about",
    "以下": "up to",
    "以内": "within",
    "内": "within",
}
_UNIT_EN = {unit: entry.en for unit, entry in lexicon().units.items() if entry.en is not None}


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _segment(s: str, start: int, end: int) -> tuple[int, int]:
    """The ；-separated part of a sentence holding s[start:end]."""
    left = max(s.rfind(ch, 0, start) for ch in "；;") + 1
    rights = [pos for ch in "；;" if (pos := s.find(ch, end)) != -1]
    return left, (min(rights) if rights else len(s))


def _clause_bounds(s: str, start: int, end: int) -> tuple[int, int]:
    left = max(s.rfind(ch, 0, start) for ch in _CLAUSE_SPLIT) + 1
    rights = [pos for ch in _CLAUSE_SPLIT if (pos := s.find(ch, end)) != -1]
    return left, (min(rights) if rights else len(s))


def _period_for(s: str, start: int, end: int, protected: list[tuple[int, int]]) -> str | None:
    """The time frame of a figure: a period phrase in its own clause, else a time clause of its own
    (``2025年,`` / ``计划到2023年底,``) earlier in the same part of the sentence."""
    seg_left, _ = _segment(s, start, end)
    clause_left, clause_right = _clause_bounds(s, start, end)
    best: tuple[int, str] | None = None
    for m in _PERIOD_RE.finditer(s, seg_left, clause_right):
        if _inside(protected, m.start(), m.end()) or (m.start() < end and start < m.end()):
            continue
        if m.start() < clause_left:
            own_left, own_right = _clause_bounds(s, m.start(), m.end())
            rest = s[own_left:own_right].replace(m.group(0), "", 1)
            if len(rest) > 3:
                continue  # the period belongs to another clause
        distance = abs(start - m.end())
        if best is None or distance < best[0]:
            best = (distance, m.group(0))
    return best[1] if best else None


_LEAD_CLAUSE_RE = re.compile(r"^[^，,：:“”]{1,12}?(?:提出|表示|指出|强调|明确|要求|计划|宣布)$")


def _figures(
    state: _State, sentence: Sentence, mentions: list[_Mention], documents: list[tuple[int, str]]
) -> None:
    s = sentence.simple
    protected = [
        (m.start(), m.end())
        for m in re.finditer(
            r"《[^《》]*》|[(（](?:19|20)\d{2}[^()（）]{0,20}[)）]|[(（][A-Za-z0-9 .\-]+[)）]", s
        )
    ]
    protected += [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z0-9\-./]*\d[A-Za-z0-9\-./]*", s)]
    found: list[tuple[int, int, str, str, str, str, str]] = []  # start, end, num, mult, unit, pre, post
    for m in _FIGURE_RE.finditer(s):
        num, unit = m.group("num"), m.group("unit")
        start = m.start("num")
        if _inside(protected, start, m.end("unit")):
            continue
        if unit == "年" and _YEAR_UNIT_RE.match(num.replace(" ", "")):
            continue  # a year, not a duration
        if start > 0 and s[start - 1] in "第":
            continue
        pre, post = m.group("pre") or "", m.group("post") or ""
        mult = (m.group("mult") or "") + (m.group("mid") or "")  # 40余家: "余" is written with the number
        found.append((m.start(), m.end(), num, mult, unit, pre, post))
    for pattern in _CN_FIGURE_RES:
        for m in pattern.finditer(s):
            if _inside(protected, m.start(), m.end()) or any(
                a < m.end() and m.start() < b for a, b, *_ in found
            ):
                continue
            unit = m.group("unit") or ""
            if unit == "大":
                unit = s[m.end("unit") - 1 : m.end("unit") + 2]
            post = m.groupdict().get("post") or ""
            if unit == "年" and re.match(r"(?:之后|以后|后|前|以前|来)", s[m.end() :]):
                continue  # 时隔三年之后: a relative time, not a figure
            if re.match(_NAME_SUFFIX, s[m.end() :]):
                continue  # 万亿参数联盟: part of a name
            if unit == "级" and _TITLE_RE.match(s, m.end()):
                continue  # 二级巡视员: a rank in a title, not a figure
            found.append((m.start(), m.end(), m.group("num"), "", unit, "", post))
    if not found:
        return
    speaker = next((mention.person for mention in mentions), None)
    if speaker is None and re.match(r"^(?:据)?(?:他|她)(?!们)", s) and state.last_person:
        speaker = state.last_person
    seen: set[tuple[str, str]] = set()
    for start, end, num, mult, unit, pre, post in sorted(found):
        value = f"{num}{mult}"
        if (value, unit) in seen:
            continue
        seen.add((value, unit))
        space = " " if unit[:1].isascii() and unit[:1].isalpha() else ""
        currency = _currency_before(s, start) if unit.endswith("元") else None
        written = f"{currency or ''}{pre}{num}{mult}{space}{unit}{post}"
        clause = _clause_around(s, start, end)
        period = _period_for(s, start, end, protected)
        magnitude = mult.rstrip("余多")
        english = _money_en(num, magnitude, unit)
        unit_en = _UNIT_EN.get(unit, unit)
        shown = english or (f"{num}%" if unit in ("%", "％") else f"{num}{magnitude} {unit_en}".strip())
        qualifier = (
            _QUALIFIER_EN.get(pre) or _QUALIFIER_EN.get(post) or ("more than" if magnitude != mult else None)
        )
        if qualifier:
            shown = f"{qualifier} {shown}" if qualifier != "or more" else f"{shown} or more"
        seg_left, seg_right = _segment(s, start, end)
        in_segment = list(dict.fromkeys(title for pos, title in documents if seg_left <= pos < seg_right))
        all_titles = list(dict.fromkeys(title for _, title in documents))
        document = (
            in_segment[0] if len(in_segment) == 1 else (all_titles[0] if len(all_titles) == 1 else None)
        ) or (state.full_text_of if not all_titles else None)
        summary = clause if not speaker or speaker.name in clause else f"据{speaker.name}，{clause}"
        lead = s[seg_left:seg_right].split("，")[0].split(",")[0].strip()
        if document and "《" not in clause and not speaker:
            summary = f"《{document}》：{clause}"
        elif _LEAD_CLAUSE_RE.match(lead) and lead not in clause and not speaker:
            summary = f"{lead}：{clause}"
        regions = (
            # 全省智能算力规模: the article's own province, whatever else the sentence names
            (state.places if _WHOLE_PLACE.search(clause) and not _regions(state.glossary, clause) else [])
            or _regions(state.glossary, s[seg_left:seg_right], state.places)
            or _regions(state.glossary, s, state.places)
        )
        if period and period not in summary:
            summary = f"{_trim(summary, 80)}（{period}）"
        fact = _record(
            state,
            sentence,
            kind=Kind.FIGURE,
            value=f"{value}{unit}",
            summary_zh=_trim(summary, 100),
            summary_en=(
                f"Extracted from {_outlet_en(state.article)}: figure {written} ({shown})"
                + (f", period {period}" if period else "")
                + (f", according to {pinyin_name(speaker.name)}" if speaker else "")
                + " — see quote."
            ),
            people=[speaker.id] if speaker else [],
            keywords=[written, f"{num}{mult}{unit}"],
            details={
                "value": value,
                "unit": unit,
                "as_written": written,
                "measure": _trim(clause, 60),
                "period": period,
                "document": document,
                "earlier": bool(_EARLIER.search(s[max(0, start - 12) : start])) or None,
                "currency": currency,
            },
            regions=regions,
        )
        _add(state, fact)
