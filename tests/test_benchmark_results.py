"""benchmarks.results.save_section: each benchmark rewrites only its own section of RESULTS.md."""

from __future__ import annotations

from pathlib import Path

from benchmarks import qa as qa_bench
from benchmarks.results import save_section

BOT_SECTION = "## Bot benchmark: the last result"  # benchmarks.bot.SECTION (imports the bot, Telegram)

QA_BODY = "Written by the QA benchmark.\n\n```text\nQA run {n}\n## not a heading: inside a code block\n```\n"
BOT_BODY = "```text\nbot run {n}\n```\n\nHow to read it.\n"
NOTES = "### Why (hand-written)\n\nAnalysis.\n"


def test_each_benchmark_replaces_only_its_own_section(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    save_section(path, qa_bench.SECTION, QA_BODY.format(n=1))
    save_section(path, BOT_SECTION, BOT_BODY.format(n=1))
    path.write_text(path.read_text(encoding="utf-8") + "\n" + NOTES, encoding="utf-8")  # notes in the bot's
    first = path.read_text(encoding="utf-8")

    save_section(path, qa_bench.SECTION, QA_BODY.format(n=2))  # the QA benchmark runs again
    text = path.read_text(encoding="utf-8")
    assert text == first.replace("QA run 1", "QA run 2")

    save_section(path, BOT_SECTION, BOT_BODY.format(n=2))  # then the bot benchmark
    text = path.read_text(encoding="utf-8")
    assert text == first.replace("QA run 1", "QA run 2").replace("bot run 1", "bot run 2")
    assert text.index(qa_bench.SECTION) < text.index(BOT_SECTION) < text.index(NOTES)
    assert text.count(NOTES) == 1 and text.endswith(NOTES)


def test_a_missing_section_is_added_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    save_section(path, BOT_SECTION, BOT_BODY.format(n=1))
    save_section(path, qa_bench.SECTION, QA_BODY.format(n=1))
    text = path.read_text(encoding="utf-8")
    assert text == f"{BOT_SECTION}\n\n{BOT_BODY.format(n=1)}\n{qa_bench.SECTION}\n\n{QA_BODY.format(n=1)}"
