"""`policybot chat`: the same reply builders in a terminal, no token and no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import Console
from bot.settings import Settings
from knowledge.service import Knowledge


@pytest.mark.slow
def test_chat_session_from_stdin(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path)}
    env.pop("POLICYBOT_DATABASE_URL", None)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input="上海算力目标是多少\n/who liu qingfeng\n1\n/nonsense\n怎么做红烧肉\n/quit\n/help\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1000 PFLOPS" in out
    assert "刘庆峰" in out and "[1] more" in out
    assert "(5–8 /" in out  # pressing [1] showed the next page
    assert "Unknown command /nonsense" in out
    assert "我没有这方面的资料" in out
    assert "/subscribe" not in out  # /quit ended the session before /help
    assert "<b>" not in out and "&amp;" not in out
    assert (tmp_path / "policybot.sqlite3").exists()


def test_console_routes_commands_to_the_shared_builders(knowledge: Knowledge, tmp_path: Path) -> None:
    console = Console(knowledge, Settings(data_dir=tmp_path))
    region = console.handle("/region Guangdong")
    assert region is not None and "广东" in region.plain
    assert console.handle("   ") is None
    subscribe = console.handle("/subscribe daily 09:00")
    assert subscribe is not None and "Telegram" in subscribe.plain
    answer = console.handle("What did Zhou Hongyi propose?")
    assert answer is not None and "周鸿祎" in answer.plain


@pytest.mark.slow
def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "policybot chat" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
