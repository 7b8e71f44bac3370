"""Policy facts: document titles in 《》, their short names, issuers and dates."""

from __future__ import annotations

import re

from knowledge.extract.events import _DATE_RE, _YEAR_EVENT_RE
from knowledge.extract.figures import _inside, _segment
from knowledge.extract.names import pinyin_name
from knowledge.extract.sentences import _HAN, Sentence
from knowledge.extract.speakers import _Mention
from knowledge.extract.state import _add, _iso_date, _outlet_en, _record, _regions, _State, _trim
from knowledge.facts import Kind

# ---------------------------------------------------------------------------
# Documents

_DOC_RE = re.compile(r"《(?P<title>[^《》]{2,80})》")
_ALIAS_RE = re.compile(
    r"[(（](?:下称|下文简称|以下简称|简称|下同称|以下称)\s*《(?P<alias>[^《》]{1,20})》[)）]"
)
_MEDIA_RE = re.compile(
    r"(?:报|报社|杂志|周刊|日报|晚报|时报|晨报|新闻|网|电视台|频道|客户端|期刊|学报|画报|月刊|观察)$"
)
_UNBRACKETED_DOC_RE = re.compile(
    rf"(?P<title>[{_HAN}]{{4,30}}?(?:暂行办法|管理办法|管理规定|暂行规定|指导意见|实施细则|条例))"
)
_UNBRACKETED_STOP = "了据照的和与及在对将是按由经过通"
_ISSUE_VERBS = r"(?:联合印发|联合发布|正式发布|印发|发布|出台|公布|颁布|制定|推出|发出|下发|审议通过)"
_ISSUER_RE = re.compile(rf"(?P<issuer>[^，,。；;：:“”]{{2,40}}?){_ISSUE_VERBS}(?:了|的)?$")
_ISSUER_LEAD_RE = re.compile(
    r"^(?:此外|同时|另外|其中|目前|近日|日前|最近|近期|此前|早在|据悉|据了解|记者了解到|记者注意到|例如|比如|如|"
    r"地方上|在|而|但|并|也|还|已|又|今年\d{1,2}月|(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?|"
    r"\d{1,2}月\d{1,2}日|于)+"
)
_ISSUER_TAIL_RE = re.compile(
    r"(?:此次|本次|这次|近期|日前|近日|最近|此前|早已|已经|已|正式|共同|联合|先后|相继|率先|也|还)*"
    r"(?:于|在)?(?:今年|去年|(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:正式|共同|联合|已|先后|相继|率先|此前|也)*$"
)


