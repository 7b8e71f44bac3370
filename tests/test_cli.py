"""The `policybot` command as a user runs it: a fresh data folder, no set-up step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test runs `policybot` as a process

REQUIRED = {"id", "kind", "status", "article_id", "quote", "summary_zh", "summary_en"}


def run(
    tmp_path: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path / "data")}
    environment.pop("POLICYBOT_DATABASE_URL", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


def test_facts_json_works_on_a_fresh_data_folder(data: Path) -> None:
    result = run(data, "facts", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) > 200
    assert all(set(row) >= REQUIRED for row in rows)
    assert {row["status"] for row in rows} == {"curated"}


def test_facts_filters_and_csv(data: Path) -> None:
    who = json.loads(run(data, "facts", "--json", "--who", "zhou hongyi").stdout)
    assert who and all("zhou-hongyi" in row["people"] for row in who)
    region = json.loads(run(data, "facts", "--json", "--region", "Ningxia").stdout)
    assert region and all("宁夏" in row["regions"] for row in region)
    figures = json.loads(run(data, "facts", "--json", "--kind", "figure").stdout)
    assert figures and {row["kind"] for row in figures} == {"figure"}
    csv_out = run(data, "facts", "--csv", "--kind", "policy").stdout.splitlines()
    assert csv_out[0].startswith("id,kind,status,article_id")
    assert len(csv_out) > 20


def test_sources_lists_the_five_articles(data: Path) -> None:
    result = run(data, "sources", "--json")
    articles = json.loads(result.stdout)
    assert len(articles) == 5
    assert all(a["title"] and a["published"] for a in articles)


def test_ask_json_reads_questions_from_stdin(data: Path) -> None:
    result = run(data, "ask", "--json", "-", stdin="上海算力目标是多少\n\nTell me a joke\n劉慶峰建議什麼\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["answered"] for a in answers] == [True, False, True]
    assert answers[0]["facts"] and "1000 PFLOPS" in answers[0]["text"]
    assert answers[2]["lang"] == "zh-Hant"


def test_eval_prints_accuracy_per_language_and_latency(data: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id":"1","lang":"en","q":"Beijing compute voucher plan","expect":[["算力券"]]}\n'
        '{"id":"2","lang":"zh-Hans","q":"怎么做红烧肉","ood":true}\n',
        encoding="utf-8",
    )
    result = run(data, "eval", str(questions))
    assert result.returncode == 0, result.stderr
    assert "en" in result.stdout and "100.0%" in result.stdout and "p95" in result.stdout


def test_db_upgrade_and_unreachable_database(data: Path) -> None:
    assert "revision" in run(data, "db", "upgrade").stdout
    bad = run(data, "sources", env={"POLICYBOT_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/x"})
    assert bad.returncode == 2
    assert bad.stderr.startswith("policybot: error: cannot reach the database")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_health_needs_a_recent_heartbeat(tmp_path: Path) -> None:
    missing = run(tmp_path, "health")
    assert (missing.returncode, missing.stdout.strip()) == (
        1,
        "unhealthy: no recent heartbeat from the running bot",
    )
    heartbeat = tmp_path / "data" / "heartbeat"
    heartbeat.parent.mkdir(parents=True)
    heartbeat.write_text(str(time.time() - 600), encoding="utf-8")
    assert run(tmp_path, "health").returncode == 1
    heartbeat.write_text(str(time.time()), encoding="utf-8")  # an older bot's heartbeat: only a time
    fresh = run(tmp_path, "health")
    assert (fresh.returncode, fresh.stdout.strip()) == (0, "ok · role unknown · knowledge version ?")
    state = {"time": time.time(), "leader": False, "worker": "host:1", "knowledge_version": 7}
    heartbeat.write_text(json.dumps(state), encoding="utf-8")
    standby = run(tmp_path, "health")
    assert (standby.returncode, standby.stdout.strip()) == (0, "ok · standby · knowledge version 7")
