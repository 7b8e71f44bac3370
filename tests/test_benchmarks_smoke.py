"""The QA benchmark's code runs end to end at a tiny scale (no timing is asserted: it is a benchmark)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from benchmarks.qa import COLUMNS, LABELS, SYSTEMS, Plan, render, run, table
from benchmarks.synthetic import load_seed_corpus, synthesize


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
