"""The layer rules in pyproject.toml (import-linter) hold, and really catch a wrong arrow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the packages in `folder`, with its pyproject.toml, found first on the path."""
    env = {**os.environ, "PYTHONPATH": str(folder), "COLUMNS": "250"}  # one line per contract
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(folder / "pyproject.toml")],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the three packages and pyproject.toml, to break."""
    for package in ("bot", "handlers", "knowledge"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        (
            "handlers/sql.py",
            "from knowledge.store.models import Subscription\n",
            "Front ends send no SQL",
        ),
        ("handlers/raw.py", "import sqlalchemy\n", "Front ends send no SQL"),
        ("knowledge/answer/chat.py", "import telegram\n", "knowledge never imports Telegram"),
        ("handlers/back.py", "import bot.app\n", "bot -> handlers -> knowledge, never back"),
        ("knowledge/text/upward.py", "import knowledge.answer.qa\n", "No import cycles"),
        ("knowledge/answer/rows.py", "from knowledge.store.models import Fact\n", "touch the store"),
    ],
)
def test_a_wrong_arrow_breaks_a_contract(project: Path, module: str, source: str, contract: str) -> None:
    assert lint_imports(project).returncode == 0  # the copy is as clean as the project
    text = f'"""A module that breaks the layer rules."""\n\n{source}'
    (project / module).write_text(text, encoding="utf-8")
    result = lint_imports(project)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), result.stdout
