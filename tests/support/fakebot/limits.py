"""Telegram's limits on what a message may hold, checked the way the Bot API answers them.

Text: 1-4096 characters after entities parsing, counted in UTF-16 code units as Telegram counts them;
a caption up to 1024. Inline keyboards: an array of rows of buttons, each button a label with exactly
one action, callback_data 1-64 bytes; at most 100 buttons.
"""

from __future__ import annotations

import json
from typing import Any

from .html import parse_html
from .model import JSON, ApiError
from .updates import utf16_len

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def formatted(text: Any, params: JSON, entities_key: str) -> tuple[str, list[JSON]]:
    """Apply parse_mode (HTML is parsed and validated; Markdown is echoed) or explicit entities."""
    if not isinstance(text, str):
        text = "" if text is None else json.dumps(text)
    explicit = params.get(entities_key)
    if isinstance(explicit, list):
        return text, explicit
    if str(params.get("parse_mode", "")).lower() == "html":
        return parse_html(text)
    return text, []


def check_text(plain: str) -> None:
    """A message text must be non-empty and at most 4096 UTF-16 code units once parsed."""
    if not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")


def check_caption(plain: str) -> None:
    """A caption is at most 1024 UTF-16 code units once parsed."""
    if utf16_len(plain) > MAX_CAPTION:
        raise ApiError(400, "Bad Request: message caption is too long")


def inline_keyboard(markup: Any) -> JSON | None:
    """The reply_markup's inline keyboard checked as Telegram checks it, or None if there is none."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(
            400,
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
        )
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise ApiError(400, "Bad Request: REPLY_MARKUP_TOO_LONG")
    for row in rows:
        for button in row:
            _check_button(button)
    return markup


def _check_button(button: Any) -> None:
    """One InlineKeyboardButton: a text and exactly one action; callback_data of 1-64 bytes."""
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise ApiError(400, prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise ApiError(400, prefix + 'Field "text" must be of type String')
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise ApiError(400, prefix + "Text buttons are unallowed in the inline keyboard")
    if "url" in button and not isinstance(button["url"], str):
        raise ApiError(400, prefix + 'Field "url" must be of type String')
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise ApiError(400, prefix + 'Field "callback_data" must be of type String')
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    if len(actions) > 1:
        raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
