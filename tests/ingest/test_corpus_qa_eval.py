"""The corpus evaluation: a folder served and ingested like real arrivals, and the scoring rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.common import corpus_knowledge
from knowledge.answer.evaluation import EvalItem, is_correct, own_words

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>
<div class="meta">来源：测试日报 2025-04-02 10:00</div>
<p>{body}</p></article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>测试频道</title><link>http://example.invalid/</link>
<description>测试</description>
<item><title>{title}</title><link>{link}</link><pubDate>Wed, 02 Apr 2025 02:00:00 GMT</pubDate></item>
</channel></rss>"""


def _corpus(root: Path) -> Path:
    dev = root / "dev"
    dev.mkdir(parents=True)
    title = "泰州发布算力补贴办法 单个企业每年最高300万元"
    body = (
        "4月1日，泰州市工业和信息化局印发《泰州市算力补贴办法》，对企业租用智能算力给予补贴，"
        "单个企业每年补贴最高300万元。该办法自2025年5月1日起施行，有效期三年。"
    )
    (dev / "taizhou.html").write_text(PAGE.format(title=title, body=body), encoding="utf-8")
    linked = "镇江设立人工智能产业基金 首期规模20亿元"
    linked_body = "镇江市政府宣布设立人工智能产业基金，首期规模20亿元，重点投向算力和大模型应用企业。"
    (dev / "zhenjiang.html").write_text(PAGE.format(title=linked, body=linked_body), encoding="utf-8")
    # The feed links its item by a relative path, as a site's own feed may.
    (dev / "feed.xml").write_text(FEED.format(title=linked, link="zhenjiang.html"), encoding="utf-8")
    return root


def test_corpus_is_served_and_ingested_with_relative_feed_links(tmp_path: Path, seeds_dir: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    with corpus_knowledge(seeds_dir, root, ("dev",)) as knowledge:
        titles = {article.title for article in knowledge.snapshot.articles.values()}
        assert any("泰州" in (title or "") for title in titles)
        assert any("镇江" in (title or "") for title in titles)
        answer = knowledge.ask("泰州单个企业每年算力补贴最高多少").answer
        assert answer.answered


def test_forbidden_words_count_only_outside_quotes_and_sources() -> None:
    item = EvalItem(id="x", q="哪些城市发放算力券", expect=[["成都"]], forbid=["宁夏"])
    quoted = "成都发放算力券。\n「成都、宁夏等地也宣布发放算力券」\n— 来源: 某报"
    assert own_words(quoted).count("宁夏") == 0
    assert is_correct(item, True, quoted)
    assert not is_correct(item, True, "成都和宁夏发放算力券。")
    assert not is_correct(item, False, quoted)


@pytest.mark.parametrize(
    ("fields", "splits"),
    [
        ({}, ()),
        ({"split": "dev"}, ("dev",)),
        ({"split": "holdout"}, ("dev", "holdout")),
        ({"corpus": "dev"}, ("dev",)),
    ],
)
def test_items_name_the_corpus_they_are_asked_of(fields: dict[str, str], splits: tuple[str, ...]) -> None:
    assert EvalItem.model_validate({"id": "x", "q": "q", **fields}).splits == splits


def test_eval_command_scores_corpus_questions_by_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYBOT_DATA_DIR", str(tmp_path / "data"))
    root = _corpus(tmp_path / "corpus")
    questions = tmp_path / "q.jsonl"
    lines = [
        {
            "id": "a",
            "q": "泰州单个企业每年算力补贴最高多少",
            "expect": [["300万"]],
            "split": "dev",
            "type": "single",
        },
        {"id": "b", "q": "上海算力目标", "expect": [["1000 PFLOPS"]], "type": "lookup"},
    ]
    questions.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    assert main(["eval", str(questions)]) == 2  # a corpus question without --corpus
    capsys.readouterr()
    assert main(["eval", str(questions), "--corpus", str(root)]) == 0
    table = capsys.readouterr().out
    assert "single" in table and "lookup" in table
    assert "overall" in table
