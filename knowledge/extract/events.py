"""Event facts: dated sentences with an event verb."""

from __future__ import annotations

import re

from knowledge.extract.sentences import Sentence
from knowledge.extract.speakers import _Mention
from knowledge.extract.state import _add, _clause_around, _iso_date, _outlet_en, _record, _State, _trim
from knowledge.facts import Kind

# ---------------------------------------------------------------------------
# Dates and events

_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?|(?P<this>今年|去年)(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?|"
    r"(?<![\d年])(?P<m3>\d{1,2})月(?P<d3>\d{1,2})日"
)
_YEAR_EVENT_RE = re.compile(r"(?:在|于)(?P<y>(?:19|20)\d{2})年(?:出台|发布|印发|成立|颁布|制定)")
_EVENT_VERBS_RE = re.compile(
    r"发布|推出|出台|印发|成立|组建|宣布|列入|召开|上线|开源|启动|签署|举行|亮相|创立|通过|升级|"
    r"施行|生效|起实施"  # 自2025年11月1日起施行: when a notice takes effect
)


def _events(
    state: _State, sentence: Sentence, mentions: list[_Mention], documents: list[tuple[int, str]]
) -> None:
    if documents:
        return
    s = sentence.simple
    for dm in _DATE_RE.finditer(s):
        date = _iso_date(dm, state.article.published)
        if date is None:
            continue
        after = s[dm.end() :]
        verb = _EVENT_VERBS_RE.search(after[:80])
        if verb is None:
            continue
        clause = _clause_around(s, dm.start(), dm.end() + verb.end(), min_len=12)
        if len(clause) < 8:
            continue
        fact = _record(
            state,
            sentence,
            kind=Kind.EVENT,
            value=date,
            summary_zh=_trim(f"{date}：{clause}", 90),
            summary_en=(f"Extracted from {_outlet_en(state.article)}: event on {date} — see quote."),
            people=[mention.person.id for mention in mentions],
            keywords=[date],
            details={"date": date},
        )
        _add(state, fact)
        return
