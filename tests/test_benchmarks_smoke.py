"""The benchmarks' code runs end to end at a tiny scale (no timing is asserted: they are benchmarks)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks import bot as bot_bench
from benchmarks.qa import COLUMNS, LABELS, SYSTEMS, Plan, render, run, table
from benchmarks.synthetic import load_seed_corpus, synthesize

pytestmark = pytest.mark.slow  # the benchmarks end to end, at a tiny scale


def test_synthetic_table_keeps_the_real_facts_and_is_deterministic() -> None:
    base = load_seed_corpus()
    first, second = synthesize(base, 1_000, seed=7), synthesize(base, 1_000, seed=7)
    assert len(first.facts) == 1_000
    assert [f.id for f in first.facts] == [f.id for f in second.facts]
    assert [f.quote for f in first.facts] == [f.quote for f in second.facts]
    by_id = {fact.id: fact for fact in first.facts}
    assert all(by_id[fact.id] == fact for fact in base.facts)  # the real facts, unchanged
    real_names = {person.name for person in base.people}
    synthetic = [p for p in first.people if p.id not in {q.id for q in base.people}]
    assert synthetic and not real_names & {p.name for p in synthetic}
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", p.name_en) for p in synthetic)
    people = {person.id for person in first.people}
    articles = {article.id for article in first.articles}
    assert all(set(f.people) <= people and f.article_id in articles for f in first.facts)


def test_benchmark_prints_a_row_per_scale_and_system() -> None:
    results, generated = run(Plan(scale=2_000, questions=10, rounds=1, seed_builds=1), log=lambda _: None)
    assert [(r.scale, r.system) for r in results] == [(s, y) for s in ("seed", "2k") for y in SYSTEMS]
    assert "2,000 facts" in generated
    for result in results:
        assert result.answerable + result.ood == 10
        assert 0 <= result.correct <= result.answerable and 0 <= result.ood_abstained <= result.ood
        assert result.p50 <= result.p95 <= result.p99
        assert result.build_s > 0 and result.max_rss_mib > 0 and result.build_peak_mib >= 0
    fuzzy = next(r for r in results if r.system != "ours")
    assert fuzzy.threshold is not None

    lines = table(results).splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == list(COLUMNS)
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    assert len(rows) == 6 and all(len(row) == len(COLUMNS) for row in rows)
    assert [row[2] for row in rows] == [LABELS[s] for s in SYSTEMS] * 2
    assert all(re.fullmatch(r"\d+/\d+ \d+\.\d%", row[3]) for row in rows)

    text = render(results, Plan(scale=2_000), generated, datetime.now(UTC), 1.0)
    assert "targets:" in text and "speed-up of policybot" in text


async def test_bot_benchmark_runs_at_a_tiny_scale(tmp_path: Path) -> None:
    """benchmarks.bot: 20 chats get the digest exactly once, a 2 s load loses no update, the bot starts."""
    for name in ("fan", "load", "start"):
        (tmp_path / name).mkdir()
    fan = await bot_bench.fan_out(20, tmp_path / "fan")
    assert fan.exactly_once == fan.served == 20 and fan.duplicated == 0
    assert fan.statuses == {"sent": 20}
    assert fan.peak_window <= bot_bench.ALLOWED_PER_SECOND
    ld = await bot_bench.load(5, 2, tmp_path / "load", bot_bench.load_questions())
    assert ld.pushed == ld.answered == 10 and ld.errors == 0
    assert len(ld.latencies_ms) == 10 and ld.quantile(0.5) <= ld.quantile(0.95) <= ld.quantile(0.99)

    start = bot_bench.startup(tmp_path / "start", restarts=0)  # the cold start only
    assert 0 < start.cold.first_answer_s == start.first_answer_s and start.restarts == []
    assert all(s.rss_mib > 0 and s.hwm_mib >= s.rss_mib for s in [start.cold, *start.restarts])
    assert [label for label, _ in start.stages][-1] == "first answer" and start.stages_hwm_mib > 0
    assert [label.split(" (")[0] for label, _, _ in start.later] == [
        "then a traditional answer",
        "then a new article ingested",
    ]
    assert all(hwm >= rss > 0 for _, rss, hwm in start.later)

    results = bot_bench.Results(bot_bench.Plan(chats=20, rate=5, seconds=2, restarts=0), fan, ld, start)
    text = bot_bench.render(results, datetime.now(UTC), 1.0)
    assert "targets:" in text and "memory, step by step" in text
    assert "met     fan-out to 20 chats: every chat exactly once" in text
    assert "met     5 questions/s: no update dropped" in text


def test_the_ingestion_benchmark_runs_end_to_end_at_a_tiny_scale() -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest", "--articles", "3", "--no-save"],
        cwd=root, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: a target missed, which is no crash
    assert "seed questions right, with the articles in" in done.stdout
