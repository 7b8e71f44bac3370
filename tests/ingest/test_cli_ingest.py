"""`policybot ingest`, `policybot feeds …` and `policybot extract-eval` as a user runs them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import commands as cli
from bot.settings import get_settings
from tests.support.site import ARTICLE_PATH, FIXTURES, Site


@pytest.fixture
def policybot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`cli.main` on a fresh SQLite store, leaving pytest's logging alone."""
    monkeypatch.setenv("POLICYBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'cli.sqlite3'}")
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("policybot")
def test_ingest_prints_one_line_per_source_and_fails_on_errors(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(os.urandom(1024))
    code = cli.main(["ingest", str(FIXTURES / "hefei_vouchers.txt"), str(broken), "ftp://example.org/a.txt"])
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert code == 1
    assert len(lines) == 3
    assert lines[0].startswith("added") and "合肥发放“算力券”" in lines[0] and "facts)" in lines[0]
    assert lines[1].startswith("failed") and "broken.txt: binary file" in lines[1]
    assert lines[2].startswith("failed") and "ftp://example.org/a.txt: only http and https" in lines[2]
    assert "1 added, 0 updated, 0 duplicate, 2 failed" in out.err
    progress = [line for line in out.err.splitlines() if line.startswith("policybot: [")]
    assert progress == [  # one line per source as it is done, on stderr: stdout holds only the results
        f"policybot: [1/3] added {FIXTURES / 'hefei_vouchers.txt'}",
        f"policybot: [2/3] failed {broken}",
        "policybot: [3/3] failed ftp://example.org/a.txt",
    ]

    assert cli.main(["ingest", site.url(ARTICLE_PATH)]) == 0
    again = capsys.readouterr().out
    assert again.startswith("duplicate") and "same text as article" in again

    assert cli.main(["facts", "--kind", "role"]) == 0
    assert "周明远是合肥市数据资源局局长" in capsys.readouterr().out


@pytest.mark.usefixtures("policybot")
@pytest.mark.slow
def test_feeds_add_list_poll_remove(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    feed = site.url("/feeds/city.xml")
    broken = site.url("/feeds/broken.xml")
    assert cli.main(["feeds", "add", feed]) == 0
    assert cli.main(["feeds", "add", broken]) == 0
    assert cli.main(["feeds", "add", "file:///tmp/feed.xml"]) == 2
    assert "only http and https" in capsys.readouterr().err

    assert cli.main(["feeds", "poll"]) == 1  # the broken feed failed
    polled = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in polled] == ["added", "added", "failed"]  # feeds in the order added
    assert any("malformed feed" in line for line in polled)

    assert cli.main(["feeds", "list"]) == 0
    listing = capsys.readouterr().out
    assert feed in listing and "皖江科技报·城市科技" in listing
    assert "1 failures, next try" in listing and "malformed feed" in listing

    assert cli.main(["feeds", "remove", broken]) == 0
    assert cli.main(["feeds", "remove", broken]) == 1
    assert f"no feed {broken}" in capsys.readouterr().err


@pytest.mark.usefixtures("policybot")
def test_extract_eval_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["extract-eval"])
    out = capsys.readouterr()
    table = out.out
    assert code == 0, table
    progress = [line.split(" ", 2)[1] for line in out.err.splitlines() if line.startswith("policybot: [")]
    assert progress == ["[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"]  # one line per seed article
    assert "policy-document titles" in table and "figures (value+unit)" in table
    assert "people (name+role)" in table and "precision (hand-judged)" in table
    assert "NO" not in table
