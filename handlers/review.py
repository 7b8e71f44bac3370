"""/review: admins go through extracted facts one at a time, on one message updated in place.

The card shows a fact's summaries, quote and source with four buttons: ✅ accept · ❌ reject ·
✏️ edit · ⏭ skip. Edit asks for the new summary in a reply to a prompt naming the fact, so the
reply is recognised by the prompt alone (no state to lose on a restart). Everyone else's button
presses and replies are refused and change nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence

from telegram import ForceReply, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import filters

from handlers.background import off_loop
from handlers.context import BotContext
from handlers.replies import NO_PREVIEW, Reply, send
from knowledge import reviews
from knowledge.errors import KnowledgeError
from knowledge.render.answers import Renderer, source_line, split_message
from knowledge.reviews import Item
from knowledge.service import Knowledge

log = logging.getLogger(__name__)
PREFIX = "rv"
REFUSAL = "Only the bot's administrators can review facts. 只有机器人管理员可以审核。"
EDIT_MARK = "✏️ Edit"
_PROMPT = re.compile(rf"^{EDIT_MARK} (?P<id>\S+)")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LABELLED = re.compile(r"^\s*(?P<lang>zh|en)\s*[:：]\s*(?P<text>.+)$", re.IGNORECASE)
CARDS = "review_cards"  # chat_data: fact id -> the card message waiting for its edit


# ---------------------------------------------------------------------------
# The card


def _key(fact_id: str) -> str:
    """The fact id in callback data, or a digest of it when the id would not fit in 64 bytes."""
    if len(f"{PREFIX}:x:{fact_id}".encode()) <= 64:
        return fact_id
    return "#" + hashlib.sha256(fact_id.encode()).hexdigest()[:16]


def _resolve(key: str, queue: Sequence[Item]) -> str:
    if not key.startswith("#"):
        return key
    return next((item.id for item in queue if _key(item.id) == key), key)


def card(knowledge: Knowledge, queue: Sequence[Item], position: int, note: str = "") -> Reply:
    """The fact at `position` in the queue, or the news that the queue is empty."""
    r = Renderer("html")
    head = f"{r.esc(note)}\n\n" if note else ""
    if not queue:
        return Reply(head + r.bold("Review queue empty · 审核队列已清空"))
    item = queue[position % len(queue)]
    source = source_line(knowledge.snapshot.articles.get(item.article_id), "zh")
    lines = [
        r.bold(f"Review · 审核 ({position % len(queue) + 1}/{len(queue)})"),
        r.esc(f"{item.kind} · {item.id}"),
        r.esc(f"zh: {item.summary_zh}"),
        r.esc(f"en: {item.summary_en}"),
        r.italic(f"「{item.quote}」"),
        r.esc(f"— 来源 Source: {source}"),
    ]
    key = _key(item.id)
    buttons = [("✅ accept", "a"), ("❌ reject", "r"), ("✏️ edit", "e"), ("⏭ skip", "s")]
    return Reply(
        split_message(head + "\n".join(lines))[0],
        [(label, f"{PREFIX}:{action}:{key}") for label, action in buttons],
        columns=4,
    )


def _after(queue: Sequence[Item], fact_id: str) -> int:
    """Where the fact following `fact_id` will be once `fact_id` has left the queue."""
    ids = [item.id for item in queue]
    return ids.index(fact_id) if fact_id in ids else 0


async def _show(message: Message, reply: Reply) -> None:
    try:
        await message.edit_text(
            reply.html,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.markup(),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # skipping the only fact left shows it again
            raise


def _actor(user: User) -> str:
    return f"telegram:{user.id}" + (f" @{user.username}" if user.username else "")


# ---------------------------------------------------------------------------
# Handlers


async def start(update: Update, context: BotContext) -> None:
    """/review: the first fact of the queue."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    if not context.is_bot_admin(user.id if user else None):
        await send(message, Reply(Renderer("html").esc(REFUSAL)))
        log.info("event=review_refused user=%s", user.id if user else None)
        return
    queue = reviews.queue(context.knowledge)
    await send(message, card(context.knowledge, queue, 0))


