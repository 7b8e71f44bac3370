"""`policybot run` in webhook mode, as a process: it sets its webhook and answers what is posted to it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fakebot import TOKEN, FakeBotAPI, private_text
from tests.support.processes import free_port, listening, post_update, wait_until

pytestmark = pytest.mark.slow  # `policybot run` as a process

USER = 4242
SECRET = "webhook-secret-0123"


@pytest.fixture
def bot(tmp_path: Path, seeds_dir: Path) -> Iterator[tuple[FakeBotAPI, str]]:
    port = free_port()
    with FakeBotAPI() as fake:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "POLICYBOT_TELEGRAM_API_URL": fake.base_url,
            "POLICYBOT_TELEGRAM_FILE_URL": fake.base_file_url,
            "POLICYBOT_DATA_DIR": str(tmp_path),
            "POLICYBOT_SEEDS_DIR": str(seeds_dir),
            "POLICYBOT_WEBHOOK_URL": "https://bot.example.org",  # the public address, behind a proxy
            "POLICYBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "POLICYBOT_WEBHOOK_PORT": str(port),
            "POLICYBOT_WEBHOOK_SECRET": SECRET,
        }
        env.pop("POLICYBOT_DATABASE_URL", None)
        command = [sys.executable, "-m", "bot.cli", "run"]
        log = tmp_path / "bot.log"  # a file, not a pipe: nobody reads a pipe until the end, so it could fill
        with log.open("wb") as output:
            process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: fake.webhook or process.poll() is not None, "the webhook to be set")
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            # python-telegram-bot sets the webhook first and starts its server a moment later
            wait_until(lambda: listening(port) or process.poll() is not None, "the webhook server")
            yield fake, f"http://127.0.0.1:{port}/telegram"
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_webhook_mode_answers_posted_updates_and_refuses_a_wrong_secret(bot: tuple[FakeBotAPI, str]) -> None:
    fake, url = bot
    webhook = fake.webhook
    assert webhook is not None
    assert webhook["url"] == "https://bot.example.org/telegram"
    assert webhook.get("secret_token") == SECRET

    update = {"update_id": 1, **private_text(USER, "宁夏算力券多少")}
    assert post_update(url, {**update, "update_id": 2}, secret="wrong") == 403
    assert post_update(url, update, secret=SECRET) == 200
    wait_until(lambda: fake.texts_to(USER), "the answer")
    time.sleep(0.5)  # the refused update, had it got through, would have been answered by now too
    [answer] = fake.texts_to(USER)
    assert answer is not None and "4000万元" in answer
    assert not fake.calls_to("getUpdates")  # no polling beside the webhook
