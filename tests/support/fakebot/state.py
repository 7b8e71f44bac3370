"""What the fake Bot API knows: chats, users, messages, members, files, commands, the update queue and
the record of every call; with the look-ups the methods share. Callers hold `State.cond`."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .faults import Faults
from .members import chat_member_json
from .model import JSON, ApiCall, ApiError, Request, SentMessage, StoredFile
from .updates import bot_user_json, infer_chat_type, user_json

MESSAGE_KEYS = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_message",
    "edited_business_message",
)


@dataclass(frozen=True, slots=True)
class Identity:
    """The bot as the fake presents it, and what it assumes for members it was not told about."""

    token: str | None
    username: str
    first_name: str
    default_member_status: str
    validate_updates: bool


class State:
    """The fake's world and records, guarded by one condition variable."""

    def __init__(self, identity: Identity, max_sends_per_second: float | None) -> None:
        self.identity = identity
        self.cond = threading.Condition(threading.RLock())
        self.closing = False
        self.faults = Faults(max_sends_per_second)
        # updates
        self.queue: list[JSON] = []
        self.next_update_id = 1
        self.allowed_updates: list[str] = []
        self.poll_generation = 0
        self.poll_ended_by = ""
        self.webhook: JSON | None = None
        # world
        self.chats: dict[int, JSON] = {}
        self.users: dict[int, JSON] = {}
        self.usernames: dict[str, int] = {}
        self.channel_ids = itertools.count(-1_009_000_000_001, -1)
        self.messages: dict[tuple[int, int], JSON] = {}
        self.next_message_id: dict[int, int] = {}
        self.callback_ids: set[str] = set()
        self.members: dict[tuple[int, int], JSON] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, StoredFile] = {}
        self.file_counter = itertools.count(1)
        # records
        self.calls: list[ApiCall] = []
        self.sent: list[SentMessage] = []
        self.edited: list[SentMessage] = []
        self.answered_callbacks: dict[str, JSON] = {}
        self.send_times: list[float] = []
        self.internal_errors: list[str] = []
        self.count_429 = 0

    # ------------------------------------------------------------------ the bot

    def bot_user(self, token: str) -> JSON:
        """The bot's getMe object; its id is the numeric token prefix."""
        prefix = token.partition(":")[0]
        bot_id = int(prefix) if prefix.isdigit() else int(bot_user_json()["id"])
        return bot_user_json(bot_id, username=self.identity.username, first_name=self.identity.first_name)

    def bot_from(self, token: str) -> JSON:
        """The bot as the `from` of its messages."""
        bot = self.bot_user(token)
        return {k: bot[k] for k in ("id", "is_bot", "first_name", "username")}

    # ------------------------------------------------------------------ parameters

    def chat_key(self, chat_id: Any) -> int:
        """Normalize a chat_id parameter to an int id; @username maps to a stable channel id."""
        if isinstance(chat_id, bool):
            raise ApiError(400, "Bad Request: chat not found")
        if isinstance(chat_id, int):
            return chat_id
        if isinstance(chat_id, str):
            text = chat_id.strip()
            if re.fullmatch(r"-?\d+", text):
                return int(text)
            if text.startswith("@") and len(text) > 1:
                name = text[1:].lower()
                if name not in self.usernames:
                    new_id = next(self.channel_ids)
                    self.usernames[name] = new_id
                    self.chats.setdefault(
                        new_id, {"id": new_id, "type": "channel", "title": text[1:], "username": text[1:]}
                    )
                return self.usernames[name]
        raise ApiError(400, "Bad Request: chat not found")

    def require_chat(self, req: Request) -> int:
        """The request's chat_id as an int (400 when missing)."""
        value = req.params.get("chat_id")
        if value is None or value == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        return self.chat_key(value)

    @staticmethod
    def require_int(req: Request, name: str) -> int:
        """An integer parameter (400 when missing or malformed)."""
        value = req.params.get(name)
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: {name} is empty")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ApiError(400, f"Bad Request: wrong {name} specified")
        try:
            return int(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: wrong {name} specified") from None

    @staticmethod
    def commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        """Key for the commands store."""
        scope_obj = scope if isinstance(scope, Mapping) and scope else {"type": "default"}
        return json.dumps(scope_obj, sort_keys=True), str(language_code or "")

    # ------------------------------------------------------------------ chats, users, messages

    def chat_json(self, key: int) -> JSON:
        """The Chat object for a chat id, synthesized from the id if never seen."""
        chat = self.chats.get(key)
        if chat is None:
            kind = infer_chat_type(key)
            if kind == "private":
                user = self.users.get(key) or user_json(key)
                chat = {"id": key, "type": "private", "first_name": user["first_name"]}
                if "username" in user:
                    chat["username"] = user["username"]
            else:
                chat = {"id": key, "type": kind, "title": f"Chat {key}"}
            self.chats[key] = chat
        return dict(chat)

    def register_chat(self, chat: Mapping[str, Any]) -> None:
        """Remember a Chat object."""
        key = int(chat["id"])
        self.chats[key] = {**self.chats.get(key, {}), **chat}

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Make writes to old_chat_id fail with migrate_to_chat_id=new_chat_id (the new one a supergroup)."""
        self.faults.migrations[old_chat_id] = new_chat_id
        old = self.chats.get(old_chat_id, {})
        self.chats.setdefault(
            new_chat_id,
            {"id": new_chat_id, "type": "supergroup", "title": old.get("title", f"Chat {new_chat_id}")},
        )

    def register_message(self, message: Mapping[str, Any], *, edited: bool = False) -> None:
        """Remember a message (an edited one replaces it), its chat and author; bump the chat's ids."""
        chat = message.get("chat")
        if not isinstance(chat, Mapping):
            return
        self.register_chat(chat)
        key = int(chat["id"])
        sender = message.get("from")
        if isinstance(sender, Mapping) and not sender.get("is_bot"):
            self.users[int(sender["id"])] = dict(sender)
        message_id = int(message.get("message_id", 0))
        if edited:
            self.messages[(key, message_id)] = dict(message)
        else:
            self.messages.setdefault((key, message_id), dict(message))
        self.next_message_id[key] = max(self.next_message_id.get(key, 1), message_id + 1)
        reply = message.get("reply_to_message")
        if isinstance(reply, Mapping):
            self.register_message(reply)
        new_id = message.get("migrate_to_chat_id")
        if isinstance(new_id, int):
            self.migrate_chat(key, new_id)

    def register_update(self, update: Mapping[str, Any]) -> None:
        """Remember chats, users, messages and callback ids carried by an update."""
        for key in MESSAGE_KEYS:
            if isinstance(update.get(key), Mapping):
                self.register_message(update[key], edited=key.startswith("edited_"))
        query = update.get("callback_query")
        if isinstance(query, Mapping):
            self.callback_ids.add(str(query["id"]))
            self.users[int(query["from"]["id"])] = dict(query["from"])
            if isinstance(query.get("message"), Mapping) and query["message"].get("date"):
                self.register_message(query["message"])
        for key in ("my_chat_member", "chat_member"):
            member_update = update.get(key)
            if isinstance(member_update, Mapping):
                self.register_chat(member_update["chat"])

    def resolve_reply(self, key: int, params: JSON) -> JSON | None:
        """The message being replied to, or None; 400 if it does not exist and that is not allowed."""
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            if params.get("reply_to_message_id") is None:
                return None
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        target_chat = self.chat_key(reply["chat_id"]) if "chat_id" in reply else key
        target = self.messages.get((target_chat, int(reply.get("message_id", 0))))
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def new_message(self, key: int, req: Request, reply_to: JSON | None, content: JSON) -> JSON:
        """Create and store a bot message in a chat."""
        chat = self.chat_json(key)
        message_id = self.next_message_id.get(key, 1)
        self.next_message_id[key] = message_id + 1
        message: JSON = {
            "message_id": message_id,
            "from": self.bot_from(req.token),
            "chat": chat,
            "date": int(time.time()),
        }
        thread_id = req.params.get("message_thread_id")
        if isinstance(thread_id, int) and not isinstance(thread_id, bool):
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        markup = req.params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self.messages[(key, message_id)] = message
        return message

    def record_send(self, req: Request, key: int, text: str | None, message: JSON) -> None:
        """Record a successful send and count it for the global limiter."""
        now = time.monotonic()
        self.faults.count_send(now)
        self.send_times.append(now)
        self.sent.append(SentMessage(req.method, key, text, req.params, now, message))

    def member_json(self, chat_id: int, user_id: int) -> JSON:
        """The configured (or default) ChatMember for a user in a chat."""
        configured = self.members.get((chat_id, user_id))
        if configured is not None:
            return dict(configured)
        user = self.users.get(user_id) or user_json(user_id)
        return chat_member_json(self.identity.default_member_status, user)

    def store_file(self, data: bytes, file_name: str | None, mime_type: str | None) -> StoredFile:
        """Keep uploaded bytes under a new file id and path."""
        number = next(self.file_counter)
        file_id = f"doc-{number}"
        stored = StoredFile(file_id, f"u-{file_id}", f"documents/file_{number}", data, file_name, mime_type)
        self.files[file_id] = stored
        self.file_paths[stored.file_path] = stored
        return stored
