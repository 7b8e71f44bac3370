"""Test support: the fake Telegram Bot API, a local web site, subscribers and end-to-end helpers."""
