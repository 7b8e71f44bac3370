"""Bot benchmarks against the fake Bot API on 127.0.0.1 (not tests: they print a table).

Run: `python -m benchmarks.bot [--chats 1000] [--rate 50] [--seconds 20] [--restarts 3]
[--no-startup] [--no-save]`. At the default sizes the result is also written to the "Bot benchmark"
section at the end of benchmarks/RESULTS.md (that section's table is replaced; the rest of the
file and the section's hand-written `###` notes are kept).

1. Fan-out: N supergroups subscribed, one new article ingested, then `handlers.delivery.deliver_all`
   (the code behind /digest_now; the scheduled `digest_job`s run the same `deliver` per chat) with
   the Application that `bot.app.build_application` builds (its rate limiter included), against
   `FakeBotAPI(max_sends_per_second=30)`, which answers 429 once 30 sends fall in any sliding 1 s
   window. Meanwhile a user asks a question every second; their update-to-reply times show
   whether replies wait for the digests. The rate is the messages sent (digests and those replies:
   both count against Telegram's limit) divided by the wall time of `deliver_all`, so it includes
   the digests' preparation and the ledger writes; the fake's own send times give the rest. "No
   429 storm" is read as at most 1% as many 429 answers as digests.
2. Load: questions from the QA sets (dev set + tests/qa), each from a different user, pushed into
   the fake at R per second by a thread of their own (open loop: the bot's event loop cannot delay
   an arrival), to the Application long-polling the fake (`post_init` run as in production).
   Latency is from the push to the fake's record of the first reply message.
3. Start-up: `python -m bot.cli run` (what the `policybot` script runs) as a process against the
   fake, in a fresh data folder and cache folder (the cold start creates and loads the store and
   builds the cache of jieba's dictionary), then restarted on them as in production; from exec
   to the fake's record of the first answer to a question pushed at exec. Resident memory from
   /proc/<pid>/status right after that answer (VmRSS, and VmHWM, the peak), and again after the
   answer to a question in traditional script (its reply loads OpenCC's traditional-script
   tables, which stay loaded). A separate process then repeats the same start-up steps one by
   one and reads its RSS after each, to show what the memory is made of, and goes on to a
   traditional answer and the ingestion of a new article (fact extraction loads jieba's tagger).

The fake runs in threads of the benchmark's process (start-up aside), so it shares the GIL with
the bot; everything runs on one machine, and its load average is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import itertools
import json
import logging
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from benchmarks.results import RESULTS, machine, save_section
from bot.app import build_application, post_init
from bot.settings import Settings
from handlers import delivery
from knowledge.answer.evaluation import read_items
from knowledge.ingest.inbox import ingest_inbox
from knowledge.service import Knowledge
from tests.support.fakebot import TOKEN, FakeBotAPI, private_text
from tests.support.subscribers import subscribe_daily

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Bot benchmark: the last result"
DEV_SET = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"
OWN_SETS = sorted((ROOT / "tests" / "qa").glob("*.jsonl"))

ALLOWED_PER_SECOND = 30  # the fake's (and Telegram's) global send limit
# the targets
RATE_SHARE = 0.90
STORM_SHARE = 0.01  # "no 429 storm": at most 1% of the digests answered 429 along the way
P95_MS = 1000.0
FIRST_ANSWER_S = 5.0
MEMORY_MB = 200.0  # 10^6 bytes
MIB = 1024 * 1024
FIRST_CHAT = -1_000_000
STARTUP_QUESTION = "上海算力目标是多少"
TRADITIONAL_QUESTION = "廣東省科技廳廳長是誰"  # answered in traditional script
ERROR_REPLY = "something went wrong"  # handlers/errors.py
ARTICLE = """标题: 江城发布人工智能算力券新政

发布时间: 2026-11-20

