"""Builders for complete Telegram update JSON that python-telegram-bot can parse."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Mapping
from typing import Any, Literal

from .model import JSON

ChatType = Literal["private", "group", "supergroup", "channel"]

TOKEN = "123:ABC"
BOT_ID = 123
BOT_USERNAME = "policybot_test_bot"
BOT_FIRST_NAME = "PolicyBot"
DEFAULT_USER_ID = 1001

_message_ids = itertools.count(1_000)
_callback_ids = itertools.count(1)
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}\b")


def now() -> int:
    """Return the current Unix time as Telegram reports it (whole seconds)."""
    return int(time.time())


def next_message_id() -> int:
    """Return a fresh message id, unique within this test process."""
    return next(_message_ids)


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def infer_chat_type(chat_id: int) -> ChatType:
    """Guess the chat type from an id: positive is private, -100… supergroup, other negative group."""
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def user_json(
    user_id: int,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "en",
    is_bot: bool = False,
) -> JSON:
    """Build a User object."""
    user: JSON = {"id": user_id, "is_bot": is_bot, "first_name": first_name or f"User{user_id}"}
    if last_name is not None:
        user["last_name"] = last_name
    if username is not None:
        user["username"] = username
    if language_code is not None and not is_bot:
        user["language_code"] = language_code
    return user


def bot_user_json(
    bot_id: int = BOT_ID, *, username: str = BOT_USERNAME, first_name: str = BOT_FIRST_NAME
) -> JSON:
    """Build the bot's own User object as getMe returns it."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": first_name,
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def private_chat_json(user: Mapping[str, Any]) -> JSON:
    """Build the private Chat object for a user."""
    chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def group_chat_json(
    chat_id: int,
    *,
    chat_type: ChatType = "group",
    title: str | None = None,
    is_forum: bool = False,
    username: str | None = None,
) -> JSON:
    """Build a group, supergroup or channel Chat object."""
    chat: JSON = {"id": chat_id, "type": chat_type, "title": title or f"Chat {chat_id}"}
    if username is not None:
        chat["username"] = username
    if is_forum:
        chat["is_forum"] = True
    return chat


def chat_json(chat_id: int, *, chat_type: ChatType | None = None, title: str | None = None) -> JSON:
    """Build a Chat object for an id, inferring the type when not given."""
    kind = chat_type or infer_chat_type(chat_id)
    if kind == "private":
        return private_chat_json(user_json(chat_id))
    return group_chat_json(chat_id, chat_type=kind, title=title)


