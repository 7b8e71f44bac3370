"""Replies as the handlers build them: HTML text (already escaped) and optional inline buttons."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from knowledge.render.answers import split_message
from knowledge.render.telegram import to_plain

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass
class Reply:
    html: str
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, callback data)
    columns: int = 1  # buttons per row

    @property
    def plain(self) -> str:
        """The reply as a terminal shows it."""
        return to_plain(self.html)

    def markup(self) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        keys = [InlineKeyboardButton(label, callback_data=data) for label, data in self.buttons]
        return InlineKeyboardMarkup([keys[i : i + self.columns] for i in range(0, len(keys), self.columns)])


async def send(message: Message, reply: Reply, *, quote: bool = True) -> list[Message]:
    """Send a reply under Telegram's size limit; buttons go on the last part.

    A part Telegram rejects (400: entities it cannot parse) is sent again as plain text, never dropped.
    """
    parts = split_message(reply.html)
    sent: list[Message] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        markup = reply.markup() if last else None
        first = quote and index == 0
        try:
            sent.append(
                await message.reply_text(
                    part,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    do_quote=first,
                    link_preview_options=NO_PREVIEW,
                )
            )
        except BadRequest as exc:
            log.warning(
                "event=html_rejected chat=%s error=%r: sent as plain text", message.chat_id, exc.message
            )
            sent.append(
                await message.reply_text(
                    to_plain(part), reply_markup=markup, do_quote=first, link_preview_options=NO_PREVIEW
                )
            )
    return sent
