"""Two replicas, one PostgreSQL database: a digest to N groups, sent once, at Telegram's pace, without a 429.

Run: `python -m benchmarks.replicas [--chats 1000] [--postgres URL]` (default: the local server,
in a throwaway database). Two `policybot run` processes long-poll the fake Bot API (which answers
429 once 30 sends fall in any sliding second); N groups are subscribed and their schedules put
due, and one new article is ingested by a third process (as `/reload` on a replica would):
the replicas learn of it by the knowledge version, the leader queues and sends every digest.
Reported: chats served once / twice, the send rate between the first and the last digest
against the 30/s limit, the 429 answers, and the ledger's duplicate window (Telegram's
acceptance to the ledger commit) read from the leader's Prometheus metrics.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from knowledge.ingest.inbox import ingest_inbox
from knowledge.service import Knowledge
from tests.support.fakebot import TOKEN, FakeBotAPI
from tests.support.processes import free_port, wait_until
from tests.support.subscribers import subscribe_daily

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 30
ARTICLE = """标题: 江城发布人工智能算力券新政

发布时间: 2026-11-20

江城市经济和信息化局局长李明远表示,江城将每年发放总额不超过3000万元的“算力券”,支持中小企业使用智能算力。
"""


def metric(port: int, name: str) -> float:
    """A value from a replica's Prometheus endpoint (NaN while it is not up)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            lines = response.read().decode().splitlines()
    except OSError:
        return float("nan")
    return next((float(line.split()[1]) for line in lines if line.startswith(name + " ")), float("nan"))


def run(chats: int, server: str, folder: Path) -> dict[str, float]:
    base = make_url(server).set(drivername="postgresql+psycopg")
    name = f"policybot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    groups = [-1_000_000 - i for i in range(chats)]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        knowledge = Knowledge.open(url, ROOT / "seeds")
        subscribe_daily(knowledge, groups, user_id=1)
        with FakeBotAPI(max_sends_per_second=LIMIT) as fake:
            ports = [free_port(), free_port()]
            for index, port in enumerate(ports):
                data = folder / f"replica{index}"
                data.mkdir()
                env = {
                    **os.environ,
                    "TELEGRAM_BOT_TOKEN": TOKEN,
                    "POLICYBOT_TELEGRAM_API_URL": fake.base_url,
                    "POLICYBOT_TELEGRAM_FILE_URL": fake.base_file_url,
                    "POLICYBOT_DATA_DIR": str(data),
                    "POLICYBOT_DATABASE_URL": url,
                    "POLICYBOT_METRICS_PORT": str(port),
                    "POLICYBOT_LOG_LEVEL": "WARNING",
                }
                with (data / "bot.log").open("wb") as log:
                    processes.append(
                        subprocess.Popen(
                            [sys.executable, "-m", "bot.cli", "run"], env=env, stdout=log, stderr=log
                        )
                    )
            wait_until(lambda: all(metric(p, "policybot_leader") >= 0 for p in ports), "both replicas", 120)
            wait_until(lambda: any(metric(p, "policybot_leader") == 1 for p in ports), "a leader", 30)
            leader = next(p for p in ports if metric(p, "policybot_leader") == 1)
            inbox = folder / "inbox"
            inbox.mkdir()
            (inbox / "new.txt").write_text(ARTICLE, encoding="utf-8")
            ingest_inbox(knowledge, inbox)  # raises the knowledge version: both replicas rebuild
            version = knowledge.version
            wait_until(
                lambda: all(metric(p, "policybot_knowledge_version") >= version for p in ports), "k", 30
            )
            fake.clear_records()
            knowledge.unit(
                lambda s: s.execute(text("UPDATE subscriptions SET last_run_at = now() - interval '1 day'"))
            )
            started = time.monotonic()
            wait_until(lambda: all(fake.messages_to(g) for g in groups), "every digest", 60 + chats / 10)
            time.sleep(3)
            counts = [len(fake.messages_to(g)) for g in groups]
            sends = sorted(m.time for g in groups for m in fake.messages_to(g))
            window_sum = metric(leader, "policybot_digest_confirm_seconds_sum")
            window_count = metric(leader, "policybot_digest_confirm_seconds_count")
            result = {
                "chats": chats,
                "once": sum(c == 1 for c in counts),
                "twice_or_more": sum(c > 1 for c in counts),
                "missing": sum(c == 0 for c in counts),
                "rate": (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else float("nan"),
                "first_send_s": sends[0] - started if sends else float("nan"),
                "count_429": fake.count_429,
                "peak_window": fake.peak_sends_per_second,
                "window_mean_ms": 1000 * window_sum / window_count if window_count else float("nan"),
            }
        knowledge.close()
        return result
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("POLICYBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = run(args.chats, args.postgres, Path(folder))
    share = result["rate"] / LIMIT
    print(f"two replicas, {result['chats']} groups, fake limit {LIMIT}/s")
    once, twice, missing = result["once"], result["twice_or_more"], result["missing"]
    print(f"  exactly once {once}, more than once {twice}, missing {missing}")
    print(f"  rate {result['rate']:.1f}/s ({share:.0%} of {LIMIT}/s), peak window {result['peak_window']}")
    print(
        f"  429 answers {result['count_429']}; first digest {result['first_send_s']:.1f} s after falling due"
    )
    print(f"  duplicate window (accepted → ledger commit) mean {result['window_mean_ms']:.1f} ms")


if __name__ == "__main__":
    main()
