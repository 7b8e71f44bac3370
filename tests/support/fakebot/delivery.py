"""How updates reach the bot: the queue, getUpdates long polling with Telegram's one-consumer rule, and
the webhook settings (setWebhook, deleteWebhook, getWebhookInfo), called with the fake's lock held.

Telegram serves one getUpdates at a time per bot: a newer request ends the pending one with 409
"Conflict: terminated by other getUpdates request; …", setWebhook ends it with "Conflict: terminated
by setWebhook request", and getUpdates while a webhook is set is refused with 409 as well.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from telegram import Update

from .model import CLIENT_GONE, JSON, ApiError, Request
from .state import State

OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
SET_WEBHOOK = "Conflict: terminated by setWebhook request"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def queue_update(state: State, update: Mapping[str, Any], *, validate: bool | None = None) -> int:
    """Queue an update (update_id assigned if missing), wake getUpdates and return its id."""
    data: JSON = json.loads(json.dumps(update))
    if data.get("update_id") is None:
        data["update_id"] = state.next_update_id
    update_id = int(data["update_id"])
    if validate if validate is not None else state.identity.validate_updates:
        try:
            Update.de_json(data, None)
        except Exception as exc:
            raise ValueError(f"python-telegram-bot cannot parse this update: {exc!r}") from exc
    state.next_update_id = max(state.next_update_id, update_id + 1)
    state.register_update(data)
    state.queue.append(data)
    state.cond.notify_all()
    return update_id


def _end_pending_poll(state: State, reason: str) -> None:
    """End the pending getUpdates, if any, with a 409 for reason."""
    state.poll_generation += 1
    state.poll_ended_by = reason
    state.cond.notify_all()


def _is_allowed(state: State, update: JSON) -> bool:
    """Whether an update's type passes the current allowed_updates setting."""
    kinds = [key for key in update if key != "update_id"]
    kind = kinds[0] if kinds else ""
    if state.allowed_updates:
        return kind in state.allowed_updates
    return kind not in _DEFAULT_EXCLUDED_UPDATES


def get_updates(state: State, req: Request) -> list[JSON]:
    """getUpdates with real long polling, offset confirmation, limit and allowed_updates."""
    if state.webhook is not None:
        raise ApiError(409, WEBHOOK_ACTIVE)
    params = req.params
    offset = int(params.get("offset") or 0)
    limit = min(max(int(params.get("limit") or 100), 1), 100)
    timeout = max(float(params.get("timeout") or 0), 0.0)
    allowed = params.get("allowed_updates")
    if isinstance(allowed, list):
        state.allowed_updates = [str(kind) for kind in allowed]
    if offset > 0:
        state.queue = [update for update in state.queue if update["update_id"] >= offset]
    elif offset < 0:
        state.queue = state.queue[offset:]
    _end_pending_poll(state, OTHER_POLL)
    generation = state.poll_generation
    deadline = time.monotonic() + timeout
    while True:
        if state.closing:
            return []
        if req.client_gone():
            raise ApiError(CLIENT_GONE, "Client Closed Request: the long poll was abandoned")
        if generation != state.poll_generation:
            raise ApiError(409, state.poll_ended_by)
        state.queue = [update for update in state.queue if _is_allowed(state, update)]
        if state.queue:
            return state.queue[:limit]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return []
        state.cond.wait(min(remaining, 0.05))


def delete_webhook(state: State, req: Request) -> bool:
    """deleteWebhook."""
    state.webhook = None
    if req.params.get("drop_pending_updates") is True:
        state.queue.clear()
    return True


def set_webhook(state: State, req: Request) -> bool:
    """setWebhook (stored; updates are delivered through getUpdates or posted by the test)."""
    url = str(req.params.get("url") or "")
    if not url:
        return delete_webhook(state, req)
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in (80, 88, 443, 8443):
        raise ApiError(
            400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
        )
    allowed = req.params.get("allowed_updates")
    if isinstance(allowed, list):
        state.allowed_updates = [str(kind) for kind in allowed]
    if req.params.get("drop_pending_updates") is True:
        state.queue.clear()
    _end_pending_poll(state, SET_WEBHOOK)
    state.webhook = {
        "url": url,
        "has_custom_certificate": "certificate" in req.files,
        "max_connections": int(req.params.get("max_connections") or 40),
        "secret_token": req.params.get("secret_token"),
    }
    return True


def get_webhook_info(state: State, req: Request) -> JSON:
    """getWebhookInfo."""
    webhook = state.webhook
    info: JSON = {
        "url": webhook["url"] if webhook else "",
        "has_custom_certificate": bool(webhook and webhook["has_custom_certificate"]),
        "pending_update_count": len(state.queue),
    }
    if webhook:
        info["max_connections"] = webhook["max_connections"]
        if state.allowed_updates:
            info["allowed_updates"] = list(state.allowed_updates)
    return info


METHODS: dict[str, Callable[[State, Request], Any]] = {
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
}
