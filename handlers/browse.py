"""Lookups: /who, /region, /figures, /sources, /source, /latest, and their "more" pages."""

from __future__ import annotations

from telegram import Message, Update

from handlers.context import BotContext
from handlers.replies import Reply, send
from knowledge.answer import lookups
from knowledge.facts import FactView
from knowledge.render.answers import Renderer, render_article, render_facts, source_line
from knowledge.service import Knowledge
from knowledge.text.forms import detect_script

PAGE = 4


def _page(
    knowledge: Knowledge, facts: list[FactView], heading: str, command: str, key: str, offset: int, lang: str
) -> Reply:
    shown = facts[offset : offset + PAGE]
    page_heading = f"{heading} ({offset + 1}–{offset + len(shown)} / {len(facts)})"
    reply = Reply(render_facts(shown, knowledge.snapshot, lang, "html", heading=page_heading))
    if offset + PAGE < len(facts):
        data = f"page:{command}:{offset + PAGE}:{key}"
        if len(data.encode()) <= 64:
            reply.buttons.append(("more ▸ 更多", data))
    return reply


def _lang(text: str) -> str:
    return detect_script(text) if text.strip() else "zh-Hans"


def who_reply(knowledge: Knowledge, text: str, offset: int = 0) -> Reply:
    if not text.strip():
        return Reply("Usage: /who 刘庆峰 · /who liu qingfeng")
    snapshot = knowledge.snapshot
    found = lookups.person(snapshot, text)
    if found.key is None:
        r = Renderer("html")
        hint = "、".join(found.suggestions) or "、".join(p.name for p in list(snapshot.people.values())[:8])
        return Reply(
            r.esc(f"I don't know {text!r}. 我不认识这个人。Did you mean / 您是不是要找：{hint}"),
            buttons=[(f"/who {name}", f"who:{name}") for name in found.suggestions[:3]],
        )
    lang = _lang(text)
    heading = snapshot.display_name(found.key, lang)
    return _page(knowledge, found.facts, heading, "who", found.key, offset, lang)


def region_reply(knowledge: Knowledge, text: str, offset: int = 0) -> Reply:
    found = lookups.region(knowledge.snapshot, text)
    if found.key is None:
        r = Renderer("html")
        return Reply(
            r.esc(
                f"No measures on record for {text!r}. 暂无该地区资料。Known: {'、'.join(found.suggestions)}"
            )
        )
    english = knowledge.snapshot.glossary.region_en.get(found.key, "")
    return _page(knowledge, found.facts, f"{found.key} {english}", "region", found.key, offset, _lang(text))


def figures_reply(knowledge: Knowledge, text: str, offset: int = 0) -> Reply:
    found = lookups.figures(knowledge.snapshot, text or None)
    if not found.facts:
        r = Renderer("html")
        return Reply(r.esc(f"No figures for {text!r}. 没有相关数字。Topics: {', '.join(found.suggestions)}"))
    heading = f"Figures · 数字{f' · {found.key}' if found.key else ''}"
    return _page(knowledge, found.facts, heading, "figures", found.key or "", offset, _lang(text))


def sources_reply(knowledge: Knowledge) -> Reply:
    r = Renderer("html")
    lines = [r.bold("Sources · 文章来源")]
    for article in lookups.sources(knowledge.snapshot):
        lines.append(f"• {r.esc(article.title)}\n  {r.esc(source_line(article, 'zh', title=False))}")
    lines.append(r.esc("Details: /source <id> · 详情：/source <编号>"))
    return Reply("\n".join(lines))


def source_reply(knowledge: Knowledge, text: str) -> Reply:
    snapshot = knowledge.snapshot
    article = snapshot.find_article(text) if text.strip() else None
    if article is None:
        return Reply(Renderer("html").esc(f"No article {text!r}. 没有这篇文章。See /sources."))
    facts = lookups.key_facts(snapshot, article.id)
    return Reply(render_article(article, facts, _lang(article.title), "html"))


def latest_reply(knowledge: Knowledge) -> Reply:
    snapshot = knowledge.snapshot
    blocks = [
        render_article(article, lookups.key_facts(snapshot, article.id, limit=3), "zh-Hans", "html")
        for article in lookups.latest(snapshot)
    ]
    return Reply("\n\n".join(["<b>Latest · 最新</b>", *blocks]))


def _arg(context: BotContext) -> str:
    return " ".join(context.args or [])


async def who(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await send(update.effective_message, who_reply(context.knowledge, _arg(context)))


async def region(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await send(update.effective_message, region_reply(context.knowledge, _arg(context)))


async def figures(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await send(update.effective_message, figures_reply(context.knowledge, _arg(context)))


async def sources(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await send(update.effective_message, sources_reply(context.knowledge))


async def source(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await send(update.effective_message, source_reply(context.knowledge, _arg(context)))


async def latest(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await send(update.effective_message, latest_reply(context.knowledge))


PAGERS = {"who": who_reply, "region": region_reply, "figures": figures_reply}


async def more(update: Update, context: BotContext) -> None:
    """Inline buttons: `page:<command>:<offset>:<key>` and `who:<name>`."""
    query = update.callback_query
    if query is None or not query.data:
        return
    await query.answer()
    if query.data.startswith("who:"):
        reply = who_reply(context.knowledge, query.data[4:])
    else:
        _, command, offset, key = query.data.split(":", 3)
        pager = PAGERS.get(command)
        if pager is None or not offset.isdigit():
            return
        reply = pager(context.knowledge, key, int(offset))
    if isinstance(query.message, Message):
        await send(query.message, reply, quote=False)
