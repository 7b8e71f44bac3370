"""People in a sentence: names with their titles, roles, and who says or proposes what."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.extract.names import (
    _ADVERBS,
    _AFTER_NAME_RE,
    _CLAUSE_OPENERS,
    _CONTINUATION_RE,
    _COUNTED_PROPOSALS_RE,
    _FUNCTION_CHARS,
    _GROUP_RE,
    _GROUP_TAIL,
    _ITEM_RE,
    _NOT_NAMES,
    _PRONOUN_RE,
    _PROPOSE_VERBS,
    _QUOTED_RE,
    _SAY_RE,
    _SUBMIT_VERBS,
    _SURNAMES_1,
    _SURNAMES_2,
    _TITLE_AT_END,
    _TITLE_BOUNDARY,
    _TITLE_LEAD_RE,
    _TITLE_RE,
    _TO_REPORTER,
    _nr_starts,
    _title_en,
    person_id_for,
    pinyin_name,
)
from knowledge.extract.sentences import _HAN, Sentence
from knowledge.extract.state import _add, _outlet_en, _Person, _record, _regions, _State, _trim
from knowledge.facts import Kind, PersonRecord

# ---------------------------------------------------------------------------
# People in a sentence

_HONORIFIC_RE = re.compile(
    r"(?P<surname>[\u4e00-\u9fff])(?:代表|委员|教授|院士|院长|局长|主任|博士|先生|女士|书记|市长|董事长|总经理|研究员)"
)
_TITLE_IN_BRACKETS_RE = re.compile(rf"[（(](?P<title>[^（）()]{{0,28}}?(?:{_TITLE_RE.pattern}))[）)]")
_ABOUT_RE = re.compile(r"^关于(?P<what>.{4,}?)的(?:建议|提案|议案)")
# What should be done, said by a speaker, is proposed: 认为，应加快…; 表示，希望…; 直言，X要…; 所以要…
# (a modal in the first clause only: "农业是…场景，大模型要在…" is a view).
_SHOULD_RE = re.compile(
    r"^(?:所以|因此|为此|对此|同时|此外|另外)?[，,]?"
    r"(?:希望|期待|呼吁|"
    r"[^，,。；;：:“”]{0,14}?(?:应当|应该|(?<![对相供响反])应(?![用对该当])|必须|亟需|有必要|(?<![重主只需不想])要(?![求素点是闻]))"
    r")"
)


def _given_length(s: str, start: int, nr: Mapping[int, str]) -> int | None:
    """The length of the name starting at `start` (2 or 3 characters, 3-4 for compound surnames)."""
    if start >= len(s):
        return None  # a title that ends the sentence names nobody after it
    surname_len = 2 if s[start : start + 2] in _SURNAMES_2 else 1
    if surname_len == 1 and s[start] not in _SURNAMES_1:
        return None
    token = nr.get(start)
    options: list[int] = []
    if token and surname_len + 1 <= len(token) <= surname_len + 2 and re.fullmatch(f"[{_HAN}]+", token):
        options.append(len(token))
    for given in (2, 1):
        options.append(surname_len + given)
    for length in dict.fromkeys(options):
        name = s[start : start + length]
        if len(name) < length or not re.fullmatch(f"[{_HAN}]+", name) or name in _NOT_NAMES:
            continue
        if length == surname_len + 2 and name[-1] in _FUNCTION_CHARS and token != name:
            continue
        rest = s[start + length :]
        if not rest or rest[0] in _TITLE_BOUNDARY or rest[0] in "、" or _AFTER_NAME_RE.match(rest):
            return length
    return None


def _title_before(s: str, start: int) -> str | None:
    """The title written right before a name: ``全国人大代表、科大讯飞董事长`` in ``…董事长刘庆峰``."""
    prefix = s[:start]
    if not _TITLE_AT_END.search(prefix):
        return None
    cut = max(prefix.rfind(ch) for ch in _TITLE_BOUNDARY) + 1
    title = prefix[cut:]
    if "的" in title and len(title.rsplit("的", 1)[1]) >= 4:
        title = title.rsplit("的", 1)[1]
    for _ in range(3):
        title = _TITLE_LEAD_RE.sub("", title)
    title = title.strip("、 ")
    if not 2 <= len(title) <= 70 or not _TITLE_AT_END.search(title):
        return None
    return title


def _org_of(title: str) -> str | None:
    """The organisation a title names before its first title word: 海擎智能 of 海擎智能董事长兼首席执行官."""
    last = re.split(r"[、，,]", title)[-1]
    match = _TITLE_RE.search(last) if _TITLE_AT_END.search(last) else None
    org = last[: match.start()] if match else ""
    org = re.sub(r"(?:副|常务|执行)$", "", org)
    return org if len(org) >= 2 and not re.fullmatch(r"(?:全国|市|省)?(?:人大|政协)", org) else None


def _resolve(state: _State, name: str) -> _Person:
    person_id = state.known.get(name)
    if person_id is None:
        taken: dict[str, PersonRecord] = {**state.people, **state.new_people}
        person_id = person_id_for(name, taken)
        if person_id not in taken:
            state.new_people[person_id] = PersonRecord(person_id, name, pinyin_name(name), [])
        state.known[name] = person_id
    return _Person(person_id, name, state.titles.get(person_id))


@dataclass
class _Mention:
    person: _Person
    start: int
    end: int
    title: str | None


def _mentions(state: _State, s: str) -> list[_Mention]:
    """People named in a simplified sentence, left to right, each span once."""
    nr = _nr_starts(s)
    spans: dict[int, tuple[int, str, str | None]] = {}
    # 1. known people (names and aliases)
    for name in sorted(state.known, key=len, reverse=True):
        for m in re.finditer(re.escape(name), s):
            if not any(a <= m.start() < b for a, (b, _, _) in ((k, v) for k, v in spans.items())):
                spans[m.start()] = (m.end(), name, _title_before(s, m.start()))
    # 2. title + name
    for m in _TITLE_RE.finditer(s):
        start = m.end()
        while start < len(s) and s[start] == " ":
            start += 1  # 全国政协委员 蒲景行：a title and its name apart by a space
        if start in spans or any(a <= start < b for a, (b, _, _) in spans.items()):
            continue
        length = _given_length(s, start, nr)
        if length is None:
            continue
        title = _title_before(s, m.end())
        if title is None:
            continue
        spans[start] = (start + length, s[start : start + length], title)
    # 2b. name（title）: 柏思远（清华大学公共管理学院副教授）
    for m in _TITLE_IN_BRACKETS_RE.finditer(s):
        for length in (3, 2, 4):
            start = m.start() - length
            taken = any(a <= start < b or a < m.start() <= b for a, (b, _, _) in spans.items())
            if start < 0 or taken or _given_length(s, start, nr) != length:
                continue
            before = s[:start]
            if (
                not before
                or before[-1] in _TITLE_BOUNDARY + "、"
                or _TITLE_AT_END.search(before)
                or before.endswith(("学者", "专家"))
            ):
                spans[start] = (m.start(), s[start : m.start()], m.group("title"))
                break
    # 3. 方代表, 何委员: a surname and an honorific for the one person of that surname named before
    for m in _HONORIFIC_RE.finditer(s):
        start = m.start()
        if any(a <= start < b for a, (b, _, _) in spans.items()) or not re.match(
            rf"{_ADVERBS}(?:{_SAY_RE})", s[m.end() :]
        ):
            continue
        same = {name for name in state.named if name.startswith(m.group("surname")) and name != m.group(0)}
        if len(same) == 1 and (start == 0 or s[start - 1] in _TITLE_BOUNDARY + "、在据而但并则即"):
            spans[start] = (m.end(), same.pop(), None)
    # 4. jieba names right before a speech verb (with an optional adverb or 等N位代表)
    for start in nr:
        if start in spans or any(a <= start < b for a, (b, _, _) in spans.items()):
            continue
        if start > 0 and s[start - 1] not in _TITLE_BOUNDARY + "、在据而但并则即":
            continue
        length = _given_length(s, start, nr)
        if length is None:
            continue
        rest = s[start + length :]
        if not re.match(rf"{_GROUP_TAIL}{_ADVERBS}(?:{_SAY_RE})", rest):
            continue
        spans[start] = (start + length, s[start : start + length], None)
    mentions = []
    for start in sorted(spans):
        end, name, title = spans[start]
        person = _resolve(state, name)
        state.named.add(name)
        if title and (person.id not in state.titles or state.titles[person.id] in title):
            state.titles[person.id] = title
        person.title = state.titles.get(person.id)
        mentions.append(_Mention(person, start, end, title))
    return mentions


def _roles(state: _State, sentence: Sentence, mentions: list[_Mention]) -> None:
    for mention in mentions:
        if not mention.title:
            continue
        person, title = mention.person, mention.title
        seen = state.roles.setdefault(person.id, [])
        if any(title in other for other, _ in seen):
            continue  # the same or a fuller title is recorded already
        for other, fact_id in list(seen):
            if other in title:  # a fuller title replaces a shorter one
                state.facts.pop(fact_id, None)
                seen.remove((other, fact_id))
        org = _org_of(title)
        title_en = _title_en(title)
        fact = _record(
            state,
            sentence,
            kind=Kind.ROLE,
            value=f"{person.name}|{title}",
            summary_zh=f"{person.name}是{title}。",
            summary_en=(
                f"Extracted from {_outlet_en(state.article)}: role of {pinyin_name(person.name)} "
                f"({person.name}) — {title}" + (f" ({title_en})" if title_en else "") + " — see quote."
            ),
            people=[person.id],
            orgs=[org] if org else [],
            keywords=[title, person.name],
            details={"title_zh": title, "title_en": title_en or None},
            regions=_regions(state.glossary, title),
        )
        _add(state, fact)
        seen.append((title, fact.id))
        if fact.regions:  # what they say without naming a place is about where they work
            state.person_places.setdefault(person.id, fact.regions)


def _speaker(
    state: _State, sentence: Sentence, mentions: list[_Mention]
) -> tuple[_Person | None, str | None, str, int] | None:
    """(person, group label, verb, end of verb) of the sentence's speaker, if it has one."""
    s = sentence.simple
    best: tuple[int, _Person | None, str | None, str, int] | None = None
    for mention in mentions:
        m = re.match(rf"{_GROUP_TAIL}{_ADVERBS}{_TO_REPORTER}{_ADVERBS}(?P<verb>{_SAY_RE})", s[mention.end :])
        at_clause_start = (
            mention.start == 0 or s[mention.start - 1] in _CLAUSE_OPENERS or mention.title is not None
        )
        if m and at_clause_start:
            position = mention.start
            if best is None or position < best[0]:
                best = (position, mention.person, None, m.group("verb"), mention.end + m.end())
    if best is None:
        pronoun = _PRONOUN_RE.search(s)
        if pronoun and state.last_person is not None and not mentions:
            best = (pronoun.start(), state.last_person, None, pronoun.group("verb"), pronoun.end())
    if best is None:
        said_by = _GROUP_RE.search(s)
        if said_by and said_by.group("group") != "记者":
            best = (said_by.start(), None, said_by.group("group"), said_by.group("verb"), said_by.end())
    if best is None and mentions and mentions[0].start == 0:
        colon = re.match(r"\s*[：:]\s*", s[mentions[0].end :])
        if colon:  # 谷海川：所以要… (an interview's answer without a verb)
            best = (0, mentions[0].person, None, "表示", mentions[0].end + colon.end())
    answer = state.answering
    if best is None and not mentions and answer is not None and answer[0] == sentence.paragraph:
        best = (0, answer[1], None, "建议" if answer[2] else "表示", 0)  # the answer goes on
    continuation = _CONTINUATION_RE.match(s) or (_ITEM_RE.match(s) if state.proposing else None)
    if best is None and state.last_speaker is not None and not mentions and continuation is not None:
        best = (0, state.last_speaker, None, "建议", continuation.end())
    if best is None:
        return None
    _, person, group, verb, end = best
    if verb in ("说", "称") and person is None:
        return None
    return person, group, verb, end


