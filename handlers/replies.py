"""Replies as the handlers build them: HTML text (already escaped) and optional inline buttons."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode

from knowledge.render.answers import split_message

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAG = re.compile(r"</?(b|i|code|pre|a)( [^>]*)?>")


@dataclass
class Reply:
    html: str
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, callback data)
    columns: int = 1  # buttons per row

    @property
    def plain(self) -> str:
        """The reply as a terminal shows it."""
        return html.unescape(_TAG.sub("", self.html))

    def markup(self) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        keys = [InlineKeyboardButton(label, callback_data=data) for label, data in self.buttons]
        return InlineKeyboardMarkup([keys[i : i + self.columns] for i in range(0, len(keys), self.columns)])


async def send(message: Message, reply: Reply, *, quote: bool = True) -> list[Message]:
    """Send a reply under Telegram's size limit; buttons go on the last part."""
    parts = split_message(reply.html)
    sent: list[Message] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent.append(
            await message.reply_text(
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=reply.markup() if last else None,
                do_quote=quote and index == 0,
                link_preview_options=NO_PREVIEW,
            )
        )
    return sent
