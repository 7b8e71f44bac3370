"""Logs never contain the bot token, whatever logger writes it."""

from __future__ import annotations

import io
import logging

from bot.logs import RedactSecrets, redact_secret


def test_token_is_redacted_from_every_record() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        redact_secret("123456:SECRET-token")
        logger.warning("POST https://api.telegram.org/bot%s/getMe", "123456:SECRET-token")
        logger.warning("plain message")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "SECRET" not in output
    assert "bot[token]/getMe" in output
    assert "plain message" in output
