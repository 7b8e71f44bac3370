"""Questions: /start, /help, /ask, free text in private chat, mentions and replies in groups."""

from __future__ import annotations

import logging
import re
import time

from telegram import Message, Update
from telegram.constants import ChatType

from handlers import metrics
from handlers.context import BotContext
from handlers.paging import paged_reply
from handlers.replies import Reply, send
from knowledge.render.answers import render_facts
from knowledge.render.reply import render_page
from knowledge.service import Knowledge

log = logging.getLogger(__name__)

HELP = """<b>China AI policy bot · 中国人工智能政策问答</b>
Ask about proposals, figures and regional measures in China's AI policy debate;
every answer quotes its source.
提问人大代表、政协委员、企业家的建议，算力目标、补贴、算力券等数字，以及各地政策；每个回答都附原文引语和出处。

<b>Ask · 提问</b>
/ask 上海算力目标是多少 — or just write in a private chat · 私聊直接发问题
/who 刘庆峰 — a person (pinyin and typos work · 支持拼音)
/region 广东 — a region's measures · 地区政策
/figures 算力 — figures, optionally by topic · 数字
/sources · /source &lt;id&gt; · /latest — the articles · 文章

<b>Digests · 摘要订阅</b> (group admins · 群管理员)
/subscribe daily 09:00 [topics] · /subscribe weekly mon 09:00
/unsubscribe · /settings · /digest (preview · 预览)

In groups, mention me or reply to me. 群里请 @我 或回复我的消息。"""


def help_reply() -> Reply:
    return Reply(HELP)


def ask_reply(knowledge: Knowledge, question: str) -> Reply:
    """The answer from the snapshot in memory (the record for /stats is written later, off the loop)."""
    asked = knowledge.ask(question, record=True)
    answer = asked.answer
    metrics.ANSWERS.labels("answered" if answer.answered else "declined").inc()
    log.info(
        "event=%s lang=%s facts=%s confidence=%.2f ms=%.1f",
        "answer" if answer.answered else "abstain",
        answer.lang,
        ",".join(answer.fact_ids) or "-",
        answer.confidence,
        asked.seconds * 1000,
    )
    reply = paged_reply(question, render_page(answer, knowledge.snapshot, "html"))
    for fact_id in answer.did_you_mean[:3]:
        fact = knowledge.snapshot.fact(fact_id)
        if fact is not None:
            label = fact.summary_en if answer.lang == "en" else fact.summary_zh
            reply.buttons.append((f"❓ {label[:40]}…", f"fact:{fact_id}"))
    return reply


def fact_reply(knowledge: Knowledge, fact_id: str, lang: str = "zh-Hans") -> Reply:
    fact = knowledge.snapshot.fact(fact_id)
    if fact is None:
        return Reply("That item is no longer in the knowledge base. 该条目已不存在。")
    return Reply(render_facts([fact], knowledge.snapshot, lang, "html"))


async def answer_with(message: Message, reply: Reply, *, quote: bool = True, started: float) -> None:
    await send(message, reply, quote=quote)
    metrics.REPLY_SECONDS.observe(time.monotonic() - started)


async def start(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await answer_with(update.effective_message, help_reply(), quote=False, started=time.monotonic())


async def ask(update: Update, context: BotContext) -> None:
    """/ask QUESTION anywhere."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await send(message, Reply("Usage: /ask 上海算力目标是多少 · /ask What did Zhou Hongyi propose?"))
        return
    started = time.monotonic()
    await answer_with(message, ask_reply(context.knowledge, question), started=started)


async def private_text(update: Update, context: BotContext) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    if message and message.text:
        started = time.monotonic()
        await answer_with(message, ask_reply(context.knowledge, message.text), quote=False, started=started)


async def group_text(update: Update, context: BotContext) -> None:
    """In groups: a mention of the bot or a reply to one of its messages is a question."""
    message = update.effective_message
    if message is None or not message.text or message.chat.type == ChatType.PRIVATE:
        return
    me = context.bot.username
    mentioned = f"@{me}".lower() in message.text.lower() if me else False
    replied = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and (message.reply_to_message.from_user.id == context.bot.id)
    )
    if not (mentioned or replied):
        return
    question = re.sub(rf"@{re.escape(me)}\b", " ", message.text, flags=re.IGNORECASE) if me else message.text
    started = time.monotonic()
    await answer_with(message, ask_reply(context.knowledge, question), started=started)


async def show_fact(update: Update, context: BotContext) -> None:
    """The "did you mean" buttons."""
    query = update.callback_query
    if query is None or not query.data:
        return
    await query.answer()
    if isinstance(query.message, Message):
        lang = "en" if (query.from_user.language_code or "").startswith("en") else "zh-Hans"
        await send(
            query.message, fact_reply(context.knowledge, query.data.split(":", 1)[1], lang), quote=False
        )
