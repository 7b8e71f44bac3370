"""Builders for chat members and membership updates: ChatMember objects, my_chat_member, chat_member,
and the service messages of a group's migration to a supergroup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .model import JSON
from .updates import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_USER_ID,
    ChatType,
    bot_user_json,
    group_chat_json,
    message_json,
    message_update,
    now,
    private_chat_json,
    user_json,
    user_part,
)

MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]
_STATUS_FIELDS: dict[str, JSON] = {
    "creator": {"is_anonymous": False},
    "administrator": {
        "can_be_edited": False,
        "is_anonymous": False,
        "can_manage_chat": True,
        "can_delete_messages": True,
        "can_manage_video_chats": True,
        "can_restrict_members": True,
        "can_promote_members": False,
        "can_change_info": True,
        "can_invite_users": True,
        "can_post_stories": False,
        "can_edit_stories": False,
        "can_delete_stories": False,
        "can_pin_messages": True,
        "can_manage_topics": False,
    },
    "member": {},
    "restricted": {
        "is_member": True,
        "can_send_messages": False,
        "can_send_audios": False,
        "can_send_documents": False,
        "can_send_photos": False,
        "can_send_videos": False,
        "can_send_video_notes": False,
        "can_send_voice_notes": False,
        "can_send_polls": False,
        "can_send_other_messages": False,
        "can_add_web_page_previews": False,
        "can_change_info": False,
        "can_invite_users": False,
        "can_pin_messages": False,
        "can_manage_topics": False,
        "can_edit_tag": False,
        "can_react_to_messages": False,
        "until_date": 0,
    },
    "left": {},
    "kicked": {"until_date": 0},
}
MEMBER_STATUSES: tuple[str, ...] = tuple(_STATUS_FIELDS)


def chat_member_json(status: MemberStatus | str, user: Mapping[str, Any], **overrides: Any) -> JSON:
    """Build a ChatMember object of the right shape for status; overrides set extra fields."""
    if status not in _STATUS_FIELDS:
        raise ValueError(f"unknown chat member status {status!r}; expected one of {MEMBER_STATUSES}")
    member: JSON = {"status": status, "user": user_part(user), **_STATUS_FIELDS[status]}
    member.update(overrides)
    return member


def _member_update(
    chat: Mapping[str, Any],
    actor: Mapping[str, Any],
    member: Mapping[str, Any],
    old_status: MemberStatus | str,
    new_status: MemberStatus | str,
) -> JSON:
    """Build a ChatMemberUpdated object."""
    return {
        "chat": dict(chat),
        "from": user_part(actor),
        "date": now(),
        "old_chat_member": chat_member_json(old_status, member),
        "new_chat_member": chat_member_json(new_status, member),
    }


def my_chat_member(
    chat_id: int,
    user_id: int,
    old_status: MemberStatus | str,
    new_status: MemberStatus | str,
    *,
    chat_type: ChatType = "group",
    title: str | None = None,
    bot_id: int = BOT_ID,
    bot_username: str = BOT_USERNAME,
) -> JSON:
    """Build a my_chat_member update: user_id changed the bot's status in chat_id."""
    actor = user_json(user_id)
    chat = (
        private_chat_json(actor)
        if chat_type == "private"
        else group_chat_json(chat_id, chat_type=chat_type, title=title)
    )
    bot = bot_user_json(bot_id, username=bot_username)
    return {"my_chat_member": _member_update(chat, actor, bot, old_status, new_status)}


def chat_member(
    chat_id: int,
    actor_id: int,
    member_id: int,
    old_status: MemberStatus | str,
    new_status: MemberStatus | str,
    *,
    chat_type: Literal["group", "supergroup", "channel"] = "supergroup",
    title: str | None = None,
) -> JSON:
    """Build a chat_member update (only delivered when allowed_updates asks for it)."""
    chat = group_chat_json(chat_id, chat_type=chat_type, title=title)
    return {
        "chat_member": _member_update(chat, user_json(actor_id), user_json(member_id), old_status, new_status)
    }


def migrate_to_chat(
    old_chat_id: int, new_chat_id: int, *, user_id: int = DEFAULT_USER_ID, title: str | None = None
) -> JSON:
    """Build the service message in the old group announcing its upgrade to a supergroup."""
    chat = group_chat_json(old_chat_id, chat_type="group", title=title)
    return message_update(message_json(chat, user_json(user_id), migrate_to_chat_id=new_chat_id))


def migrate_from_chat(
    new_chat_id: int, old_chat_id: int, *, user_id: int = DEFAULT_USER_ID, title: str | None = None
) -> JSON:
    """Build the service message in the new supergroup naming the group it was migrated from."""
    chat = group_chat_json(new_chat_id, chat_type="supergroup", title=title)
    return message_update(message_json(chat, user_json(user_id), migrate_from_chat_id=old_chat_id))
