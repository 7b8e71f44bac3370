"""`policybot run` as a process: a bad token is one line without it; a webhook always checks a secret."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support.fakebot import TOKEN, FakeBotAPI, private_text
from tests.support.processes import free_port, post_update, wait_until

USER = 4242
WRONG_TOKEN = "987654:AAH-wrong-token-0123456789abcdefghijkl"


def bot_env(fake: FakeBotAPI, folder: Path, seeds_dir: Path, token: str) -> dict[str, str]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "POLICYBOT_TELEGRAM_API_URL": fake.base_url,
        "POLICYBOT_TELEGRAM_FILE_URL": fake.base_file_url,
        "POLICYBOT_DATA_DIR": str(folder),
        "POLICYBOT_SEEDS_DIR": str(seeds_dir),
        "POLICYBOT_METRICS_PORT": "0",
    }
    env.pop("POLICYBOT_DATABASE_URL", None)
    env.pop("POLICYBOT_WEBHOOK_SECRET", None)
    return env


def test_a_wrong_token_is_one_line_that_does_not_show_it(tmp_path: Path, seeds_dir: Path) -> None:
    with FakeBotAPI(token=TOKEN) as fake:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run"],
            env=bot_env(fake, tmp_path, seeds_dir, WRONG_TOKEN),
            capture_output=True,
            text=True,
            timeout=120,
        )
    output = (done.stdout + done.stderr).strip()
    assert done.returncode == 2
    assert WRONG_TOKEN not in output and WRONG_TOKEN.split(":")[1] not in output
    assert "rejected the token" in output
    assert "Traceback" not in output
    assert len([line for line in output.splitlines() if "event=" not in line]) == 1, output


def test_a_webhook_without_a_configured_secret_still_refuses_forged_updates(
    tmp_path: Path, seeds_dir: Path
) -> None:
    port = free_port()
    with FakeBotAPI() as fake:
        env = bot_env(fake, tmp_path, seeds_dir, TOKEN)
        env.update(
            POLICYBOT_WEBHOOK_URL="https://bot.example.org",
            POLICYBOT_WEBHOOK_LISTEN="127.0.0.1",
            POLICYBOT_WEBHOOK_PORT=str(port),
        )
        log = tmp_path / "bot.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"], env=env, stdout=output, stderr=subprocess.STDOUT
            )
        try:
            wait_until(lambda: fake.webhook or process.poll() is not None, "the webhook to be set")
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            webhook = fake.webhook
            assert webhook is not None
            secret = webhook.get("secret_token")
            assert isinstance(secret, str) and len(secret) >= 32  # generated, since none was configured
            url = f"http://127.0.0.1:{port}/telegram"
            forged = {"update_id": 7, **private_text(USER, "/stats")}
            assert post_update(url, forged, secret=None) == 403
            assert post_update(url, forged, secret="guess") == 403
            assert (
                post_update(url, {"update_id": 8, **private_text(USER, "宁夏算力券多少")}, secret=secret)
                == 200
            )
            wait_until(lambda: fake.texts_to(USER), "the answer")
            time.sleep(0.5)
            assert len(fake.texts_to(USER)) == 1
        finally:
            process.terminate()
            process.wait(timeout=30)
        assert secret not in log.read_text(encoding="utf-8", errors="replace")