def _document_mentions(state: _State, s: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, full title, is-a-definition) for every document named in a simplified sentence."""
    out: list[tuple[int, int, str, bool]] = []
    alias_spans = [(m.start(), m.end()) for m in _ALIAS_RE.finditer(s)]
    for m in _DOC_RE.finditer(s):
        if _inside(alias_spans, m.start(), m.end()):
            continue
        title = re.sub(r"\s+", " ", m.group("title").strip())
        if _MEDIA_RE.search(title) and len(title) <= 12:
            continue
        tail = s[m.end() : m.end() + 4]
        if tail.startswith("记者") or (len(title) <= 6 and s[max(0, m.start() - 1) : m.start()] == "对"):
            continue
        if title in state.aliases:
            out.append((m.start(), m.end(), state.aliases[title], False))
            continue
        alias = _ALIAS_RE.match(s, m.end())
        if alias:
            state.aliases[alias.group("alias")] = title
        out.append((m.start(), m.end(), title, True))
    if not out:
        for m in _UNBRACKETED_DOC_RE.finditer(s):
            title = m.group("title")
            cut = max(title.rfind(ch) for ch in _UNBRACKETED_STOP)
            title = title[cut + 1 :]
            if len(title) >= 8 and "《" not in title:
                out.append((m.start() + cut + 1, m.end(), title, True))
    return out


_POLICY_VERBS_RE = re.compile(
    r"^(?:也|还|则|更|进一步|明确|率先|同时|中|里)*(?:提出|强调|指出|明确|要求|规定|聚焦|围绕|明确提出|提到|鼓励|支持|显示)"
)


def _policies(state: _State, sentence: Sentence, mentions: list[_Mention]) -> list[tuple[int, str]]:
    """Policy facts for the documents a sentence names; (position, title) of each document."""
    s = sentence.simple
    documents = _document_mentions(state, s)
    titles: list[tuple[int, str]] = [(start, title) for start, _, title, _ in documents]
    done: set[str] = set()
    for start, end, title, _defined in documents:
        if title in done:
            continue
        done.add(title)
        before = s[:start]
        clause_start = max(before.rfind(ch) for ch in "，,。；;：:“”") + 1
        head = before[clause_start:]
        proposed = bool(
            re.search(r"(?:制定|出台|编制|研究制定|设立)(?:国家|省级|国家级)?$", before)
        ) and bool(re.search(r"建议|呼吁|提议|倡议", before))
        issuer = None
        m = _ISSUER_RE.search(head)
        if m and not proposed:
            issuer = _ISSUER_LEAD_RE.sub("", m.group("issuer"))
            issuer = _ISSUER_TAIL_RE.sub("", issuer).strip()
            if not issuer or len(issuer) < 2 or any(issuer == mention.person.name for mention in mentions):
                issuer = None
        seg_start, _ = _segment(s, start, end)
        date = None
        for dm in _DATE_RE.finditer(s, seg_start, end):
            date = _iso_date(dm, state.article.published) or date
        ym = _YEAR_EVENT_RE.search(s, max(seg_start, start - 16), min(len(s), end + 4))
        if date is None and ym:
            date = ym.group("y")
        year = re.search(r"[(（]((?:19|20)\d{2})\s*[—–\-~～]", title)
        proposal = s[end : end + 4].startswith(("提案", "议案"))
        regions = _regions(state.glossary, title + (issuer or "")) or _regions(state.glossary, s)
        rest = s[end:]
        alias = _ALIAS_RE.match(rest)
        if alias:
            rest = rest[alias.end() :]
        rest = rest.lstrip("，,：:的 ")
        note = "（建议制定）" if proposed else ("（提案）" if proposal else "")
        lead = f"{issuer}：" if issuer else ""
        if _POLICY_VERBS_RE.match(rest) and len(rest) >= 8:
            summary_zh = f"{lead}《{title}》{note}{_trim(rest, 80)}"
        else:
            summary_zh = f"《{title}》{note}：{_trim(s[clause_start:], 80)}"
        who = next((mention.person for mention in mentions), None)
        where = ", ".join(state.glossary.region_en.get(r, r) for r in regions)
        kind_en = (
            "proposal document" if proposal else ("proposed document" if proposed else "policy document")
        )
        fact = _record(
            state,
            sentence,
            kind=Kind.PROPOSAL if proposal else Kind.POLICY,
            value=title,
            summary_zh=_trim(summary_zh, 120),
            summary_en=(
                f"Extracted from {_outlet_en(state.article)}: {kind_en} 《{title}》"
                + (f" issued by {issuer}" if issuer else "")
                + (f" ({where})" if where else "")
                + (f", dated {date}" if date else "")
                + (f", proposed by {pinyin_name(who.name)}" if (proposed or proposal) and who else "")
                + " — see quote."
            ),
            people=[who.id] if who and (proposed or proposal) else [],
            orgs=[issuer] if issuer else [],
            keywords=[title, *([k for k, v in state.aliases.items() if v == title])],
            details={
                "document": title,
                "issuer": issuer,
                "date": date,
                "period": year.group(1) if year else None,
                "status": "proposed" if proposed else ("proposal" if proposal else None),
            },
            regions=regions,
        )
        _add(state, fact)
    return titles
