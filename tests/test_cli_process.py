"""The `policybot` process itself: its version, a reader that goes away, progress only where it belongs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from bot.progress import StderrProgress

ROOT = Path(__file__).resolve().parent.parent


def start(tmp_path: Path, *args: str, stdin: int | None = None) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "POLICYBOT_DATA_DIR": str(tmp_path / "data")}
    environment.pop("POLICYBOT_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )


def read_one_line_then_hang_up(process: subprocess.Popen[bytes]) -> tuple[bytes, int, str]:
    """What `| head -1` does: read a line, close the pipe, let the writer find out."""
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    status = process.wait(timeout=120)
    return first, status, process.stderr.read().decode()


def test_version_is_the_installed_distribution_s() -> None:
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"policybot {expected}"


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # The JSON table is far larger than a pipe's buffer, so the writer meets the closed pipe.
    first, status, err = read_one_line_then_hang_up(start(tmp_path, "facts", "--json"))
    assert first == b"[\n"
    assert status == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err


def test_a_closed_pipe_ends_a_stream_of_answers_quietly(tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("上海算力目标是多少\n" * 400, encoding="utf-8")
    with questions.open("rb") as stdin:
        process = start(tmp_path, "ask", "--json", "-", stdin=stdin.fileno())
        first, status, err = read_one_line_then_hang_up(process)
    assert json.loads(first)["answered"] is True
    assert status == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_opening_steps_are_not_shown_to_a_pipe(tmp_path: Path) -> None:
    process = start(tmp_path, "ask", "上海算力目标是多少")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0
    assert "1000 PFLOPS" in out.decode()
    assert "building the search index" not in err.decode()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_steps_to_a_terminal_and_items_to_anyone() -> None:
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = StderrProgress(stream)
        progress.stage("building the search index")
        progress.item(1, 1, "added only-one.html")  # a single item is told by its result alone
        progress.item(2, 60, "added page.html")
    assert terminal.getvalue() == "policybot: building the search index…\npolicybot: [2/60] added page.html\n"
    assert pipe.getvalue() == "policybot: [2/60] added page.html\n"