江城市经济和信息化局局长李明远表示,江城将每年发放总额不超过3000万元的“算力券”,支持中小企业使用智能算力。
"""

PACKAGES = ("python-telegram-bot", "aiolimiter", "APScheduler", "SQLAlchemy", "jieba", "pypinyin")


@dataclass
class Plan:
    chats: int = 1000
    rate: int = 50
    seconds: int = 20
    restarts: int = 3  # start-ups measured after the cold one; 0 with startup=False
    startup: bool = True


@dataclass
class FanOut:
    chats: int
    seconds: float  # wall time of deliver_all
    served: int  # chats that got at least one message
    exactly_once: int
    duplicated: int
    statuses: dict[str, int]
    count_429: int
    first_send_s: float  # from the call of deliver_all to the fake's first successful send
    fake_rate: float  # successful sends per second between the first and the last one
    peak_window: int  # most successful sends in any 1 s window
    longest_gap_s: float  # longest time without a successful send
    idle_seconds: int  # whole seconds (counted from the first send) without a successful send
    reply_ms: list[float]  # questions asked during the fan-out: update pushed -> reply sent
    log_counts: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Messages per second while deliver_all ran: the digests and the replies that shared the limit."""
        return (self.served + len(self.reply_ms)) / self.seconds

    @property
    def share(self) -> float:
        return self.rate / ALLOWED_PER_SECOND


@dataclass
class Load:
    rate: int
    seconds: int
    pushed: int
    answered: int
    errors: int  # users answered "something went wrong"
    latencies_ms: list[float]
    generator_lag_ms: float  # the pushing thread's latest push behind its schedule
    log_counts: dict[str, int] = field(default_factory=dict)

    def quantile(self, q: float) -> float:
        return quantile(self.latencies_ms, q)


@dataclass
class Start:
    first_answer_s: float
    rss_mib: float
    hwm_mib: float
    traditional_rss_mib: float = math.nan  # the same process after a traditional answer as well
    traditional_hwm_mib: float = math.nan


@dataclass
class Startup:
    cold: Start
    restarts: list[Start]
    stages: list[tuple[str, float]]  # (step, RSS MiB after it) in a process repeating the steps
    stages_hwm_mib: float  # that process's peak after the first answer
    # Then, in the same process: a traditional answer, a new article ingested (step, RSS, peak MiB).
    later: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def first_answer_s(self) -> float:
        """The median restart (the cold start when there were no restarts)."""
        return statistics.median(s.first_answer_s for s in self.restarts or [self.cold])

    @property
    def hwm_mib(self) -> float:
        return max(s.hwm_mib for s in [self.cold, *self.restarts])

    @property
    def traditional_hwm_mib(self) -> float:
        return max(s.traditional_hwm_mib for s in [self.cold, *self.restarts])


class LogCounter(logging.Handler):
    """Counts warnings and errors (by logger and the start of the message) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: collections.Counter[str] = collections.Counter()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().split(" chat=")[0].split(" seconds=")[0][:60]
        self.counts[f"{record.levelname} {record.name}: {message}"] += 1


@contextlib.contextmanager
def counting_logs() -> Iterator[LogCounter]:
    """Route every log record through a LogCounter for the duration of a `with` block."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    counter = LogCounter()
    root.handlers[:] = [counter]
    root.setLevel(logging.WARNING)
    try:
        yield counter
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def settings_for(fake: FakeBotAPI, folder: Path) -> Settings:
    return Settings(
        _env_file=None,  # a developer's .env must not point the benchmark at a real bot or store
        telegram_bot_token=SecretStr(TOKEN),
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        database_url=f"sqlite:///{folder / 'bench.sqlite3'}",
        data_dir=folder,
        seeds_dir=ROOT / "seeds",
        inbox_dir=None,
        webhook_url=None,
        admin_ids=frozenset({1}),
        metrics_port=0,
    )