def entities_for(text: str) -> list[JSON]:
    """Return the bot_command and mention entities Telegram would attach to text."""
    entities: list[JSON] = []
    taken: list[tuple[int, int]] = []
    for match in _COMMAND_RE.finditer(text):
        taken.append(match.span())
        entities.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    for match in _MENTION_RE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        entities.append(
            {
                "type": "mention",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return entities


def message_json(
    chat: Mapping[str, Any],
    from_user: Mapping[str, Any] | None,
    text: str | None = None,
    *,
    message_id: int | None = None,
    date: int | None = None,
    entities: list[JSON] | None = None,
    message_thread_id: int | None = None,
    reply_to_message: Mapping[str, Any] | None = None,
    **extra: Any,
) -> JSON:
    """Build a Message object; entities are detected from text unless given."""
    message: JSON = {
        "message_id": message_id if message_id is not None else next_message_id(),
        "date": date if date is not None else now(),
        "chat": dict(chat),
    }
    if from_user is not None:
        message["from"] = dict(from_user)
    if message_thread_id is not None:
        message["message_thread_id"] = message_thread_id
        if chat.get("is_forum"):
            message["is_topic_message"] = True
    if reply_to_message is not None:
        message["reply_to_message"] = {k: v for k, v in reply_to_message.items() if k != "reply_to_message"}
    if text is not None:
        message["text"] = text
        found = entities_for(text) if entities is None else entities
        if found:
            message["entities"] = found
    message.update(extra)
    return message


def message_update(message: Mapping[str, Any], *, kind: str = "message") -> JSON:
    """Wrap a Message in an update (kind: message, edited_message, channel_post, …)."""
    return {kind: dict(message)}


def edited_text(update: Mapping[str, Any], text: str, *, edit_date: int | None = None) -> JSON:
    """The edited_message update for a message update built here: the same message with a new text."""
    original = update.get("message") or update.get("edited_message")
    if not isinstance(original, Mapping) or "text" not in original:
        raise ValueError("edited_text needs an update with a text message")
    message = {k: v for k, v in original.items() if k not in ("text", "entities", "edit_date")}
    message["text"] = text
    found = entities_for(text)
    if found:
        message["entities"] = found
    message["edit_date"] = max(int(message["date"]), edit_date if edit_date is not None else now())
    return message_update(message, kind="edited_message")


def private_text(
    user_id: int,
    text: str,
    *,
    first_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "en",
    message_id: int | None = None,
    reply_to_message: Mapping[str, Any] | None = None,
) -> JSON:
    """Build an update with a text message from a user in their private chat with the bot."""
    user = user_json(
        user_id,
        first_name=first_name,
        username=username if username is not None else f"user{user_id}",
        language_code=language_code,
    )
    message = message_json(
        private_chat_json(user), user, text, message_id=message_id, reply_to_message=reply_to_message
    )
    return message_update(message)


def _bot_message(chat: Mapping[str, Any], message_id: int, text: str, bot_id: int, bot_username: str) -> JSON:
    """Build a message previously sent by the bot."""
    bot = bot_user_json(bot_id, username=bot_username)
    return message_json(chat, user_part(bot), text, message_id=message_id, entities=[])


def user_part(user: Mapping[str, Any]) -> JSON:
    """Strip getMe-only fields from a user object."""
    return {k: v for k, v in user.items() if k in ("id", "is_bot", "first_name", "last_name", "username")}


def group_text(
    chat_id: int,
    user_id: int,
    text: str,
    *,
    chat_type: Literal["group", "supergroup"] = "group",
    title: str | None = None,
    is_forum: bool = False,
    message_thread_id: int | None = None,
    reply_to_bot_message: int | Mapping[str, Any] | None = None,
    first_name: str | None = None,
    username: str | None = None,
    message_id: int | None = None,
    bot_id: int = BOT_ID,
    bot_username: str = BOT_USERNAME,
) -> JSON:
    """Build an update with a text message in a group; reply_to_bot_message is a message id or dict."""
    chat = group_chat_json(chat_id, chat_type=chat_type, title=title, is_forum=is_forum)
    user = user_json(
        user_id, first_name=first_name, username=username if username is not None else f"user{user_id}"
    )
    reply: Mapping[str, Any] | None
    if isinstance(reply_to_bot_message, int):
        reply = _bot_message(chat, reply_to_bot_message, "…", bot_id, bot_username)
        if message_thread_id is not None:
            reply["message_thread_id"] = message_thread_id
    else:
        reply = reply_to_bot_message
    message = message_json(
        chat,
        user,
        text,
        message_id=message_id,
        message_thread_id=message_thread_id,
        reply_to_message=reply,
    )
    return message_update(message)


def command(chat_id: int, text: str, *, user_id: int | None = None, **kwargs: Any) -> JSON:
    """Build a /command update in a private chat (positive id) or a group (negative id)."""
    if not text.startswith("/"):
        raise ValueError(f"a command must start with '/': {text!r}")
    kind = infer_chat_type(chat_id)
    if kind == "private":
        if user_id is not None and user_id != chat_id:
            raise ValueError("in a private chat user_id must equal chat_id")
        return private_text(chat_id, text, **kwargs)
    kwargs.setdefault("chat_type", kind)
    return group_text(chat_id, user_id if user_id is not None else DEFAULT_USER_ID, text, **kwargs)


def inline_keyboard(*rows: list[tuple[str, str]]) -> JSON:
    """Build an InlineKeyboardMarkup from rows of (text, callback_data) pairs."""
    return {
        "inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row] for row in rows]
    }


def callback_query(
    user_id: int,
    chat_id: int,
    data: str,
    message_id: int | None = None,
    *,
    message: Mapping[str, Any] | None = None,
    chat_type: ChatType | None = None,
    text: str = "Choose:",
    query_id: str | None = None,
    first_name: str | None = None,
    username: str | None = None,
    bot_id: int = BOT_ID,
    bot_username: str = BOT_USERNAME,
) -> JSON:
    """Build a callback_query update for a button on a bot message (message dict wins over id)."""
    user = user_json(
        user_id, first_name=first_name, username=username if username is not None else f"user{user_id}"
    )
    if message is None:
        kind = chat_type or infer_chat_type(chat_id)
        chat = private_chat_json(user) if kind == "private" else group_chat_json(chat_id, chat_type=kind)
        built = _bot_message(
            chat, message_id if message_id is not None else next_message_id(), text, bot_id, bot_username
        )
        built["reply_markup"] = inline_keyboard([(data, data)])
        message = built
    query: JSON = {
        "id": query_id or f"cbq-{next(_callback_ids)}",
        "from": user,
        "chat_instance": f"ci{abs(chat_id)}",
        "message": dict(message),
        "data": data,
    }
    return {"callback_query": query}


def document_message(
    chat_id: int,
    user_id: int,
    file_id: str,
    *,
    file_name: str = "document.txt",
    mime_type: str = "text/plain",
    file_size: int | None = None,
    caption: str | None = None,
    chat_type: ChatType | None = None,
    file_unique_id: str | None = None,
) -> JSON:
    """Build an update with a document message; register the bytes with FakeBotAPI.add_file."""
    user = user_json(user_id, username=f"user{user_id}")
    kind = chat_type or infer_chat_type(chat_id)
    chat = private_chat_json(user) if kind == "private" else group_chat_json(chat_id, chat_type=kind)
    document: JSON = {
        "file_id": file_id,
        "file_unique_id": file_unique_id or f"u-{file_id}",
        "file_name": file_name,
        "mime_type": mime_type,
    }
    if file_size is not None:
        document["file_size"] = file_size
    extra: JSON = {"document": document}
    if caption is not None:
        extra["caption"] = caption
        caption_entities = entities_for(caption)
        if caption_entities:
            extra["caption_entities"] = caption_entities
    return message_update(message_json(chat, user, **extra))
