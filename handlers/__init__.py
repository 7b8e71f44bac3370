"""Every chat command and update handler, registered in one place.

Order matters: commands first (group 0), then free text: a private message is a question,
a group message only when it mentions or replies to the bot (privacy mode shows us nothing else).
Only new messages are handled: an edited question or command was answered already, so an edit
gets no second reply.
"""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import admin, browse, errors, questions, review, subscriptions
from handlers.context import PolicyApp

# (command, handler, description) — the one table behind the handlers, /help and setMyCommands.
COMMANDS = [
    ("start", questions.start, "What this bot does · 介绍"),
    ("help", questions.start, "Help · 帮助"),
    ("ask", questions.ask, "Ask a question · 提问"),
    ("who", browse.who, "A person's proposals · 查人物"),
    ("region", browse.region, "A region's measures · 查地区"),
    ("figures", browse.figures, "Figures by topic · 查数字"),
    ("sources", browse.sources, "The articles · 文章来源"),
    ("source", browse.source, "One article · 文章详情"),
    ("latest", browse.latest, "Newest items · 最新"),
    ("subscribe", subscriptions.subscribe, "Digest schedule (admins) · 订阅摘要"),
    ("unsubscribe", subscriptions.unsubscribe, "Stop the digest · 退订"),
    ("settings", subscriptions.show_settings, "This chat's digest · 订阅设置"),
    ("digest", subscriptions.digest_preview, "Preview the next digest · 预览摘要"),
]
ADMIN_COMMANDS = [
    ("reload", admin.reload, "Reload seeds and inbox"),
    ("ingest", admin.ingest, "Ingest a URL or uploaded file"),
    ("digest_now", admin.digest_now, "Send due digests now"),
    ("stats", admin.stats, "Counts"),
    ("review", review.start, "Review extracted facts"),
]


def bot_commands() -> list[BotCommand]:
    return [BotCommand(name, description) for name, _, description in COMMANDS]


def register(app: PolicyApp) -> None:
    app.add_handler(
        TypeHandler(Update, errors.log_update), group=-1
    )  # runs before, never instead of, the rest
    new = filters.UpdateType.MESSAGE  # not edited_message
    for name, callback, _ in COMMANDS + ADMIN_COMMANDS:
        app.add_handler(CommandHandler(name, callback, filters=new))
    app.add_handler(CallbackQueryHandler(questions.show_fact, pattern=r"^fact:"))
    app.add_handler(CallbackQueryHandler(browse.more, pattern=r"^(page|who):"))
    app.add_handler(CallbackQueryHandler(review.button, pattern=rf"^{review.PREFIX}:[ares]:"))
    app.add_handler(ChatMemberHandler(subscriptions.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(new & filters.StatusUpdate.MIGRATE, subscriptions.migration))
    # A reply to a ✏️ review prompt is a new summary, not a question: before the question handlers.
    app.add_handler(MessageHandler(new & review.EDIT_REPLY, review.edit_reply))
    app.add_handler(
        MessageHandler(
            new & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, questions.private_text
        )
    )
    app.add_handler(
        MessageHandler(new & filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND, questions.group_text)
    )
    app.add_error_handler(errors.on_error)