async def button(update: Update, context: BotContext) -> None:
    """`rv:<a|r|e|s>:<fact id>`: decide, then show the next fact on the same message."""
    query = update.callback_query
    if query is None or not query.data or not isinstance(query.message, Message):
        return
    if not context.is_bot_admin(query.from_user.id):
        await query.answer(REFUSAL, show_alert=True)
        log.info("event=review_refused user=%s", query.from_user.id)
        return
    _, action, key = query.data.split(":", 2)
    knowledge = context.knowledge
    queue = reviews.queue(knowledge)
    fact_id = _resolve(key, queue)
    if action == "e":
        await query.answer("Reply with the new summary · 请回复新的摘要")
        await _ask_for_summary(query.message, context, fact_id)
        return
    if action == "s":
        await query.answer("Skipped · 已跳过")
        ids = [item.id for item in queue]
        await _show(query.message, card(knowledge, queue, ids.index(fact_id) + 1 if fact_id in ids else 0))
        return
    decide, done = {"a": (reviews.accept, "✅ accepted"), "r": (reviews.reject, "❌ rejected")}[action]
    actor = _actor(query.from_user)
    try:
        await off_loop(decide, knowledge, [fact_id], actor=actor)
    except KnowledgeError as exc:
        await query.answer(str(exc)[:200], show_alert=True)
        return
    await query.answer(done)
    log.info("event=review action=%s fact=%s user=%s", action, fact_id, query.from_user.id)
    position = _after(queue, fact_id)
    fresh = reviews.queue(knowledge)
    await _show(query.message, card(knowledge, fresh, position, f"{done}: {fact_id}"))


async def _ask_for_summary(card_message: Message, context: BotContext, fact_id: str) -> None:
    prompt = (
        f"{EDIT_MARK} {fact_id}\n"
        "Reply to this message with the new summary: one line per language, “zh: …” and “en: …” "
        "(a line without a label is Chinese if it has Chinese characters, else English).\n"
        "回复此消息，写出新的摘要：每种语言一行，“zh: …” 和 “en: …”。"
    )
    cards = context.chat_data.setdefault(CARDS, {}) if context.chat_data is not None else {}
    if isinstance(cards, dict):
        cards[fact_id] = card_message.message_id
    await card_message.reply_text(
        Renderer("html").esc(prompt),
        parse_mode=ParseMode.HTML,
        reply_markup=ForceReply(selective=True, input_field_placeholder="zh: … / en: …"),
    )


def parse_summary(text: str) -> dict[str, str]:
    """`zh: …` / `en: …` lines; an unlabelled line is Chinese if it has Chinese characters."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        labelled = _LABELLED.match(line)
        lang, value = (labelled["lang"].lower(), labelled["text"]) if labelled else ("", line)
        lang = lang or ("zh" if _HAN.search(value) else "en")
        found[f"summary_{lang}"] = (found.get(f"summary_{lang}", "") + " " + value.strip()).strip()
    return found


class _EditPrompt(filters.MessageFilter):
    """A text reply to one of the bot's ✏️ edit prompts."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(
            replied
            and replied.from_user
            and replied.from_user.is_bot
            and replied.text
            and _PROMPT.match(replied.text)
        )


EDIT_REPLY = filters.TEXT & ~filters.COMMAND & _EditPrompt()


async def edit_reply(update: Update, context: BotContext) -> None:
    """The new summary, in reply to a ✏️ prompt: the fact is edited (and reviewed), the card moves on."""
    message, user = update.effective_message, update.effective_user
    if message is None or message.reply_to_message is None or message.text is None:
        return
    r = Renderer("html")
    if not context.is_bot_admin(user.id if user else None) or user is None:
        await send(message, Reply(r.esc(REFUSAL)))
        log.info("event=review_refused user=%s", user.id if user else None)
        return
    matched = _PROMPT.match(message.reply_to_message.text or "")
    summaries = parse_summary(message.text)
    if matched is None or not summaries:
        return
    fact_id, knowledge, actor = matched["id"], context.knowledge, _actor(user)
    queue = reviews.queue(knowledge)
    try:
        item = await off_loop(
            reviews.edit,
            knowledge,
            fact_id,
            actor=actor,
            summary_zh=summaries.get("summary_zh"),
            summary_en=summaries.get("summary_en"),
        )
    except KnowledgeError as exc:
        await send(message, Reply(r.esc(f"Not saved · 未保存: {exc}")))
        return
    log.info("event=review action=e fact=%s user=%s", fact_id, user.id)
    await send(message, Reply(r.esc(f"✏️ Saved · 已保存\nzh: {item.summary_zh}\nen: {item.summary_en}")))
    cards = context.chat_data.get(CARDS, {}) if context.chat_data is not None else {}
    card_id = cards.pop(fact_id, None) if isinstance(cards, dict) else None
    fresh = card(knowledge, reviews.queue(knowledge), _after(queue, fact_id), f"✏️ edited: {fact_id}")
    if isinstance(card_id, int) and message.chat is not None:
        await context.bot.edit_message_text(
            fresh.html,
            chat_id=message.chat.id,
            message_id=card_id,
            parse_mode=ParseMode.HTML,
            reply_markup=fresh.markup(),
            link_preview_options=NO_PREVIEW,
        )
    else:
        await send(message, fresh, quote=False)
