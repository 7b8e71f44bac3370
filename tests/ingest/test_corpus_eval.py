"""`policybot extract-eval --corpus DIR`: extraction scored on a keyed corpus (dev split only here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import cli
from knowledge.errors import DataError
from knowledge.ingest.corpus_eval import CorpusScore, corpus_splits, read_key, score_corpus
from knowledge.lexicon.glossary import load_glossary

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def dev(seeds_dir: Path) -> CorpusScore:
    return score_corpus(CORPUS, load_glossary(seeds_dir / "glossary.yaml"), split="dev")


def test_the_dev_split_is_read_and_extracted_to_the_targets(dev: CorpusScore) -> None:
    metrics = {metric.name: metric for metric in dev.metrics}
    assert dev.articles == 10 and not dev.errors
    for name in ("titles", "dates", "outlets", "furniture", "documents", "statements"):
        assert metrics[name].value == 1.0, metrics[name].misses
    # The numbers reached when this test was written (figures 61/61, people 13/14, proposals 12/12).
    assert metrics["figures"].value >= 0.95, metrics["figures"].misses
    assert metrics["people"].value >= 0.90, metrics["people"].misses
    assert metrics["proposals"].value >= 0.90, metrics["proposals"].misses
    assert metrics["not_figures"].value >= 0.90, metrics["not_figures"].misses


def test_the_key_is_scored_strictly(tmp_path: Path, seeds_dir: Path) -> None:
    """A small corpus of our own: a wrong outlet, an estimated date and a quoted furniture string
    are each counted as misses."""
    (tmp_path / "a.txt").write_text(
        "标题: 江城发放算力券\n来源: 江城日报\n"
        "江城市近日出台算力券办法，每年发放总额不超过2000万元，单个企业最高50万元。\n责任编辑：张三\n",
        encoding="utf-8",
    )
    (tmp_path / "key.yaml").write_text(
        "a.txt:\n  split: dev\n  title: 江城发放算力券\n  date: '2024-01-01'\n  outlet: 江城晚报\n"
        "  figures:\n  - {value: '2000', unit: 万元}\n  - {value: '80', unit: 万元}\n"
        "  furniture: [责任编辑, 江城市近日]\n",
        encoding="utf-8",
    )
    score = score_corpus(tmp_path, load_glossary(seeds_dir / "glossary.yaml"), split="dev")
    got = {metric.name: (metric.hit, metric.total) for metric in score.metrics}
    assert got["titles"] == (1, 1)
    assert got["dates"] == (0, 1)  # no date stated: an estimate never counts
    assert got["outlets"] == (0, 1)
    assert got["figures"] == (1, 2)
    assert got["furniture"] == (1, 2)  # the lead sentence is quoted, 责任编辑 is not
    assert not score.all_met
    assert score_corpus(tmp_path, load_glossary(seeds_dir / "glossary.yaml"), split="holdout").articles == 0


def test_a_bad_key_names_the_entry(tmp_path: Path) -> None:
    (tmp_path / "key.yaml").write_text("a.txt:\n  split: test\n  title: x\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"key.yaml: a.txt: needs `split`"):
        read_key(tmp_path)


def test_the_command_prints_one_table_per_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / "dev" / "01_qingyang_vouchers.html", folder / "a.html")
    (folder / "key.yaml").write_text(
        "a.html:\n  split: dev\n  title: 庆阳出台“东数西算”算力券政策 每年最高发放1亿元\n"
        "  date: '2024-03-19'\n  outlet: 每日甘肃网-甘肃日报\n",
        encoding="utf-8",
    )
    code = cli.main(["extract-eval", "--corpus", str(folder), "--split", "all", "-v"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "split dev: 1 articles" in out and "split holdout: 0 articles" in out
    assert cli.main(["extract-eval", "--corpus", str(tmp_path / "missing")]) == 2


def test_a_further_held_out_folder_is_a_split_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "holdout2").mkdir()
    (tmp_path / "key.yaml").write_text("holdout2/a.txt:\n  split: holdout2\n  title: x\n", encoding="utf-8")
    assert corpus_splits(tmp_path) == ("dev", "holdout", "holdout2")
    assert read_key(tmp_path)["holdout2/a.txt"]["split"] == "holdout2"
    assert cli.main(["extract-eval", "--corpus", str(tmp_path), "--split", "holdout3"]) == 2