def quantile(values: Sequence[float], q: float) -> float:
    """Nearest-rank quantile (NaN for no values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else math.nan


def load_questions() -> list[str]:
    items = read_items(DEV_SET) if DEV_SET.exists() else []
    items += [item for path in OWN_SETS for item in read_items(path)]
    questions = [item.q for item in items if item.q.strip() and not item.q.startswith("/")]
    return questions or [STARTUP_QUESTION]


# ---------------------------------------------------------------------- 1. fan-out


async def fan_out(chats: int, folder: Path) -> FanOut:
    """`folder` exists: the store and the inbox go there."""
    chat_ids = [FIRST_CHAT - i for i in range(chats)]
    with counting_logs() as logs, FakeBotAPI(max_sends_per_second=ALLOWED_PER_SECOND) as fake:
        settings = settings_for(fake, folder)
        knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
        try:
            subscribe_daily(knowledge, chat_ids, user_id=1)
            inbox = folder / "inbox"
            inbox.mkdir(exist_ok=True)
            (inbox / "new.txt").write_text(ARTICLE, encoding="utf-8")
            ingested = ingest_inbox(knowledge, inbox)
            if not any(result.changed for result in ingested):
                raise RuntimeError(f"the benchmark's article was not ingested: {ingested}")
            app = build_application(settings, knowledge)
            asked: dict[int, float] = {}
            async with fake.polling(app, poll_timeout=0.5):
                fake.clear_records()
                started = time.monotonic()
                sending = asyncio.create_task(delivery.deliver_all(app.bot, knowledge, app.bot_data.role, []))
                questions = load_questions()
                while not sending.done():  # someone asks a question every second meanwhile
                    await asyncio.sleep(1.0)
                    user = 50_000 + len(asked)
                    asked[user] = time.monotonic()
                    fake.push_update(private_text(user, questions[len(asked) % len(questions)]))
                outcomes = sending.result()
                finished = time.monotonic()
                await fake.wait_for(lambda: all(fake.messages_to(user) for user in asked), timeout=30)
        finally:
            knowledge.close()
        reply_ms = [(fake.messages_to(user)[0].time - at) * 1000 for user, at in asked.items()]
        per_chat = [len(fake.messages_to(chat_id)) for chat_id in chat_ids]
        sends = fake.send_times
        count_429 = fake.count_429
        peak = fake.peak_sends_per_second
    gaps = [later - earlier for earlier, later in itertools.pairwise(sends)]
    busy = {int(moment - sends[0]) for moment in sends} if sends else set()
    return FanOut(
        chats=chats,
        seconds=finished - started,
        served=sum(count > 0 for count in per_chat),
        exactly_once=sum(count == 1 for count in per_chat),
        duplicated=sum(count > 1 for count in per_chat),
        statuses=dict(collections.Counter(outcome.status for outcome in outcomes)),
        count_429=count_429,
        first_send_s=sends[0] - started if sends else math.nan,
        fake_rate=(len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else math.nan,
        peak_window=peak,
        longest_gap_s=max(gaps, default=0.0),
        idle_seconds=(max(busy) + 1 - len(busy)) if busy else 0,
        reply_ms=reply_ms,
        log_counts=dict(logs.counts),
    )


# ---------------------------------------------------------------------- 2. load


async def load(rate: int, seconds: int, folder: Path, questions: Sequence[str]) -> Load:
    """`folder` exists: the store goes there."""
    total = rate * seconds
    users = [10_000 + i for i in range(total)]
    pushed: dict[int, float] = {}
    lag = [0.0]
    with counting_logs() as logs, FakeBotAPI() as fake:
        settings = settings_for(fake, folder)
        knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
        try:
            app = build_application(settings, knowledge)

            def generate() -> None:
                start = time.monotonic()
                for i, user in enumerate(users):
                    due = start + i / rate
                    time.sleep(max(0.0, due - time.monotonic()))
                    pushed[user] = time.monotonic()
                    lag[0] = max(lag[0], pushed[user] - due)
                    fake.push_update(private_text(user, questions[i % len(questions)]))

            async with fake.polling(app, poll_timeout=0.5):
                await post_init(app)
                if app.job_queue is not None:  # the feeds job would fetch from the internet at 30 s
                    for job in app.job_queue.get_jobs_by_name("feeds"):
                        job.schedule_removal()
                await asyncio.to_thread(generate)
                # wait for every answer, or for nothing more to arrive in 10 s
                last, count = time.monotonic(), 0
                while count < total and time.monotonic() - last < 10:
                    await asyncio.sleep(0.05)
                    now_count = sum(bool(fake.messages_to(user)) for user in users)
                    if now_count != count:
                        last, count = time.monotonic(), now_count
        finally:
            knowledge.close()
        replies = {user: fake.messages_to(user) for user in users}
    answered = [user for user in users if replies[user]]
    return Load(
        rate=rate,
        seconds=seconds,
        pushed=len(pushed),
        answered=len(answered),
        errors=sum(any(ERROR_REPLY in (m.text or "") for m in replies[user]) for user in answered),
        latencies_ms=[(replies[user][0].time - pushed[user]) * 1000 for user in answered],
        generator_lag_ms=lag[0] * 1000,
        log_counts=dict(logs.counts),
    )


# ---------------------------------------------------------------------- 3. start-up and memory


def proc_status_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def clean_environment() -> dict[str, str]:
    """The benchmark's environment without any POLICYBOT_/TELEGRAM_ setting of the developer's."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("POLICYBOT_", "TELEGRAM_"))}


