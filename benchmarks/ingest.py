"""Ingestion benchmark: 100 new articles into a fresh store, wall time and peak memory, and the seed
questions answered with them in (issue 11).

The articles are the dev split of the test corpus (tests/corpus/dev, plain-text captures and HTML
pages) made new again: each copy has another place of the gazetteer in place of the article's own
and its figures scaled, so no two are duplicates and extraction does its full work on each. The
ingestion runs in a child process so its peak resident memory (VmHWM) is its own; a second child
only opens the store, as the baseline the ingestion adds to.

    python -m benchmarks.ingest [--articles 100] [--no-save]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from benchmarks.results import RESULTS, machine, save_section

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "corpus" / "dev"
HEADING = "## Ingestion"
TARGET_SECONDS = 60.0
TARGET_MB = 250.0
PLACES = "庆阳 成都 深圳 武汉 杭州 贵州 香港 宁夏".split()  # the dev articles' own places
# Places no article is about (this store is the benchmark's own; no eval question is asked of it).
OTHERS = "绵阳 德阳 宜宾 泸州 遵义 安顺 柳州 桂林 赣州 九江 襄阳 宜昌 株洲 岳阳 湛江 开封 潍坊 烟台".split()
PARAGRAPH = re.compile(r"[\u4e00-\u9fff，。、“”]{20}")
PAGE_URL = re.compile(r"(https?://[^\"\s<>]+?)(\.s?html?)")
FIGURE = re.compile(r"(?<![\d.])(\d{2,4})(?=万|亿|PFLOPS|%|个|项|条)")


def _shifted(match: re.Match[str], *, step: int) -> str:
    return str(int(match.group(1)) + step)


def _addressed(match: re.Match[str], *, n: int) -> str:
    return f"{match.group(1)}-{n}{match.group(2)}"


def _reordered(text: str, rng: random.Random) -> str:
    """The article's paragraphs (lines of running Chinese text, or <p> lines) in another order, about
    a quarter left out: each copy is a new article to the near-duplicate check, not a copy."""
    lines = text.splitlines()
    spots = [
        i for i, line in enumerate(lines) if PARAGRAPH.search(line) and "<" not in line.lstrip("<p>")[:1]
    ]
    paragraphs = [lines[i] for i in spots]
    rng.shuffle(paragraphs)
    keep = max(3, len(paragraphs) * 3 // 4)
    for rank, i in enumerate(spots):
        lines[i] = paragraphs[rank] if rank < keep else ""
    return "\n".join(lines) + "\n"


def articles(count: int, folder: Path) -> list[Path]:
    """`count` variants of the dev articles written into `folder`."""
    sources = sorted(p for p in DEV.iterdir() if p.suffix in (".txt", ".html"))
    rng = random.Random(0)
    written: list[Path] = []
    for n in range(count):
        source = sources[n % len(sources)]
        raw = source.read_bytes()
        encoding = "gb18030" if "gb18030" in source.name else "utf-8"
        text = raw.decode(encoding)
        place = OTHERS[n % len(OTHERS)]
        for own in PLACES:
            text = text.replace(own, place)
        text = FIGURE.sub(partial(_shifted, step=2 + n), text)  # every copy's figures differ
        text = _reordered(text, rng)
        text = PAGE_URL.sub(partial(_addressed, n=n), text)  # a page of its own address
        path = folder / f"{n:03d}_{source.name}"
        path.write_bytes(text.encode(encoding))
        written.append(path)
    return written


CHILD = """
import json, os, sys, time
from pathlib import Path
from knowledge.service import Knowledge
from knowledge.answer.evaluation import evaluate, read_items
from knowledge.ingest.pipeline import ingest_paths_and_urls
from knowledge.paths import default_seeds_dir
from knowledge.render.reply import render_answer
url, files = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
knowledge = Knowledge.open(url, default_seeds_dir())
opened = time.perf_counter() - start
start = time.perf_counter()
results = ingest_paths_and_urls(knowledge, files) if files else []
seconds = time.perf_counter() - start
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))

