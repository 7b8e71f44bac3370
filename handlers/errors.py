"""The one error handler: log the failure in one line, tell the user, and the bot's admins once per kind."""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.error import Forbidden, NetworkError

from handlers import metrics
from handlers.context import BotContext
from knowledge.errors import first_line

log = logging.getLogger(__name__)

_CREDENTIALS = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")  # a password in a URL


def update_kind(update: Update) -> str:
    kinds = ("message", "edited_message", "callback_query", "my_chat_member", "channel_post")
    return next((name for name in kinds if getattr(update, name, None) is not None), "other")


async def log_update(update: Update, context: BotContext) -> None:
    """One line per update received; the text itself is not logged."""
    kind = update_kind(update)
    metrics.UPDATES.labels(kind).inc()
    chat = update.effective_chat
    log.info(
        "event=update id=%s kind=%s chat=%s chat_type=%s",
        update.update_id,
        kind,
        chat.id if chat else None,
        chat.type if chat else None,
    )


def scrub(text: str, secrets: list[str]) -> str:
    """The text without the bot's token, other known secrets or passwords in URLs."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[secret]")
    return _CREDENTIALS.sub(r"\1[secret]@", text)


def error_kind(error: BaseException) -> str:
    """The error's type and the innermost project function it came from (not its message)."""
    where = ""
    trace = error.__traceback__
    while trace is not None:
        module = trace.tb_frame.f_globals.get("__name__", "")
        if module.split(".")[0] in ("handlers", "knowledge", "bot"):
            where = f"{module}.{trace.tb_frame.f_code.co_name}"
        trace = trace.tb_next
    return f"{type(error).__name__} in {where or 'the library'}"


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    if error is None:
        return
    if isinstance(error, NetworkError | Forbidden):
        log.warning("event=telegram_error chat=%s error=%r", chat, str(error))
        return
    kind = error_kind(error)
    metrics.HANDLER_ERRORS.labels(type(error).__name__).inc()
    log.error("event=handler_error chat=%s kind=%r error=%r", chat, kind, str(error), exc_info=error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong. 抱歉，出错了。")
        except Exception as exc:  # the reply itself may fail; nothing more to do then
            log.warning("event=error_reply_failed chat=%s error=%r", chat, str(exc))
    if context.bot_data.error_reports.should_report(kind):
        detail = scrub(first_line(error), [context.bot.token])[:300]
        text = (
            f"policybot error: {kind}\n{detail}\n(further errors of this kind are not reported for an hour)"
        )
        for admin in sorted(context.settings.admin_ids):
            try:
                await context.bot.send_message(admin, text)
            except Exception as exc:
                log.warning("event=admin_notify_failed admin=%s error=%r", admin, str(exc))