def wait_for_answer(fake: FakeBotAPI, process: subprocess.Popen[bytes], user: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while not fake.messages_to(user):
        if process.poll() is not None or time.monotonic() > deadline:
            log = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"`policybot run` gave no answer (exit {process.returncode}):\n{log}")
        with contextlib.suppress(AssertionError):  # wakes on every API call, gives up after 0.5 s
            fake.wait_until(lambda: bool(fake.messages_to(user)), 0.5)


def start_once(fake: FakeBotAPI, env: dict[str, str], folder: Path, user: int) -> Start:
    fake.clear_records()
    log_path = folder / f"run-{user}.log"
    with log_path.open("wb") as log_file:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], env=env, cwd=folder, stdout=log_file, stderr=log_file
        )
        try:
            fake.push_update(private_text(user, STARTUP_QUESTION))
            wait_for_answer(fake, process, user, log_path)
            first_answer = fake.messages_to(user)[0].time - started
            rss, hwm = proc_status_mib(process.pid)
            traditional_user = user + 100_000
            fake.push_update(private_text(traditional_user, TRADITIONAL_QUESTION))
            wait_for_answer(fake, process, traditional_user, log_path)
            traditional_rss, traditional_hwm = proc_status_mib(process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return Start(first_answer, rss, hwm, traditional_rss, traditional_hwm)


# Run in a fresh interpreter: the start-up steps of `policybot run` one by one (bot.app.run_bot,
# Knowledge.open), the process's RSS after each. Import groups first, the largest ones by name,
# only modules that `policybot run` itself imports (it does not import scipy, bm25s, trafilatura or,
# on a store already migrated, Alembic). The store exists: the restarts' start-up is repeated.
STAGES = """
import importlib, json, sys
from pathlib import Path

def mib():
    fields = dict(l.split(":", 1) for l in Path("/proc/self/status").read_text().splitlines() if ":" in l)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

folder, question, traditional, new_article = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
marks = [("interpreter", mib()[0])]
for label, modules in [
    ("import pypinyin (knowledge.text.pinyin: 3.5k of its phrases)", ["knowledge.text.pinyin"]),
    ("import jieba (knowledge.text.tokenize; jieba's HMM tables)", ["knowledge.text.tokenize"]),
    ("import numpy", ["numpy"]),
    ("import SQLAlchemy", ["sqlalchemy", "sqlalchemy.orm"]),
    ("import python-telegram-bot", ["telegram", "telegram.ext"]),
    ("import the rest of `policybot run` (bot.cli, bot.app)", ["bot.cli", "bot.app"]),
]:
    for module in modules:
        importlib.import_module(module)
    marks.append((label, mib()[0]))
from bot.app import build_application
from bot.settings import Settings
from knowledge.store import db
from knowledge.text.jieba_trie import default_dictionary
from knowledge.render.reply import render_answer
from knowledge.service import Knowledge

settings = Settings(telegram_bot_token="1:x", data_dir=folder, database_url=None, inbox_dir=None)
engine = db.make_engine(settings.resolved_database_url)
db.upgrade(engine)
marks.append(("open the store (migrated already: Alembic not imported)", mib()[0]))
knowledge = Knowledge(engine, settings.seeds_dir)
default_dictionary()  # as Knowledge.open does, in a thread
marks.append(("jieba's dictionary (knowledge.text.jieba_trie: a shared marisa trie)", mib()[0]))
if not knowledge.sync_seeds_at_start():
    knowledge.refresh()
marks.append(("seeds synced, snapshot and search index", mib()[0]))
app = build_application(settings, knowledge)
marks.append(("Telegram application built", mib()[0]))
render_answer(knowledge.ask(question, record=True).answer, knowledge.snapshot, "html")
marks.append(("first answer", mib()[0]))
hwm = mib()[1]
render_answer(knowledge.ask(traditional, record=True).answer, knowledge.snapshot, "html")
later = [("then a traditional answer (OpenCC s2t + t2tw, loaded on first use)", *mib())]
from knowledge.ingest.pipeline import ingest_paths_and_urls

article = folder / "new-article.txt"
article.write_text(new_article, encoding="utf-8")
[result] = ingest_paths_and_urls(knowledge, [str(article)])
assert result.status == "added" and result.facts, result
later.append(("then a new article ingested (jieba's tagger: knowledge.text.jieba_pos)", *mib()))
print(json.dumps({"marks": marks, "hwm": hwm, "later": later}))
"""
# The article the step-by-step process ingests: made up, in the seed articles' plain-text form.
STAGES_ARTICLE = """标题: 江城出台人工智能算力券管理办法
来源: 江城日报
日期: 2026-11-20

江城市经济和信息化局局长李明远表示,江城将每年发放总额不超过3000万元的“算力券”,支持中小企业使用智能算力。
根据《江城市人工智能算力券管理办法(2026-2028年)》,单个企业每年最高可获得200万元补贴。
"""


def memory_stages(
    folder: Path, env: dict[str, str]
) -> tuple[list[tuple[str, float]], float, list[tuple[str, float, float]]]:
    done = subprocess.run(
        [sys.executable, "-c", STAGES, str(folder), STARTUP_QUESTION, TRADITIONAL_QUESTION, STAGES_ARTICLE],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return (
        [(label, float(value)) for label, value in data["marks"]],
        float(data["hwm"]),
        [(str(label), float(rss), float(hwm)) for label, rss, hwm in data["later"]],
    )


def startup(folder: Path, restarts: int) -> Startup:
    with FakeBotAPI() as fake:
        env = {
            **clean_environment(),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "POLICYBOT_TELEGRAM_API_URL": fake.base_url,
            "POLICYBOT_TELEGRAM_FILE_URL": fake.base_file_url,
            "POLICYBOT_DATA_DIR": str(folder),
            "POLICYBOT_LOG_LEVEL": "WARNING",
            "XDG_CACHE_HOME": str(folder / "cache"),  # the cold start builds jieba's trie too
        }
        cold = start_once(fake, env, folder, 777)
        measured = [start_once(fake, env, folder, 778 + i) for i in range(restarts)]
    stages, stages_hwm, later = memory_stages(
        folder, {**clean_environment(), "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]}
    )
    return Startup(cold, measured, stages, stages_hwm, later)


# ---------------------------------------------------------------------- report


@dataclass
class Results:
    plan: Plan
    fan: FanOut
    load: Load
    start: Startup | None


def run(plan: Plan, folder: Path) -> Results:
    for name in ("fan", "load", "start"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    fan = asyncio.run(fan_out(plan.chats, folder / "fan"))
    ld = asyncio.run(load(plan.rate, plan.seconds, folder / "load", load_questions()))
    start = startup(folder / "start", plan.restarts) if plan.startup else None
    return Results(plan, fan, ld, start)


def table(results: Results) -> str:
    fan, ld, st = results.fan, results.load, results.start
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(fan.statuses.items()))
    rows: list[tuple[str, str, str]] = [
        ("fan-out: chats subscribed", f"{fan.chats:,}", ""),
        ("fan-out: deliver_all wall time s", f"{fan.seconds:.1f}", ""),
        (
            f"fan-out: digests + replies /s (fake allows {ALLOWED_PER_SECOND})",
            f"{fan.rate:.1f} ({fan.share:.0%})",
            f"≥ {ALLOWED_PER_SECOND * RATE_SHARE:.0f} ({RATE_SHARE:.0%})",
        ),
        ("fan-out: chats served exactly once", f"{fan.exactly_once:,}/{fan.chats:,}", "all"),
        ("fan-out: chats served twice or more", f"{fan.duplicated}", "0"),
        ("fan-out: deliver outcomes", statuses, f"sent {fan.chats:,}"),
        ("fan-out: 429 answers from the fake", f"{fan.count_429}", "no storm"),
        ("fan-out: first send after s", f"{fan.first_send_s:.2f}", ""),
        ("fan-out: sends/s, first to last send", f"{fan.fake_rate:.1f}", ""),
        ("fan-out: most sends in any 1 s", f"{fan.peak_window}", f"≤ {ALLOWED_PER_SECOND}"),
        ("fan-out: longest pause between sends s", f"{fan.longest_gap_s:.2f}", ""),
        (
            "fan-out: replies meanwhile p50 / max ms",
            f"{quantile(fan.reply_ms, 0.5):.0f} / {max(fan.reply_ms, default=math.nan):.0f}",
            f"{len(fan.reply_ms)} questions",
        ),
        ("fan-out: whole seconds without a send", f"{fan.idle_seconds}", ""),
        (f"load: questions pushed at {ld.rate}/s", f"{ld.pushed}", f"{ld.rate * ld.seconds}"),
        ("load: answered", f"{ld.answered}", "all"),
        ("load: answered with an error", f"{ld.errors}", "0"),
        ("load: update→reply p50 ms", f"{ld.quantile(0.50):.1f}", ""),
        (
            "load: update→reply p95 ms",
            f"{ld.quantile(0.95):.1f}",
            f"≤ {P95_MS:.0f} (issue 12 found 13,200 at 50/s)",
        ),
        ("load: update→reply p99 ms", f"{ld.quantile(0.99):.1f}", ""),
        ("load: update→reply max ms", f"{max(ld.latencies_ms, default=math.nan):.1f}", ""),
        ("load: pushing thread's worst lag ms", f"{ld.generator_lag_ms:.1f}", ""),
    ]
    if st is not None:
        restarts = ", ".join(f"{s.first_answer_s:.2f}" for s in st.restarts)
        rows.append(
            (
                "start-up: cold (new store) to 1st answer s",
                f"{st.cold.first_answer_s:.2f}",
                f"≤ {FIRST_ANSWER_S:.0f}",
            )
        )
        if st.restarts:
            rows.append(
                (
                    f"start-up: restart to 1st answer s, median of {len(st.restarts)}",
                    f"{st.first_answer_s:.2f}",
                    f"≤ {FIRST_ANSWER_S:.0f} ({restarts})",
                )
            )
        rows += [
            ("memory: VmRSS after the 1st answer MiB", f"{(st.restarts or [st.cold])[-1].rss_mib:.0f}", ""),
            ("memory: VmHWM (peak), any start MiB", f"{st.hwm_mib:.0f}", f"≤ {MEMORY_MB * 1e6 / MIB:.1f}"),
            (
                "memory: VmRSS after a traditional answer too MiB",
                f"{(st.restarts or [st.cold])[-1].traditional_rss_mib:.0f}",
                "",
            ),
            (
                "memory: VmHWM then, any start MiB",
                f"{st.traditional_hwm_mib:.0f}",
                f"≤ {MEMORY_MB * 1e6 / MIB:.1f}",
            ),
        ]
    width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    lines = [f"| {'benchmark':<{width}} | {'result':>{value_width}} | target"]
    lines.append(f"|{'-' * (width + 2)}|{'-' * (value_width + 1)}:|--------")
    lines += [f"| {name:<{width}} | {value:>{value_width}} | {target}" for name, value, target in rows]
    return "\n".join(lines)


def stages_text(start: Startup) -> list[str]:
    lines = ["memory, step by step (a separate process repeating the start-up; RSS after each step):"]
    previous = 0.0
    for label, mib in start.stages:
        lines.append(f"  {label:<68} {mib - previous:+7.1f} MiB  = {mib:6.1f}")
        previous = mib
    lines.append(f"  peak (VmHWM) of that process {start.stages_hwm_mib:.0f} MiB")
    for label, mib, hwm in start.later:
        lines.append(f"  {label:<68} {mib - previous:+7.1f} MiB  = {mib:6.1f}")
        lines.append(f"  peak (VmHWM) of that process then {hwm:.0f} MiB")
        previous = mib
    return lines


def targets(results: Results) -> list[tuple[str, str, bool]]:
    fan, ld, st = results.fan, results.load, results.start
    checks = [
        (
            f"fan-out to {fan.chats:,} chats: every chat exactly once",
            f"{fan.exactly_once:,}/{fan.chats:,}, {fan.duplicated} twice or more",
            fan.exactly_once == fan.chats,
        ),
        (
            f"fan-out ≥ {RATE_SHARE:.0%} of the allowed {ALLOWED_PER_SECOND}/s (digests + replies)",
            f"{fan.rate:.1f}/s = {fan.share:.0%}",
            fan.share >= RATE_SHARE,
        ),
        (
            f"fan-out: no 429 storm (at most {STORM_SHARE:.0%} as many 429s as digests)",
            f"{fan.count_429} × 429 for {fan.chats:,} digests",
            fan.count_429 <= STORM_SHARE * fan.chats,
        ),
        (
            f"{ld.rate} questions/s: no update dropped",
            f"{ld.answered}/{ld.pushed} answered, {ld.errors} with an error",
            ld.answered == ld.pushed and ld.errors == 0,
        ),
        (
            f"{ld.rate} questions/s: p95 update→reply ≤ {P95_MS:.0f} ms",
            f"{ld.quantile(0.95):.1f} ms",
            ld.quantile(0.95) <= P95_MS,
        ),
    ]
    if st is not None:
        worst = max(st.cold.first_answer_s, st.first_answer_s)
        checks.append(
            (
                f"start-up to the first answer ≤ {FIRST_ANSWER_S:.0f} s (cold and restart)",
                f"cold {st.cold.first_answer_s:.2f} s, restart {st.first_answer_s:.2f} s",
                worst <= FIRST_ANSWER_S,
            )
        )
        peak_mb = st.hwm_mib * MIB / 1e6
        checks.append(
            (
                f"resident memory at the seed scale ≤ {MEMORY_MB:.0f} MB",
                f"peak {st.hwm_mib:.0f} MiB = {peak_mb:.0f} MB",
                peak_mb <= MEMORY_MB,
            )
        )
        traditional_mb = st.traditional_hwm_mib * MIB / 1e6
        checks.append(
            (
                f"resident memory at the seed scale ≤ {MEMORY_MB:.0f} MB, a traditional answer included",
                f"peak {st.traditional_hwm_mib:.0f} MiB = {traditional_mb:.0f} MB",
                traditional_mb <= MEMORY_MB,
            )
        )
    return checks


def render(results: Results, started: datetime, seconds: float) -> str:
    plan = results.plan
    restarts = f"cold start + {plan.restarts} restarts" if plan.startup else "start-up not run"
    lines = [
        f"Bot benchmark, {started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min; {machine(PACKAGES)}.",
        f"{plan.chats:,} chats; {plan.rate} questions/s for {plan.seconds} s; {restarts}.",
        "",
        table(results),
    ]
    if results.start is not None:
        lines += ["", *stages_text(results.start)]
    logged = collections.Counter(results.fan.log_counts) + collections.Counter(results.load.log_counts)
    if logged:
        lines += ["", "warnings and errors logged (count, level, logger: message):"]
        lines += [f"  {count:>5} × {key}" for key, count in logged.most_common(8)]
    lines += [
        "",
        "targets:",
        *(f"  {'met    ' if ok else 'NOT met'} {name}: {value}" for name, value, ok in targets(results)),
    ]
    return "\n".join(lines)


READING = """\
How to read it: written by `python -m benchmarks.bot` (the method is in the module's docstring).
Fan-out: "chats/s" is the chats served divided by the wall time of `deliver_all`, preparation and
ledger writes included; the rows below it come from the fake's records of the successful sends
(a 429 storm shows as a pause after each burst of 30). Load: latency runs from the push of the
update into the fake to the fake's record of the first reply message. Start-up: exec of
`python -m bot.cli run` to the fake's record of the first answer; memory is the process's own
/proc status right after that answer, and again after the answer to a second question, in
traditional script (only such a reply loads OpenCC's traditional-script tables); the step-by-step list is a
second process repeating the same start-up so that each step's RSS can be read (RSS, not Python
objects: memory freed inside a step is not given back, so the steps add up to about the peak).
"""


def save(text: str) -> None:
    """Replace (or add) the bot section of RESULTS.md. The other sections are kept, and so are the
    section's hand-written notes (from its first `### ` heading on)."""
    save_section(RESULTS, SECTION, f"```text\n{text}\n```\n\n{READING}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bot benchmarks against the fake Bot API (prints a table).")
    parser.add_argument("--chats", type=int, default=Plan.chats, help="subscribed chats for the fan-out")
    parser.add_argument("--rate", type=int, default=Plan.rate, help="questions per second")
    parser.add_argument("--seconds", type=int, default=Plan.seconds, help="seconds of questions")
    parser.add_argument("--restarts", type=int, default=Plan.restarts, help="measured restarts (≥ 1)")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up and memory benchmark")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    plan = Plan(args.chats, args.rate, args.seconds, max(1, args.restarts), not args.no_startup)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="policybot-bench-"))
    try:
        results = run(plan, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = render(results, started, time.perf_counter() - clock)
    print(text)
    if plan == Plan() and not args.no_save:
        save(text)


if __name__ == "__main__":
    main()