def _said(state: _State, sentence: Sentence, mentions: list[_Mention]) -> None:
    found = _speaker(state, sentence, mentions)
    if found is None:
        state.proposing = False
        return
    person, group, verb, end = found
    s = sentence.simple
    quoted = _QUOTED_RE.match(s)
    content = s[end:].lstrip("，,：: ")
    if quoted and end > quoted.end() and len(content.strip("“”。")) < 10:
        content = quoted.group("quote")
    content = content.strip("“”")
    if person is not None and _COUNTED_PROPOSALS_RE.match(content):
        state.last_speaker, state.proposing = person, True  # 提出两点建议。第一，…
    if len(content) < 6:
        return
    kind = Kind.PROPOSAL if verb in _PROPOSE_VERBS else Kind.STATEMENT
    inner = re.search(r"(?:他|她)?建议[，,：:]?", content[:30])
    if (kind == Kind.STATEMENT or verb in _SUBMIT_VERBS) and inner is not None:
        kind = Kind.PROPOSAL
        content = content[inner.end() :] if len(content) - inner.end() >= 6 else content
    if verb in _SUBMIT_VERBS and (about := _ABOUT_RE.match(content)):
        content = about.group("what")  # 带来了关于加快建设算力网的建议
    if kind == Kind.STATEMENT and _SHOULD_RE.match(content):
        kind = Kind.PROPOSAL  # 认为，应加快制定人工智能法: what should be done is proposed
    if kind == Kind.PROPOSAL:
        content = re.sub(r"^建议[，,：:]?", "", content)
    if person is not None:
        who = f"{person.name}（{person.title}）" if person.title else person.name
        who_en = f"{pinyin_name(person.name)} ({person.name})"
    else:
        who, who_en = group or "", group or ""
    verb_zh = "建议" if kind == Kind.PROPOSAL else ("认为" if verb in ("认为", "看来") else "表示")
    fact = _record(
        state,
        sentence,
        kind=kind,
        value=person.id if person else (group or ""),
        summary_zh=f"{who}{verb_zh}：{_trim(content, 70)}",
        summary_en=f"Extracted from {_outlet_en(state.article)}: {kind} by {who_en} — see quote.",
        people=[person.id] if person else [],
        keywords=[person.name] if person else [],
        details={"speaker": person.name if person else group},
    )
    _add(state, fact)
    state.proposing = True  # what follows (二是…, 为此，应…) may go on with it
    if person is not None:
        state.last_speaker = person
        if re.match(rf"{re.escape(person.name)}\s*[：:]", s):
            state.answering = (sentence.paragraph, person, kind == Kind.PROPOSAL)
        elif state.answering is not None and state.answering[0] != sentence.paragraph:
            state.answering = None
