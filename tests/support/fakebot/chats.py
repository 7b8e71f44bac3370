"""Bot API methods on the bot, chats and files: getMe, logOut, close, the bot's commands, chat members
and administrators, getChat and getFile (called with the fake's lock held)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .members import chat_member_json
from .model import JSON, ApiError, Request
from .state import State

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")


def _true(state: State, req: Request) -> bool:
    """Methods that just succeed."""
    return True


def get_me(state: State, req: Request) -> JSON:
    """getMe."""
    return state.bot_user(req.token)


def set_my_commands(state: State, req: Request) -> bool:
    """setMyCommands with Telegram's validation of names and descriptions."""
    commands = req.params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError(400, "Bad Request: commands must be a JSON array of at most 100 BotCommand")
    cleaned: list[JSON] = []
    for item in commands:
        if not isinstance(item, dict) or not _COMMAND_NAME_RE.match(str(item.get("command", ""))):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        description = str(item.get("description", ""))
        if not 1 <= len(description) <= 256:
            raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": item["command"], "description": description})
    key = state.commands_key(req.params.get("scope"), req.params.get("language_code"))
    if cleaned:
        state.commands[key] = cleaned
    else:
        state.commands.pop(key, None)
    return True


def get_my_commands(state: State, req: Request) -> list[JSON]:
    """getMyCommands."""
    key = state.commands_key(req.params.get("scope"), req.params.get("language_code"))
    return list(state.commands.get(key, []))


def delete_my_commands(state: State, req: Request) -> bool:
    """deleteMyCommands."""
    state.commands.pop(state.commands_key(req.params.get("scope"), req.params.get("language_code")), None)
    return True


def get_chat_member(state: State, req: Request) -> JSON:
    """getChatMember."""
    key = state.require_chat(req)
    user_id = state.require_int(req, "user_id")
    bot = state.bot_user(req.token)
    if user_id == bot["id"] and (key, user_id) not in state.members:
        return chat_member_json(state.identity.default_member_status, bot)
    return state.member_json(key, user_id)


def get_chat_administrators(state: State, req: Request) -> list[JSON]:
    """getChatAdministrators (configured creators and administrators)."""
    key = state.require_chat(req)
    if key > 0:
        raise ApiError(400, "Bad Request: there are no administrators in the private chat")
    return [
        dict(member)
        for (chat_id, _), member in state.members.items()
        if chat_id == key and member["status"] in ("creator", "administrator")
    ]


def get_chat(state: State, req: Request) -> JSON:
    """getChat as a ChatFullInfo for chats seen in updates, sends or set_chat."""
    key = state.require_chat(req)
    chat = state.chats.get(key)
    if chat is None:
        raise ApiError(400, "Bad Request: chat not found")
    return {
        **chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


def get_file(state: State, req: Request) -> JSON:
    """getFile for files registered with add_file or uploaded with sendDocument."""
    stored = state.files.get(str(req.params.get("file_id") or ""))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    if len(stored.data) > MAX_DOWNLOAD_BYTES:
        raise ApiError(400, "Bad Request: file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


METHODS: dict[str, Callable[[State, Request], Any]] = {
    "getme": get_me,
    "logout": _true,
    "close": _true,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "getchatmember": get_chat_member,
    "getchatadministrators": get_chat_administrators,
    "getchat": get_chat,
    "getfile": get_file,
}
