"""The fake Bot API's value types: errors, requests, recorded calls and messages, stored files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

JSON = dict[str, Any]
CLIENT_GONE = 499  # recorded (never answered) when the client abandons a request, e.g. a cancelled long poll


class ApiError(Exception):
    """An error the fake answers with {"ok": false, ...} and the matching HTTP status."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        """Return the Bot API error body."""
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def too_many(retry_after: int) -> ApiError:
    """A 429 error with retry_after."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One HTTP call to the Bot API, successful or not."""

    method: str
    params: JSON
    status: int
    response: JSON
    time: float
    token: str
    files: dict[str, UploadedFile] = field(default_factory=dict)
    unknown: bool = False

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200

    @property
    def description(self) -> str | None:
        """The error description, if the call failed."""
        return cast("str | None", self.response.get("description"))

    def summary(self) -> str:
        """Return a one-line description for failure messages."""
        shown = {k: v for k, v in self.params.items() if k in ("chat_id", "text", "user_id", "offset")}
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"{self.method}({shown}) -> {outcome}"


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot sent or edited successfully (time is time.monotonic())."""

    method: str
    chat_id: int
    text: str | None
    params: JSON
    time: float
    message: JSON

    @property
    def body(self) -> str:
        """The text (or caption) as sent, "" for a message without one."""
        return self.text or ""

    @property
    def message_id(self) -> int:
        """The message id the fake assigned."""
        return cast(int, self.message["message_id"])

    @property
    def reply_markup(self) -> Any:
        """The reply_markup parameter as sent (decoded JSON), if any."""
        return self.params.get("reply_markup")


@dataclass(slots=True)
class Request:
    """A decoded API request."""

    token: str
    method: str
    params: JSON
    files: dict[str, UploadedFile]
    client_gone: Callable[[], bool]


@dataclass(slots=True)
class StoredFile:
    """A downloadable file."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None
    mime_type: str | None
