"""The test support's pytest fixtures (registered by tests/conftest.py with `pytest_plugins`): a running
fake Bot API, the bot's settings against it, the local web site of the ingestion tests, and the
`policybot` command on a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import commands as cli
from bot.settings import Settings, get_settings
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


@pytest.fixture
def policybot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`policybot` (bot.cli.main) on a fresh SQLite store, leaving pytest's logging alone."""
    monkeypatch.setenv("POLICYBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'cli.sqlite3'}")
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
