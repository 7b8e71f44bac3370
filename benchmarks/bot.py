"""Bot benchmarks against the fake Bot API on 127.0.0.1 (not tests: they print a table).

1. Fan-out: one digest to N subscribed chats with the fake enforcing 30 sends/s.
2. Load: questions arriving at R per second from different users; update-to-reply latency.
3. Start-up: `policybot run` as a process, from exec to its first answer; its resident memory.

Run: `python -m benchmarks.bot [--chats 1000] [--rate 20] [--seconds 10]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.orm import Session

from bot import digests
from bot.app import build_application, post_init
from bot.settings import Settings
from knowledge import subscriptions as subs
from knowledge.service import Knowledge
from tests.fakebot import TOKEN, FakeBotAPI, private_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """标题: 江城发布人工智能算力券新政

发布时间: 2026-11-20

江城市经济和信息化局局长李明远表示,江城将每年发放总额不超过3000万元的“算力券”,支持中小企业使用智能算力。
"""


def settings_for(fake: FakeBotAPI, folder: Path) -> Settings:
    return Settings(
        telegram_bot_token=SecretStr(TOKEN),
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        database_url=f"sqlite:///{folder / 'bench.sqlite3'}",
        data_dir=folder,
        seeds_dir=ROOT / "seeds",
        admin_ids=frozenset({1}),
    )


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def fan_out(chats: int, folder: Path) -> dict[str, float]:
    with FakeBotAPI(max_sends_per_second=30) as fake:
        settings = settings_for(fake, folder)
        knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
        schedule = subs.Schedule("daily", "09:00")

        def subscribe_all(session: Session) -> None:
            for i in range(chats):
                subs.subscribe(
                    session,
                    chat_id=-1_000_000 - i,
                    chat_type="supergroup",
                    chat_title=None,
                    thread_id=None,
                    schedule=schedule,
                    timezone="Asia/Shanghai",
                    user_id=1,
                )

        knowledge.unit(subscribe_all)
        inbox = folder / "inbox"
        inbox.mkdir(exist_ok=True)
        (inbox / "new.txt").write_text(ARTICLE, encoding="utf-8")
        from knowledge.ingest import ingest_inbox

        ingest_inbox(knowledge, inbox)
        app = build_application(settings, knowledge)
        async with app:
            started = time.perf_counter()
            outcomes = await digests.deliver_all(app.bot, knowledge, [])
            elapsed = time.perf_counter() - started
        per_chat = [len(fake.messages_to(-1_000_000 - i)) for i in range(chats)]
        knowledge.close()
        return {
            "chats": chats,
            "seconds": elapsed,
            "rate": chats / elapsed,
            "share_of_allowed": chats / elapsed / 30,
            "exactly_once": sum(count == 1 for count in per_chat) / chats,
            "sent_status": sum(o.status == "sent" for o in outcomes),
            "429s": fake.count_429,
        }


async def load(rate: int, seconds: int, folder: Path) -> dict[str, float]:
    questions = [
        "上海算力目标是多少",
        "What did Zhou Hongyi propose?",
        "宁夏算力券",
        "劉慶峰建議什麼",
        "liu qingfeng",
    ]
    with FakeBotAPI() as fake:
        settings = settings_for(fake, folder)
        knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
        app = build_application(settings, knowledge)
        pushed: dict[int, float] = {}
        async with fake.polling(app, poll_timeout=0.5):
            await post_init(app)
            total = rate * seconds
            start = time.perf_counter()
            for i in range(total):
                user = 10_000 + i
                await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
                pushed[user] = time.monotonic()
                fake.push_update(private_text(user, questions[i % len(questions)]))
            await fake.wait_for(lambda: all(fake.messages_to(u) for u in pushed), timeout=60)
        latencies = [(fake.messages_to(u)[0].time - t) * 1000 for u, t in pushed.items()]
        knowledge.close()
        return {
            "questions": len(pushed),
            "answered": sum(bool(fake.messages_to(u)) for u in pushed),
            "p50_ms": statistics.median(latencies),
            "p95_ms": quantile(latencies, 0.95),
            "max_ms": max(latencies),
        }


def startup(folder: Path) -> dict[str, float]:
    with FakeBotAPI() as fake:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "POLICYBOT_TELEGRAM_API_URL": fake.base_url,
            "POLICYBOT_TELEGRAM_FILE_URL": fake.base_file_url,
            "POLICYBOT_DATA_DIR": str(folder),
            "POLICYBOT_LOG_LEVEL": "WARNING",
        }
        env.pop("POLICYBOT_DATABASE_URL", None)
        # a first run creates and loads the store; the measured run is a restart, as in production
        for measured in (False, True):
            fake.clear_records()
            started = time.monotonic()
            process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=ROOT)
            try:
                fake.push_update(private_text(777, "上海算力目标是多少"))
                fake.wait_until(lambda: bool(fake.messages_to(777)), timeout=60)
                first_answer = fake.messages_to(777)[0].time - started
                rss_kb = next(
                    int(line.split()[1])
                    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines()
                    if line.startswith("VmRSS")
                )
            finally:
                process.terminate()
                process.wait(timeout=30)
            if measured:
                return {"first_answer_s": first_answer, "rss_mb": rss_kb / 1024}
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="policybot-bench-"))
    try:
        fan = asyncio.run(fan_out(args.chats, folder / "fan"))
        ld = asyncio.run(load(args.rate, args.seconds, folder / "load"))
        st = startup(folder / "start")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'benchmark':<34} {'result':>12}  target")
    print(f"{'fan-out chats':<34} {fan['chats']:>12.0f}")
    print(f"{'fan-out seconds':<34} {fan['seconds']:>12.1f}")
    print(f"{'fan-out sends/s (fake allows 30)':<34} {fan['rate']:>12.1f}  ≥ 27 (90%)")
    print(f"{'chats that got it exactly once':<34} {fan['exactly_once']:>12.1%}  100%")
    print(f"{'429 answers from the fake':<34} {fan['429s']:>12.0f}  no storm")
    print(f"{f'questions at {args.rate}/s':<34} {ld['questions']:>12.0f}")
    print(f"{'answered':<34} {ld['answered']:>12.0f}  all")
    print(f"{'update→reply p50 ms':<34} {ld['p50_ms']:>12.1f}")
    print(f"{'update→reply p95 ms':<34} {ld['p95_ms']:>12.1f}  ≤ 1000")
    print(f"{'start-up to first answer s':<34} {st['first_answer_s']:>12.2f}  ≤ 5")
    print(f"{'resident memory MB':<34} {st['rss_mb']:>12.0f}  ≤ 200")


if __name__ == "__main__":
    main()
