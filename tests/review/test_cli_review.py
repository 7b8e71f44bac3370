"""`policybot review …` and `policybot facts --export-yaml` as an admin runs them in a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import commands as cli
from knowledge.lexicon.glossary import load_glossary
from knowledge.reviews import Item
from knowledge.sources.seeds import read_seeds
from tests.support.review import ARTICLE, EDITED_EN, EDITED_ZH, choose_three

NOT_REVIEWED = "未经人工核对"


@pytest.fixture
def policybot(policybot: None, tmp_path: Path) -> None:
    """The support package's fresh store for `cli.main`, holding the seeds and the Linchuan article."""
    article = tmp_path / "linchuan.txt"
    article.write_bytes(ARTICLE)
    assert cli.main(["ingest", str(article)]) == 0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def items(capsys: pytest.CaptureFixture[str], status: str = "extracted") -> list[Item]:
    code, out, _ = run(capsys, "review", "list", "--json", "--status", status)
    assert code == 0
    rows = json.loads(out)
    assert all(set(row) >= {"id", "article", "kind", "summary_zh", "summary_en", "quote"} for row in rows)
    return [
        Item(
            id=row["id"],
            article_id=row["article"]["id"],
            article_title=row["article"]["title"],
            kind=row["kind"],
            status=row["status"],
            summary_zh=row["summary_zh"],
            summary_en=row["summary_en"],
            quote=row["quote"],
            decided_by=row["decided_by"],
        )
        for row in rows
    ]


@pytest.mark.usefixtures("policybot")
def test_review_from_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seeds_dir: Path
) -> None:
    queue = items(capsys)
    three = choose_three(queue)
    code, out, _ = run(capsys, "review", "list")
    assert code == 0 and three.accepted.id in out and three.accepted.quote in out

    assert run(capsys, "review", "accept", three.accepted.id)[1] == f"accepted: {three.accepted.id}\n"
    assert run(capsys, "review", "reject", three.rejected.id)[1] == f"rejected: {three.rejected.id}\n"
    code, out, _ = run(
        capsys, "review", "edit", three.edited.id, "--summary-zh", EDITED_ZH, "--summary-en", EDITED_EN
    )
    assert code == 0 and EDITED_ZH in out
    assert {i.id for i in items(capsys)} == {i.id for i in queue} - set(three.ids)
    [rejected] = items(capsys, "rejected")
    assert rejected.id == three.rejected.id and (rejected.decided_by or "").startswith("cli:")

    _, accepted_answer, _ = run(capsys, "ask", "方志远指出了什么问题")
    assert three.accepted.quote in accepted_answer
    block = accepted_answer[accepted_answer.index(three.accepted.quote) :].split("\n\n")[0]
    assert NOT_REVIEWED not in block
    _, han, _ = run(capsys, "ask", "韩知秋认为什么")
    assert EDITED_ZH in han and three.edited.summary_zh not in han
    _, everything, _ = run(capsys, "facts", "--json")
    assert three.rejected.id not in {row["id"] for row in json.loads(everything)}

    code, out, _ = run(capsys, "review", "history", three.edited.id)
    assert code == 0 and " edit " in out and EDITED_ZH in out

    folder = tmp_path / "export"
    code, out, _ = run(capsys, "facts", "--export-yaml", str(folder))
    assert code == 0 and "2 reviewed facts" in out and "valid seeds" in out
    assert set(read_seeds(folder, load_glossary(seeds_dir / "glossary.yaml")).facts) == {
        three.accepted.id,
        three.edited.id,
    }

    assert run(capsys, "review", "restore", three.rejected.id)[1] == f"restored: {three.rejected.id}\n"
    assert three.rejected.id in {i.id for i in items(capsys)}


@pytest.mark.usefixtures("policybot")
def test_review_errors_are_one_line_and_change_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    before = items(capsys)
    code, _, err = run(capsys, "review", "accept", before[0].id, "x-no-such-fact")
    assert code == 2 and err.strip() == "policybot: error: no fact 'x-no-such-fact'"
    code, _, err = run(capsys, "review", "edit", before[0].id)
    assert code == 2 and "nothing to edit" in err
    code, _, err = run(capsys, "review", "edit", before[0].id, "--regions", "亚特兰蒂斯")
    assert code == 2 and "unknown regions" in err
    assert items(capsys) == before