def ask(question):
    asked = knowledge.ask(question)
    return asked.answer.answered, render_answer(asked.answer, knowledge.snapshot), asked.seconds

items = [item for path in os.environ["QUESTIONS"].split(os.pathsep) for item in read_items(Path(path))]
report = evaluate(items, ask)
right, answerable = report.answerable
declined, ood = report.by_group().get("ood", (0, 0))
print(json.dumps({
    "opened": opened, "seconds": seconds, "hwm_kib": hwm,
    "added": sum(r.status == "added" for r in results), "failed": sum(r.status == "failed" for r in results),
    "facts": sum(r.facts for r in results),
    "right": right, "answerable": answerable, "declined": declined, "ood": ood,
    "p95_ms": report.latency_ms(0.95),
}))
"""
# The seed questions (the QA benchmark's): answering must stay within its targets with the articles in.
QUESTIONS = [
    ROOT.parent / "shared" / "eval" / "dev_qa.jsonl",
    *sorted((ROOT / "tests" / "qa").glob("*.jsonl")),
]
TARGET_P95_MS = 10.0


def run_child(url: str, files: list[Path]) -> dict[str, float]:
    questions = os.pathsep.join(str(path) for path in QUESTIONS if path.exists())
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QUESTIONS": questions},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policybot-ingest-bench-") as folder:
        files = articles(args.articles, Path(folder))
        url = f"sqlite:///{Path(folder) / 'store.sqlite3'}"
        baseline = run_child(url, [])  # migrates and loads the seeds once
        measured = run_child(url, files)
    mib = measured["hwm_kib"] / 1024
    mb = measured["hwm_kib"] * 1024 / 1e6
    rows = [
        (
            "articles added / failed / recognised as near-duplicates",
            f"{measured['added']:.0f} / {measured['failed']:.0f} / "
            f"{args.articles - measured['added'] - measured['failed']:.0f}",
            f"of {args.articles}",
        ),
        ("facts extracted", f"{measured['facts']:.0f}", ""),
        ("wall time s", f"{measured['seconds']:.1f}", f"≤ {TARGET_SECONDS:.0f}"),
        ("per article ms", f"{1000 * measured['seconds'] / max(1, args.articles):.0f}", ""),
        ("peak resident memory (VmHWM)", f"{mib:.0f} MiB = {mb:.0f} MB", f"≤ {TARGET_MB:.0f} MB"),
        ("the same process opening the store only", f"{baseline['hwm_kib'] / 1024:.0f} MiB", ""),
        (
            "seed questions right, with the articles in",
            f"{measured['right']:.0f}/{measured['answerable']:.0f}",
            f"≥ {baseline['right']:.0f} (the seeds alone)",
        ),
        (
            "out-of-domain declined, with the articles in",
            f"{measured['declined']:.0f}/{measured['ood']:.0f}",
            f"≥ {baseline['declined']:.0f} (the seeds alone)",
        ),
        (
            "answer + render p95 ms, with the articles in",
            f"{measured['p95_ms']:.1f}",
            f"≤ {TARGET_P95_MS:.0f}",
        ),
    ]
    table = ["| benchmark | result | target |", "|---|--:|---|"] + [
        f"| {a} | {b} | {c} |" for a, b, c in rows
    ]
    met = (
        measured["seconds"] <= TARGET_SECONDS
        and mb <= TARGET_MB
        and measured["failed"] == 0
        and measured["right"] >= baseline["right"]
        and measured["declined"] >= baseline["declined"]
        and measured["p95_ms"] <= TARGET_P95_MS
    )
    header = (
        f"Ingestion benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine(['jieba'])}"
    )
    body = "\n".join([header, "", *table, "", f"targets {'met' if met else 'NOT met'}"])
    print(body)
    if not args.no_save:
        save_section(RESULTS, HEADING, body)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
