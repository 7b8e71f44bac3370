"""Digest subscriptions: /subscribe, /unsubscribe, /settings, /digest; membership and migrations."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from handlers.background import db_call
from handlers.context import BotContext
from handlers.replies import Reply, send
from knowledge import subscriptions as subs
from knowledge.render.answers import Renderer
from knowledge.render.digest import build_digest, render_digest
from knowledge.service import Knowledge

log = logging.getLogger(__name__)

INTRO = (
    "Hello! I answer questions on China's AI policy debate, with a quote and source for every answer, "
    "and can post a digest of new articles here.\n"
    "大家好！我回答中国人工智能政策讨论的问题，每个回答都附原文和出处，也可以在群里推送新文章摘要。\n\n"
    "Ask: mention me or /ask … · 提问：@我 或 /ask …\n"
    "Subscribe (admins): /subscribe daily 09:00 · 订阅（管理员）：/subscribe daily 09:00"
)
ADMIN_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}


async def may_manage(update: Update, context: BotContext) -> bool:
    """Private chats manage themselves; in groups only chat administrators (checked live, cached briefly)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    cached = context.bot_data.cached_admin(chat.id, user.id)
    if cached is not None:
        return cached
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning("event=admin_check_failed chat=%s user=%s error=%r", chat.id, user.id, str(exc))
        return False
    allowed = member.status in ADMIN_STATUSES
    context.bot_data.remember_admin(chat.id, user.id, allowed)
    return allowed


def settings_reply(knowledge: Knowledge, chat_id: int) -> Reply:
    subscription = subs.get(knowledge, chat_id)
    r = Renderer("html")
    if subscription is None or not subscription.active:
        return Reply(r.esc("This chat has no digest subscription. 本群未订阅摘要。/subscribe daily 09:00"))
    schedule = subscription.schedule
    topics = ", ".join(subscription.topics) or "all · 全部"
    return Reply(
        r.esc(f"Digest · 摘要: {schedule.describe()} ({subscription.timezone})\nTopics · 主题: {topics}")
    )


def preview_reply(knowledge: Knowledge, chat_id: int) -> Reply:
    subscription = subs.get(knowledge, chat_id)
    if subscription is None or not subscription.active:
        return Reply("Not subscribed: /subscribe to get digests. 未订阅：请先 /subscribe。")
    digest = build_digest(knowledge.snapshot, after_seq=subscription.cursor_seq, topics=subscription.topics)
    if digest.empty:
        return Reply("Nothing new since the last digest. 自上次摘要以来没有新内容。")
    return Reply(render_digest(digest, knowledge.snapshot, "html", subscription.topics))


NOT_ADMIN = Reply("Only a chat administrator can change the digest. 只有群管理员可以更改订阅。")


async def subscribe(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    if not await may_manage(update, context):
        await send(message, NOT_ADMIN)
        return
    glossary = context.knowledge.snapshot.glossary
    try:
        schedule = subs.parse_schedule(
            list(context.args or []), set(glossary.topic_labels), topic_for=glossary.topic_cues
        )
    except subs.ScheduleError as exc:
        await send(message, Reply(Renderer("html").esc(f"{exc}. 用法：/subscribe daily 09:00 [主题]")))
        return
    thread_id = message.message_thread_id if message.is_topic_message else None
    zone = context.settings.timezone
    _, created = await db_call(
        subs.subscribe,
        context.knowledge,
        chat_id=chat.id,
        chat_type=chat.type,
        chat_title=chat.title,
        thread_id=thread_id,
        schedule=schedule,
        timezone=zone,
        user_id=user.id if user else None,
    )
    log.info("event=subscribed chat=%s schedule=%r topics=%s", chat.id, schedule.describe(), schedule.topics)
    verb = "Subscribed" if created else "Updated"
    await send(message, Reply(Renderer("html").esc(f"{verb} · 已订阅: {schedule.describe()} ({zone})")))


async def unsubscribe(update: Update, context: BotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if not await may_manage(update, context):
        await send(message, NOT_ADMIN)
        return
    stopped = await db_call(subs.deactivate, context.knowledge, chat.id, "unsubscribed")
    await send(
        message, Reply("Unsubscribed. 已退订。" if stopped else "This chat was not subscribed. 本群未订阅。")
    )


async def show_settings(update: Update, context: BotContext) -> None:
    if update.effective_message and update.effective_chat:
        reply = await db_call(settings_reply, context.knowledge, update.effective_chat.id)
        await send(update.effective_message, reply)


async def digest_preview(update: Update, context: BotContext) -> None:
    if update.effective_message and update.effective_chat:
        reply = await db_call(preview_reply, context.knowledge, update.effective_chat.id)
        await send(update.effective_message, reply)


def _joined(old: str, new: str) -> bool:
    return old in (ChatMember.LEFT, ChatMember.BANNED) and new in (
        ChatMember.MEMBER,
        ChatMember.ADMINISTRATOR,
    )


async def membership(update: Update, context: BotContext) -> None:
    """Introduce the bot when it is added to a group; deactivate the digest when it is removed."""
    change = update.my_chat_member
    if change is None:
        return
    chat: Chat = change.chat
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if chat.type != ChatType.PRIVATE and _joined(old, new):
        log.info("event=added_to_chat chat=%s", chat.id)
        await context.bot.send_message(chat.id, INTRO)
    elif new in (ChatMember.LEFT, ChatMember.BANNED):
        await db_call(subs.deactivate, context.knowledge, chat.id, f"bot {new}")
        log.info("event=removed_from_chat chat=%s status=%s", chat.id, new)


async def migration(update: Update, context: BotContext) -> None:
    """A group upgraded to a supergroup: the subscription follows the new chat id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    old_id, new_id = message.chat.id, message.migrate_to_chat_id
    moved = await db_call(subs.migrate, context.knowledge, old_id, new_id)
    log.info("event=chat_migrated old=%s new=%s moved=%s", old_id, new_id, moved is not None)
