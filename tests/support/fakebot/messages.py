"""Bot API methods on messages: sendMessage, sendDocument, editMessageText, editMessageReplyMarkup,
deleteMessage, answerCallbackQuery and sendChatAction (called with the fake's lock held)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .faults import server_error
from .limits import check_caption, check_text, formatted, inline_keyboard
from .model import JSON, ApiError, Request, SentMessage, StoredFile
from .state import State

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)


def _server_fault(state: State, req: Request, key: int) -> None:
    """Apply an injected send fault: hold the request (lock released), then fail unless it delivers."""
    fault = state.faults.take_send_fault(req.method, key)
    if fault is None:
        return
    deadline = time.monotonic() + fault.hold
    while not state.closing and not req.client_gone():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        state.cond.wait(min(remaining, 0.05))
    if not fault.deliver:
        raise server_error(fault.status)


def send_message(state: State, req: Request) -> JSON:
    """sendMessage."""
    key = state.require_chat(req)
    state.faults.check_write(key)
    text = req.params.get("text")
    plain, entities = formatted(text, req.params, "entities")
    check_text(plain)
    inline_keyboard(req.params.get("reply_markup"))
    reply_to = state.resolve_reply(key, req.params)
    _server_fault(state, req, key)
    state.faults.check_rate(key)
    content: JSON = {"text": plain}
    if entities:
        content["entities"] = entities
    message = state.new_message(key, req, reply_to, content)
    state.record_send(req, key, text if isinstance(text, str) else plain, message)
    return message


def send_document(state: State, req: Request) -> JSON:
    """sendDocument with an uploaded file, attach:// reference or known file_id."""
    key = state.require_chat(req)
    state.faults.check_write(key)
    stored = _document_from(state, req)
    caption = req.params.get("caption")
    document: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    content: JSON = {"document": document}
    if caption is not None:
        plain, entities = formatted(caption, req.params, "caption_entities")
        check_caption(plain)
        content["caption"] = plain
        if entities:
            content["caption_entities"] = entities
    inline_keyboard(req.params.get("reply_markup"))
    reply_to = state.resolve_reply(key, req.params)
    _server_fault(state, req, key)
    state.faults.check_rate(key)
    message = state.new_message(key, req, reply_to, content)
    state.record_send(req, key, caption if isinstance(caption, str) else None, message)
    return message


def _document_from(state: State, req: Request) -> StoredFile:
    """Resolve the document parameter to a stored file, registering uploads."""
    value = req.params.get("document")
    upload = req.files.get("document")
    if isinstance(value, str) and value.startswith("attach://"):
        upload = req.files.get(value[len("attach://") :])
    if upload is not None:
        return state.store_file(upload.data, upload.filename, upload.content_type)
    if isinstance(value, str | int) and str(value) in state.files:
        return state.files[str(value)]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return state.store_file(b"", urlsplit(value).path.rsplit("/", 1)[-1] or None, None)
    if value is None:
        raise ApiError(400, "Bad Request: there is no document in the request")
    raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")


def _edited_target(state: State, req: Request) -> tuple[int, int, JSON]:
    """The bot message an edit refers to."""
    key = state.require_chat(req)
    state.faults.check_write(key)
    message_id = state.require_int(req, "message_id")
    message = state.messages.get((key, message_id))
    if message is None:
        raise ApiError(400, "Bad Request: message to edit not found")
    if message.get("from", {}).get("id") != state.bot_user(req.token)["id"]:
        raise ApiError(400, "Bad Request: message can't be edited")
    return key, message_id, message


def _finish_edit(state: State, req: Request, key: int, message_id: int, old: JSON, new: JSON) -> JSON:
    """Store an edited message and record it."""
    before = {k: v for k, v in old.items() if k != "edit_date"}
    if new == before:
        raise ApiError(400, NOT_MODIFIED)
    new["edit_date"] = int(time.time())
    state.messages[(key, message_id)] = new
    state.edited.append(SentMessage(req.method, key, new.get("text"), req.params, time.monotonic(), new))
    return new


def _with_markup(message: JSON, markup: Any) -> JSON:
    """A copy of a message (edit_date dropped) with the inline keyboard set or removed."""
    new = {k: v for k, v in message.items() if k != "edit_date"}
    keyboard = inline_keyboard(markup)
    if keyboard is not None and keyboard.get("inline_keyboard"):
        new["reply_markup"] = keyboard
    else:
        new.pop("reply_markup", None)
    return new


def edit_message_text(state: State, req: Request) -> JSON | bool:
    """editMessageText."""
    if req.params.get("inline_message_id"):
        return True
    key, message_id, old = _edited_target(state, req)
    plain, entities = formatted(req.params.get("text"), req.params, "entities")
    check_text(plain)
    if "text" not in old:
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    new = _with_markup({k: v for k, v in old.items() if k != "entities"}, req.params.get("reply_markup"))
    new["text"] = plain
    if entities:
        new["entities"] = entities
    return _finish_edit(state, req, key, message_id, old, new)


def edit_message_reply_markup(state: State, req: Request) -> JSON | bool:
    """editMessageReplyMarkup."""
    if req.params.get("inline_message_id"):
        return True
    key, message_id, old = _edited_target(state, req)
    return _finish_edit(state, req, key, message_id, old, _with_markup(old, req.params.get("reply_markup")))


def delete_message(state: State, req: Request) -> bool:
    """deleteMessage."""
    key = state.require_chat(req)
    state.faults.check_write(key)
    message_id = state.require_int(req, "message_id")
    if state.messages.pop((key, message_id), None) is None:
        raise ApiError(400, "Bad Request: message to delete not found")
    return True


def answer_callback_query(state: State, req: Request) -> bool:
    """answerCallbackQuery: each pushed query can be answered once, with at most 200 characters."""
    query_id = str(req.params.get("callback_query_id") or "")
    if query_id not in state.callback_ids:
        raise ApiError(400, QUERY_TOO_OLD)
    if len(str(req.params.get("text") or "")) > 200:
        raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    state.callback_ids.discard(query_id)
    state.answered_callbacks[query_id] = dict(req.params)
    return True


def send_chat_action(state: State, req: Request) -> bool:
    """sendChatAction."""
    key = state.require_chat(req)
    state.faults.check_write(key)
    if req.params.get("action") not in CHAT_ACTIONS:
        raise ApiError(400, "Bad Request: wrong parameter action in request")
    return True


METHODS: dict[str, Callable[[State, Request], Any]] = {
    "sendmessage": send_message,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "sendchataction": send_chat_action,
}
