"""Logging: one line per event, and never a secret (the token appears in Bot API URLs)."""

from __future__ import annotations

import logging

_SECRETS: set[str] = set()


class RedactSecrets(logging.Filter):
    """Replace every registered secret in a record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            message = record.getMessage()
            for secret in _SECRETS:
                message = message.replace(secret, "[token]")
            record.msg, record.args = message, None
        return True


def redact_secret(secret: str) -> None:
    if secret:
        _SECRETS.add(secret)


def configure(level: str) -> None:
    """Plain `time level logger event=… key=value` lines on stderr, secrets redacted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "jieba", "alembic", "bm25s", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
