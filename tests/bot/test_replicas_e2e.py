"""Two `policybot run` processes on one PostgreSQL database against the fake Bot API: chaos included.

Digests fall due while an admin sends /digest_now and the leader is killed (SIGKILL) mid fan-out;
every group still gets the digest once (the stated window: at most one extra copy per digest
worker of the killed process), no question is answered twice when the polling leader dies, and
an article ingested through one replica is answered by the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from knowledge.service import Knowledge
from knowledge.store.models import Delivery
from tests.support.fakebot import TOKEN, FakeBotAPI, command, private_text
from tests.support.processes import free_port, post_update, wait_until
from tests.support.subscribers import subscribe_daily

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ADMIN = 9001
WORKERS = 8  # handlers.delivery.WORKERS: the most copies a killed replica can have left unconfirmed
ARTICLE = """标题: 江城发布人工智能算力券新政

发布时间: 2026-11-20

江城市经济和信息化局局长李明远表示,江城将每年发放总额不超过3000万元的“算力券”,支持中小企业使用智能算力。
根据《江城市人工智能算力券管理办法(2026-2028年)》,单个企业每年最高可获得200万元补贴。
"""


@dataclass
class Replica:
    name: str
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    port: int | None = None

    def start(self) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no shutdown, no cleanup
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def leading(self) -> bool:
        lines = [
            line
            for line in self.output().splitlines()
            if "event=leading" in line or "event=standing_by" in line
        ]
        return (
            bool(lines)
            and "event=leading" in lines[-1]
            and self.process is not None
            and self.process.poll() is None
        )


@pytest.fixture
def database(postgres_server_url: str) -> str:
    engine = create_engine(make_url(postgres_server_url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return postgres_server_url


def replicas(
    fake: FakeBotAPI, tmp_path: Path, seeds_dir: Path, database: str, *, webhook: bool
) -> list[Replica]:
    made = []
    for name in ("a", "b"):
        folder = tmp_path / name
        (folder / "inbox").mkdir(parents=True)
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "POLICYBOT_TELEGRAM_API_URL": fake.base_url,
            "POLICYBOT_TELEGRAM_FILE_URL": fake.base_file_url,
            "POLICYBOT_DATA_DIR": str(folder),
            "POLICYBOT_SEEDS_DIR": str(seeds_dir),
            "POLICYBOT_DATABASE_URL": database,
            "POLICYBOT_ADMIN_IDS": str(ADMIN),
            "POLICYBOT_INBOX_DIR": str(folder / "inbox"),
            "POLICYBOT_METRICS_PORT": "0",
            "POLICYBOT_DIGEST_LEASE_SECONDS": "10",
            "POLICYBOT_DISPATCH_INTERVAL_SECONDS": "2",
        }
        env.pop("POLICYBOT_WEBHOOK_SECRET", None)
        replica = Replica(name, env, folder / "bot.log")
        if webhook:
            replica.port = free_port()
            env.update(
                POLICYBOT_WEBHOOK_URL="https://bot.example.org",
                POLICYBOT_WEBHOOK_LISTEN="127.0.0.1",
                POLICYBOT_WEBHOOK_PORT=str(replica.port),
            )
        made.append(replica)
    return made


@pytest.fixture
def cleanup() -> Iterator[list[Replica]]:
    started: list[Replica] = []
    yield started
    for replica in started:
        replica.stop()


def post(replica: Replica, update: dict[str, object], secret: str) -> None:
    """What a load balancer does: this update goes to this replica."""
    assert post_update(f"http://127.0.0.1:{replica.port}/telegram", update, secret) == 200


def digests(fake: FakeBotAPI, chat: int) -> int:
    return sum("Policy digest" in (text or "") for text in fake.texts_to(chat))


def test_webhook_replicas_share_knowledge_and_send_each_digest_once_through_a_kill(
    tmp_path: Path, seeds_dir: Path, database: str, cleanup: list[Replica]
) -> None:
    groups = [-100_700_000 - i for i in range(150)]
    with FakeBotAPI(max_sends_per_second=30) as fake:
        a, b = replicas(fake, tmp_path, seeds_dir, database, webhook=True)
        cleanup += [a, b]
        a.start()
        wait_until(lambda: fake.webhook, "the first replica's webhook", 90)
        b.start()
        wait_until(lambda: "event=starting" in b.output(), "the second replica", 90)
        secret = str((fake.webhook or {})["secret_token"])
        knowledge = Knowledge.open(database, seeds_dir)
        subscribe_daily(knowledge, groups, user_id=ADMIN)
        # the article arrives through replica a only; b answers about it within seconds
        (tmp_path / "a" / "inbox" / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
        post(a, {"update_id": 1, **command(ADMIN, "/reload")}, secret)
        wait_until(lambda: any("Reloaded" in (t or "") for t in fake.texts_to(ADMIN)), "the reload", 60)
        reloaded = time.monotonic()
        asker = 7000
        while True:
            post(b, {"update_id": asker, **private_text(asker, "江城算力券每年多少")}, secret)
            wait_until(partial(fake.texts_to, asker), "b's answer", 10)
            if "3000万" in (fake.texts_to(asker)[0] or ""):
                break
            asker += 1
            assert time.monotonic() - reloaded < 5, "replica b did not see the article within 5 s"
        # schedules fall due (last run yesterday) while /digest_now goes to replica b
        knowledge.unit(
            lambda s: s.execute(text("UPDATE subscriptions SET last_run_at = now() - interval '1 day'"))
        )
        post(b, {"update_id": 2, **command(ADMIN, "/digest_now")}, secret)
        wait_until(lambda: sum(digests(fake, g) for g in groups) >= 30, "the fan-out to begin", 60)
        leader = a if a.leading() else b
        leader.kill()
        killed_at = sum(digests(fake, g) for g in groups)
        leader.start()  # the restarted replica resumes; the other may have taken over meanwhile
        wait_until(lambda: all(digests(fake, g) >= 1 for g in groups), "every group's digest", 120)
        time.sleep(3)  # anything sent twice would have arrived by now
        counts = [digests(fake, g) for g in groups]
        duplicates = sum(c - 1 for c in counts if c > 1)
        sent_rows = knowledge.unit(
            lambda s: s.scalar(text("SELECT count(*) FROM deliveries WHERE status = 'sent'"))
        )
        pending = knowledge.unit(lambda s: s.query(Delivery).filter(Delivery.status == "pending").count())
        knowledge.close()
        a.stop()
        b.stop()
        print(f"killed after {killed_at} digests; duplicates {duplicates}; 429s {fake.count_429}")
        assert min(counts) == 1
        assert duplicates <= WORKERS  # the stated window: one unconfirmed message per worker
        assert sent_rows == len(groups) and pending == 0  # the ledger counts what was sent
        assert fake.count_429 == 0


def test_a_standby_takes_over_polling_within_ten_seconds_and_nothing_is_answered_twice(
    tmp_path: Path, seeds_dir: Path, database: str, cleanup: list[Replica]
) -> None:
    with FakeBotAPI() as fake:
        a, b = replicas(fake, tmp_path, seeds_dir, database, webhook=False)
        cleanup += [a, b]
        a.start()
        wait_until(a.leading, "a to lead", 90)
        b.start()
        wait_until(lambda: "event=starting" in b.output(), "b to stand by", 90)
        users = iter(range(20_000, 30_000))
        asked: list[int] = []

        def ask(count: int) -> None:
            for _ in range(count):
                user = next(users)
                fake.push_update(private_text(user, "宁夏算力券多少"))
                asked.append(user)
                time.sleep(0.1)

        ask(20)
        a.kill()
        killed = time.monotonic()
        ask(30)
        wait_until(b.leading, "b to take over", 15)
        assert time.monotonic() - killed < 10
        wait_until(lambda: all(fake.texts_to(u) for u in asked), "every answer", 60)
        time.sleep(2)
        assert all(len(fake.texts_to(u)) == 1 for u in asked)  # none answered twice
        assert "Conflict" not in b.output()  # one poller at a time: no 409s, no tracebacks of them
        b.stop()
