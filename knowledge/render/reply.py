"""Answers as replies: the direct answer first, then one line per fact with its quote and source.

The same structure serves Telegram (HTML: bold labels, expandable blockquotes, linked titles)
and the terminal (plain text); long lists are cut into pages of whole groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.answer.amounts import amount, higher
from knowledge.answer.qa import Answer, Group
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import FactView
from knowledge.render.answers import (
    Format,
    Renderer,
    detail_line,
    group_by_quote,
    message,
    message_name,
    quote_and_source,
    summary,
    with_unit,
)
from knowledge.render.telegram import utf16_len
from knowledge.text.forms import in_script

PAGE_UNITS = 3000  # UTF-16 units of groups on one page: one message, a few screens with quotes folded

WORDS: dict[str, dict[str, str]] = {
    "place": {"zh": "{n}个地方：", "en": "{n} places: "},
    "person": {"zh": "{n}位：", "en": "{n} people: "},
    "items": {"zh": "共{n}条：", "en": "{n} items: "},
    "no_data": {"zh": "已收录的文章中没有相关资料", "en": "no data in the collected articles"},
    "page": {"zh": "第{page}/{pages}页", "en": "page {page} of {pages}"},
    "date": {"zh": "时间：", "en": "Date: "},
    "higher": {"zh": "{label}更高：{values}", "en": "{label} higher: {values}"},
    "only": {"zh": "只有{labels}有相关资料", "en": "Only {labels} has data in the collected articles"},
}


def word(key: str, lang: str, **values: object) -> str:
    text = WORDS[key]["en" if lang == "en" else "zh"].format(**values)
    return in_script(text, "zh-Hant") if lang == "zh-Hant" else text


@dataclass(frozen=True)
class Page:
    text: str
    page: int  # 0-based
    pages: int


def render_answer(answer: Answer, snapshot: Snapshot, fmt: Format = "text") -> str:
    """The whole answer (every page of a list) as one text."""
    return render_page(answer, snapshot, fmt, page_units=None).text


def render_page(
    answer: Answer,
    snapshot: Snapshot,
    fmt: Format = "text",
    *,
    page: int = 0,
    page_units: int | None = PAGE_UNITS,
) -> Page:
    """One page of the answer: whole groups up to `page_units` UTF-16 units (None: all of them)."""
    r = Renderer(fmt)
    lang = answer.lang
    if answer.mode == "invalid":
        return Page(r.esc(message("invalid", lang)), 0, 1)
    missing = _missing(answer, snapshot)
    if not answer.answered:
        lines = [r.esc(missing or message("abstain", lang))]
        if answer.suggestions:
            lines.append(r.esc(message("can_answer", lang) + "、".join(answer.suggestions)))
        return Page("\n".join(lines), 0, 1)
    groups = answer.groups or _plain_groups(answer)
    lead = "\n".join(
        part
        for part in (
            r.esc(missing),
            r.bold(message("latest", lang).format(date=answer.latest)) if answer.latest else "",
            _lead(answer, groups, snapshot, r),
        )
        if part
    )
    sizes = [utf16_len(_group(g, snapshot, lang, r, set())) for g in groups] if page_units else []
    pages = _pages(groups, sizes, page_units)
    page = min(max(page, 0), len(pages) - 1)
    quoted: set[tuple[str, str]] = set()
    blocks = [lead] if lead else []
    blocks += [_group(group, snapshot, lang, r, quoted) for group in pages[page]]
    if len(pages) > 1:
        blocks.append(r.italic(word("page", lang, page=page + 1, pages=len(pages))))
    return Page("\n\n".join(block for block in blocks if block), page, len(pages))


def _missing(answer: Answer, snapshot: Snapshot) -> str:
    """ "I have nothing on Yangzhou yet" for the places (or people) named that no fact is about."""
    if not answer.missing:
        return ""
    lang = answer.lang
    names = [
        snapshot.glossary.region_en.get(name, name) if lang == "en" else message_name(name, lang)
        for name in answer.missing
    ]
    return message("missing", lang).format(names=(", " if lang == "en" else "、").join(names))


def _pages(groups: Sequence[Group], sizes: Sequence[int], limit: int | None) -> list[list[Group]]:
    """Groups packed in order into pages of at most `limit` units (a larger group is a page alone)."""
    if limit is None or not sizes:
        return [list(groups)]
    pages: list[list[Group]] = [[]]
    used = 0
    for group, size in zip(groups, sizes, strict=True):
        if pages[-1] and used + size > limit:
            pages.append([])
            used = 0
        pages[-1].append(group)
        used += size + 2
    return pages


def _plain_groups(answer: Answer) -> list[Group]:
    return [Group(None, list(facts)) for facts in group_by_quote(answer.facts)]


def label_of(group: Group, snapshot: Snapshot, lang: str) -> str:
    if group.label is None:
        return ""
    if group.kind == "person" or group.label in snapshot.people:
        return snapshot.display_name(group.label, lang)
    if group.kind == "document":
        text = f"《{group.label}》"
    elif lang == "en" and group.label in snapshot.glossary.region_en:
        text = f"{snapshot.glossary.region_en[group.label]} ({group.label})"
    else:
        text = group.label
    return in_script(text, "zh-Hant") if lang == "zh-Hant" else text


def _lead(answer: Answer, groups: Sequence[Group], snapshot: Snapshot, r: Renderer) -> str:
    """The direct answer: a list's count and names, who said it, when, how many."""
    lang = answer.lang
    first = answer.facts[0] if answer.facts else None
    if answer.qtype == "list" and answer.groups:
        kinds = {group.kind for group in groups}
        labels = [label_of(group, snapshot, lang) for group in groups if group.label]
        key = next(iter(kinds)) if len(kinds) == 1 and kinds <= {"place", "person"} else "items"
        count = len(groups) if key != "items" else len(answer.facts)
        joiner = ", " if lang == "en" else "、"
        names = joiner.join(dict.fromkeys(labels)) if key != "items" else ""
        return r.bold(
            word(key, lang, n=count).rstrip("：: ") if not names else word(key, lang, n=count) + names
        )
    if answer.mode == "person" and answer.person:
        return r.bold(snapshot.display_name(answer.person, lang))
    if answer.qtype == "who_said" and answer.person:
        return _who(answer.person, snapshot, lang, r)
    if answer.mode == "compare" and groups and all(group.kind == "side" for group in groups):
        return _verdict(groups, snapshot, lang, r)
    if first is None:
        return ""
    if answer.qtype == "count" and first.kind == "figure" and first.details.get("value"):
        return r.bold(with_unit(str(first.details["value"]), str(first.details.get("unit") or "")))
    if answer.qtype == "when":
        date = first.details.get("date") or first.details.get("period")
        if date:
            return r.bold(word("date", lang) + str(date))
    return ""


