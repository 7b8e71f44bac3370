"""What the fake saw and did, for assertions: every call, the messages sent and edited, 429s, send
times, the webhook, commands and members (a mixin of FakeBotAPI)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import CLIENT_GONE, JSON, ApiCall, SentMessage
from .state import State


class Recorded:
    """Read-only views of the fake's records."""

    _state: State

    @property
    def calls(self) -> list[ApiCall]:
        """Every API call in order, including failed and unknown ones."""
        with self._state.cond:
            return list(self._state.calls)

    @property
    def sent(self) -> list[SentMessage]:
        """Messages the bot sent successfully (sendMessage, sendDocument), in order."""
        with self._state.cond:
            return list(self._state.sent)

    @property
    def edited(self) -> list[SentMessage]:
        """Successful editMessageText / editMessageReplyMarkup calls, in order."""
        with self._state.cond:
            return list(self._state.edited)

    @property
    def answered_callbacks(self) -> dict[str, JSON]:
        """answerCallbackQuery parameters by callback query id."""
        with self._state.cond:
            return dict(self._state.answered_callbacks)

    def messages_to(self, chat_id: int | str) -> list[SentMessage]:
        """Messages the bot sent successfully to chat_id."""
        with self._state.cond:
            key = self._state.chat_key(chat_id)
            return [record for record in self._state.sent if record.chat_id == key]

    def texts_to(self, chat_id: int | str) -> list[str | None]:
        """Texts (or captions) the bot sent successfully to chat_id, as sent."""
        return [record.text for record in self.messages_to(chat_id)]

    def message(self, chat_id: int | str, message_id: int) -> JSON | None:
        """A message as the chat shows it now (after edits), or None if there is none."""
        with self._state.cond:
            stored = self._state.messages.get((self._state.chat_key(chat_id), message_id))
            return dict(stored) if stored is not None else None

    def calls_to(self, method: str) -> list[ApiCall]:
        """Calls of one method (case-insensitive)."""
        wanted = method.lower()
        with self._state.cond:
            return [call for call in self._state.calls if call.method.lower() == wanted]

    @property
    def unknown_calls(self) -> list[ApiCall]:
        """Calls of methods the fake does not implement (answered 404 Not Found)."""
        with self._state.cond:
            return [call for call in self._state.calls if call.unknown]

    @property
    def failed_calls(self) -> list[ApiCall]:
        """Calls answered with an error status (abandoned long polls excluded)."""
        with self._state.cond:
            return [call for call in self._state.calls if not call.ok and call.status != CLIENT_GONE]

    @property
    def internal_errors(self) -> list[str]:
        """Bugs in the fake itself (answered 500); tests should expect this to be empty."""
        with self._state.cond:
            return list(self._state.internal_errors)

    @property
    def count_429(self) -> int:
        """How many 429 Too Many Requests answers were given."""
        with self._state.cond:
            return self._state.count_429

    @property
    def send_times(self) -> list[float]:
        """time.monotonic() of every successful message send."""
        with self._state.cond:
            return list(self._state.send_times)

    @property
    def peak_sends_per_second(self) -> int:
        """The largest number of successful sends inside any 1-second window."""
        times = self.send_times
        best, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    @property
    def webhook(self) -> JSON | None:
        """The current webhook settings, or None."""
        with self._state.cond:
            return dict(self._state.webhook) if self._state.webhook else None

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by an offset."""
        with self._state.cond:
            return list(self._state.queue)

    def commands(self, scope: Mapping[str, Any] | None = None, language_code: str = "") -> list[JSON]:
        """The bot commands set for scope and language_code."""
        with self._state.cond:
            return list(self._state.commands.get(self._state.commands_key(scope, language_code), []))

    def chat_member(self, chat_id: int, user_id: int) -> JSON:
        """What getChatMember would answer for (chat_id, user_id)."""
        with self._state.cond:
            return self._state.member_json(chat_id, user_id)

    def clear_records(self) -> None:
        """Forget calls, sent and edited messages, send times and the 429 counter (not world state)."""
        with self._state.cond:
            self._state.calls.clear()
            self._state.sent.clear()
            self._state.edited.clear()
            self._state.answered_callbacks.clear()
            self._state.send_times.clear()
            self._state.faults.send_window.clear()
            self._state.count_429 = 0
