"""A fake Telegram Bot API on 127.0.0.1 that the real python-telegram-bot talks HTTP to, and builders
of the updates a test pushes into it.

Modules: `server` (FakeBotAPI: life cycle, configuration, dispatch), `http` (the HTTP server and request
decoding), `state` (chats, users, messages, records), `delivery` (getUpdates and webhooks), `messages`
and `chats` (the other methods), `limits` and `html` (what Telegram accepts), `faults` (injected
failures and rate limits), `recorded` and `waiting` (assertion helpers), `updates` and `members`
(update builders), `model` (value types).
"""

from .faults import FAILURES, FailureReason
from .html import parse_html
from .members import (
    chat_member,
    chat_member_json,
    migrate_from_chat,
    migrate_to_chat,
    my_chat_member,
)
from .model import JSON, ApiCall, ApiError, SentMessage, UploadedFile
from .server import FakeBotAPI
from .updates import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_USER_ID,
    TOKEN,
    bot_user_json,
    callback_query,
    chat_json,
    command,
    document_message,
    edited_text,
    entities_for,
    group_text,
    inline_keyboard,
    message_json,
    message_update,
    private_text,
    user_json,
    utf16_len,
)

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "DEFAULT_USER_ID",
    "FAILURES",
    "JSON",
    "TOKEN",
    "ApiCall",
    "ApiError",
    "FailureReason",
    "FakeBotAPI",
    "SentMessage",
    "UploadedFile",
    "bot_user_json",
    "callback_query",
    "chat_json",
    "chat_member",
    "chat_member_json",
    "command",
    "document_message",
    "edited_text",
    "entities_for",
    "group_text",
    "inline_keyboard",
    "message_json",
    "message_update",
    "migrate_from_chat",
    "migrate_to_chat",
    "my_chat_member",
    "parse_html",
    "private_text",
    "user_json",
    "utf16_len",
]
