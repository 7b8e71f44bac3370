"""The one error handler: log the failure in one line and tell the user something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError

from handlers.context import BotContext

log = logging.getLogger(__name__)


async def log_update(update: Update, context: BotContext) -> None:
    """One line per update received; the text itself is not logged."""
    kind = next(
        (
            name
            for name in ("message", "callback_query", "my_chat_member", "edited_message")
            if getattr(update, name, None) is not None
        ),
        "other",
    )
    chat = update.effective_chat
    log.info(
        "event=update id=%s kind=%s chat=%s chat_type=%s",
        update.update_id,
        kind,
        chat.id if chat else None,
        chat.type if chat else None,
    )


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    if isinstance(error, NetworkError | Forbidden):
        log.warning("event=telegram_error chat=%s error=%r", chat, str(error))
        return
    log.error("event=handler_error chat=%s error=%r", chat, str(error), exc_info=error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong. 抱歉，出错了。")
        except Exception as exc:  # the reply itself may fail; nothing more to do then
            log.warning("event=error_reply_failed chat=%s error=%r", chat, str(exc))