def _verdict(groups: Sequence[Group], snapshot: Snapshot, lang: str, r: Renderer) -> str:
    """Which side is higher when every side gives a comparable figure; which sides have data
    when some have none."""
    labels = [label_of(group, snapshot, lang) for group in groups]
    found = [label for label, group in zip(labels, groups, strict=True) if group.facts]
    if len(found) < len(groups):
        joiner = ", " if lang == "en" else "、"
        return r.bold(word("only", lang, labels=joiner.join(found)))
    top = higher([(label, amount(group.facts[0])) for label, group in zip(labels, groups, strict=True)])
    if top is None:
        return ""
    label, best, others = top
    values = " vs ".join([best.text, *(other.text for other in others)])
    return r.bold(word("higher", lang, label=label, values=values))


def _who(person: str, snapshot: Snapshot, lang: str, r: Renderer) -> str:
    name = r.bold(snapshot.display_name(person, lang))
    for i in snapshot.by_person.get(person, ()):
        fact = snapshot.facts[i]
        if fact.kind == "role":
            title = str(fact.details.get("title_en" if lang == "en" else "title_zh") or "")
            if title:
                title = in_script(title, "zh-Hant") if lang == "zh-Hant" else title
                return f"{name} ({r.esc(title)})" if lang == "en" else f"{name}（{r.esc(title)}）"
    return name


def _fact_line(fact: FactView, snapshot: Snapshot, lang: str, r: Renderer) -> str:
    """The summary, with the figure or document when the summary does not already give it."""
    detail = detail_line(fact)
    if detail and fact.kind == "figure":
        detail = detail.split(" · ")[0]
    text = summary(fact, snapshot, lang)
    if detail and detail not in text:
        return f"{r.esc(text)} · {r.esc(detail)}"
    return r.esc(text)


def _group(group: Group, snapshot: Snapshot, lang: str, r: Renderer, quoted: set[tuple[str, str]]) -> str:
    label = label_of(group, snapshot, lang)
    head = f"{r.bold(label)} · " if label else ""
    if not group.facts:
        return (
            f"{r.bold(label)}：{r.esc(word('no_data', lang))}"
            if lang != "en"
            else (f"{r.bold(label)}: {r.esc(word('no_data', lang))}")
        )
    lines: list[str] = []
    for facts in group_by_quote(group.facts):
        for index, fact in enumerate(facts):
            line = _fact_line(fact, snapshot, lang, r)
            if not label and not lines and index == 0:
                line = (
                    r.bold(summary(fact, snapshot, lang)) + line[len(r.esc(summary(fact, snapshot, lang))) :]
                )
            lines.append((head if not lines else "") + line)
        key = (facts[0].article_id, facts[0].quote)
        if key not in quoted:
            quoted.add(key)
            lines += quote_and_source(facts[0], snapshot, lang, r)
    return "\n".join(lines)
