"""The test support's pytest fixtures (registered by tests/conftest.py with `pytest_plugins`): a running
fake Bot API, the bot's settings against it, and the local web site of the ingestion tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.support.e2e import bot_settings
from tests.support.fakebot import FakeBotAPI
from tests.support.site import Site


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    """A running fake Bot API on 127.0.0.1, stopped (threads joined) on teardown."""
    yield from FakeBotAPI.serve()


@pytest.fixture
def env(tmp_path: Path, seeds_copy: Path, fake: FakeBotAPI) -> Settings:
    """The bot's settings: SQLite in tmp_path, a copy of the seeds, an inbox, the fake as Telegram."""
    return bot_settings(tmp_path, seeds_copy, fake)


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh local site with the test article (HTML and text), the feeds and the bad URLs."""
    with Site() as served:
        served.add_ingestion_pages()
        yield served
