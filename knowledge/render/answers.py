"""Render answers and lookups as replies: plain text (terminal, JSON) or Telegram HTML (escaped)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Literal

from knowledge.answer.qa import Answer
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import ArticleView, FactView, Kind, Status
from knowledge.text.forms import in_script

Format = Literal["text", "html"]

MESSAGES: dict[str, dict[str, str]] = {
    "abstain": {
        "zh": "我没有这方面的资料。我的知识只来自已收录的关于中国人工智能政策讨论的文章。",
        "en": "I don't have that. I only know what the collected articles on China's AI policy debate say.",
    },
    "can_answer": {"zh": "我可以回答关于这些人和地区的问题：", "en": "I can answer questions about: "},
    "did_you_mean": {"zh": "您是不是想问：", "en": "Did you mean: "},
    "invalid": {
        "zh": "请用文字提问，例如：“上海算力目标是多少”。",
        "en": 'Please ask in words, for example: "What did Zhou Hongyi propose?"',
    },
    "source": {"zh": "来源", "en": "Source"},
    "estimated": {"zh": "日期为估计", "en": "date estimated"},
    "extracted": {"zh": "自动提取，未经人工核对", "en": "auto-extracted, not reviewed"},
    "unknown_outlet": {"zh": "出处未注明", "en": "outlet not stated"},
}


def message(key: str, lang: str) -> str:
    text = MESSAGES[key]["en" if lang == "en" else "zh"]
    return in_script(text, "zh-Hant") if lang == "zh-Hant" else text


class Renderer:
    """Formats for one output: `esc` escapes dynamic text, `bold`/`italic` wrap it."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt

    def esc(self, text: str) -> str:
        return html.escape(text, quote=False) if self.fmt == "html" else text

    def bold(self, text: str) -> str:
        return f"<b>{self.esc(text)}</b>" if self.fmt == "html" else text

    def italic(self, text: str) -> str:
        return f"<i>{self.esc(text)}</i>" if self.fmt == "html" else text


def summary(fact: FactView, snapshot: Snapshot, lang: str) -> str:
    """The fact's summary in the asker's language; English names carry the Chinese beside them."""
    if lang != "en":
        return in_script(fact.summary_zh, "zh-Hant") if lang == "zh-Hant" else fact.summary_zh
    text = fact.summary_en
    for person_id in fact.people:
        person = snapshot.people.get(person_id)
        if person and person.name_en in text and person.name not in text:
            text = text.replace(person.name_en, f"{person.name_en} ({person.name})", 1)
    return text


def with_unit(value: str, unit: str) -> str:
    """`1000万元` + `元/年` → `1000万元/年`; `30` + `%` → `30%`; `1000` + `PFLOPS` → `1000 PFLOPS`."""
    for size in range(len(unit), 0, -1):
        if value.endswith(unit[:size]):
            return value + unit[size:]
    space = " " if unit[:1].isascii() and unit[:1].isalpha() else ""
    return f"{value}{space}{unit}"


def detail_line(fact: FactView) -> str | None:
    d = fact.details
    if fact.kind == Kind.FIGURE and d.get("value"):
        parts = [with_unit(str(d["value"]), str(d.get("unit") or ""))]
        parts += [str(d[key]) for key in ("measure", "period") if d.get(key)]
        return " · ".join(parts)
    if fact.kind == Kind.POLICY and d.get("document"):
        parts = [f"《{d['document']}》"]
        parts += [str(d[key]) for key in ("issuer", "date") if d.get(key)]
        if d.get("count"):
            parts.append(f"{d['count']}")
        return " · ".join(parts)
    if fact.kind == Kind.EVENT and d.get("date"):
        return str(d["date"])
    return None


def source_line(article: ArticleView | None, lang: str, *, title: bool = True) -> str:
    """Outlet · date (flagged when estimated) · 《title》 [short id]."""
    if article is None:
        return ""
    outlet = article.outlet or message("unknown_outlet", lang)
    date = article.published or "?"
    if article.date_estimated:
        date = f"{date} ({message('estimated', lang)})"
    parts = [outlet, date, f"《{article.title}》"] if title else [outlet, date]
    return " · ".join(parts) + f" [{article.id[:8]}]"


def render_fact(fact: FactView, snapshot: Snapshot, lang: str, r: Renderer) -> str:
    return render_group([fact], snapshot, lang, r)


def render_group(facts: Sequence[FactView], snapshot: Snapshot, lang: str, r: Renderer) -> str:
    """Facts that share one quote: each summary (and figure/document line), then the quote and source once."""
    lines: list[str] = []
    for fact in facts:
        lines.append(r.bold(summary(fact, snapshot, lang)))
        detail = detail_line(fact)
        if detail:
            lines.append(r.esc(detail))
    fact = facts[0]
    lines.append(r.italic(f"「{fact.quote}」"))
    source = source_line(snapshot.article_of(fact), lang)
    label = message("source", lang)
    if fact.status == Status.EXTRACTED:
        source += f" ({message('extracted', lang)})"
    lines.append(f"— {r.esc(label)}: {r.esc(source)}")
    return "\n".join(lines)


def render_answer(answer: Answer, snapshot: Snapshot, fmt: Format = "text") -> str:
    r = Renderer(fmt)
    lang = answer.lang
    if answer.mode == "invalid":
        return r.esc(message("invalid", lang))
    if not answer.answered:
        lines = [r.esc(message("abstain", lang))]
        if answer.suggestions:
            lines.append(r.esc(message("can_answer", lang) + "、".join(answer.suggestions)))
        return "\n".join(lines)
    blocks = []
    if answer.mode == "person" and answer.person:
        blocks.append(r.bold(snapshot.display_name(answer.person, lang)))
    blocks += [render_group(group, snapshot, lang, r) for group in group_by_quote(answer.facts)]
    return "\n\n".join(blocks)


def group_by_quote(facts: Sequence[FactView]) -> list[list[FactView]]:
    groups: dict[tuple[str, str], list[FactView]] = {}
    for fact in facts:
        groups.setdefault((fact.article_id, fact.quote), []).append(fact)
    return list(groups.values())


def render_facts(
    facts: Sequence[FactView], snapshot: Snapshot, lang: str, fmt: Format = "text", heading: str | None = None
) -> str:
    r = Renderer(fmt)
    blocks = [r.bold(heading)] if heading else []
    blocks += [render_group(group, snapshot, lang, r) for group in group_by_quote(facts)]
    return "\n\n".join(blocks)


def render_article(article: ArticleView, facts: Sequence[FactView], lang: str, fmt: Format = "text") -> str:
    r = Renderer(fmt)
    lines = [r.bold(article.title), r.esc(source_line(article, lang, title=False))]
    if article.authors:
        lines.append(r.esc(("Authors: " if lang == "en" else "作者：") + "、".join(article.authors)))
    if article.url:
        lines.append(r.esc(article.url))
    pick: Callable[[FactView], str] = (lambda f: f.summary_en) if lang == "en" else (lambda f: f.summary_zh)
    for fact in facts:
        lines.append(r.esc(f"• {in_script(pick(fact), 'zh-Hant') if lang == 'zh-Hant' else pick(fact)}"))
    return "\n".join(lines)


def split_message(text: str, limit: int = 4096) -> list[str]:
    """Split a reply under Telegram's size limit at blank lines, then lines, never inside an HTML tag pair."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(block) > limit:
            cut = block.rfind("\n", 0, limit)
            cut = cut if cut > 0 else limit
            chunks.append(block[:cut])
            block = block[cut:].lstrip("\n")
        current = block
    if current:
        chunks.append(current)
    return chunks
