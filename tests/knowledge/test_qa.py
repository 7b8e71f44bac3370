"""Question answering on the seed knowledge: accuracy on question sets, honesty, hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answer.evaluation import evaluate, read_items
from knowledge.render.answers import split_message, with_unit
from knowledge.render.reply import render_answer
from knowledge.service import Knowledge

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"
OWN_SETS = sorted((ROOT / "tests" / "qa").glob("*.jsonl"))


def _ask(knowledge: Knowledge) -> object:
    def ask(question: str) -> tuple[bool, str, float]:
        asked = knowledge.ask(question)
        return asked.answer.answered, render_answer(asked.answer, knowledge.snapshot), asked.seconds

    return ask


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared dev set is not beside this checkout")
def test_dev_set_meets_the_targets(knowledge: Knowledge) -> None:
    report = evaluate(read_items(DEV_SET), _ask(knowledge))  # type: ignore[arg-type]
    ok, total = report.answerable
    assert ok / total >= 0.9, report.table()
    for group, (correct, count) in report.by_group().items():
        assert correct / count >= (0.9 if group == "ood" else 0.8), report.table()


def test_own_question_sets_per_article(knowledge: Knowledge) -> None:
    """About 45 questions per article, written from the articles, in every script and pinyin."""
    items = [item for path in OWN_SETS for item in read_items(path)]
    assert len(items) >= 200
    report = evaluate(items, _ask(knowledge))  # type: ignore[arg-type]
    ok, total = report.answerable
    assert ok / total >= 0.88, report.table()
    for group, (correct, count) in report.by_group().items():
        floor = 0.75 if group == "ood" else 0.8
        assert correct / count >= floor, report.table()


@pytest.mark.parametrize(
    ("question", "must_contain"),
    [
        ("上海算力目标是多少", "1000 PFLOPS"),
        ("劉慶峰建議什麼", "劉慶峰"),
        ("What did Zhou Hongyi propose?", "周鸿祎"),
        ("liu qingfeng", "科大讯飞"),
        ("成都算力卷", "1000万元"),
        ("宁夏算力券", "4000万"),
    ],
)
def test_answers_quote_and_cite(knowledge: Knowledge, question: str, must_contain: str) -> None:
    asked = knowledge.ask(question)
    text = render_answer(asked.answer, knowledge.snapshot)
    assert asked.answer.answered
    assert must_contain in text
    assert "「" in text and "[" in text  # a quote and an article reference
    for fact in asked.answer.facts:
        article = knowledge.snapshot.article_of(fact)
        assert article is not None and fact.quote in text


def test_traditional_question_gets_traditional_answer(knowledge: Knowledge) -> None:
    asked = knowledge.ask("廣東省科技廳廳長是誰")
    text = render_answer(asked.answer, knowledge.snapshot)
    assert asked.answer.lang == "zh-Hant"
    assert "王月琴" in text and "廣東" in text


def test_english_answer_puts_the_chinese_name_beside(knowledge: Knowledge) -> None:
    asked = knowledge.ask("What did Zhao Xiaoguang recommend?")
    assert asked.answer.lang == "en"
    assert "Zhao Xiaoguang (赵晓光)" in render_answer(asked.answer, knowledge.snapshot)


@pytest.mark.parametrize(
    "question",
    [
        "明天上海会下雨吗",
        "Who won the 2018 World Cup?",
        "怎么做红烧肉",
        "Tell me a joke",
        "深圳每年发放多少算力券？",
        "今天天气怎么样",  # 今天 opens a quote, 天气 is in no fact
        "谁赢了2022年世界杯",  # 世界 and 2022 are in facts, 世界杯 is not
    ],
)
def test_out_of_domain_questions_are_declined_with_suggestions(knowledge: Knowledge, question: str) -> None:
    asked = knowledge.ask(question)
    assert not asked.answer.answered
    text = render_answer(asked.answer, knowledge.snapshot)
    assert ("没有" in text) or ("don't have" in text)
    assert asked.answer.suggestions


HOSTILE = [
    "",
    "   \n\t ",
    "😀😀😀",
    "\x00\x07\x1b[31m",
    "x" * 10_000,
    "上海" * 5_000,
    "'; DROP TABLE facts; --",
    "<b>上海</b> 算力目标 & <script>alert(1)</script>",
    "Shanghai 算力 mù biāo ??? !!!",
    "\u202e上海算力",
]


@pytest.mark.parametrize("question", HOSTILE)
def test_hostile_input_never_raises_and_html_is_escaped(knowledge: Knowledge, question: str) -> None:
    asked = knowledge.ask(question)
    html = render_answer(asked.answer, knowledge.snapshot, "html")
    assert "<script>" not in html and "<b>上海</b>" not in html
    assert all(len(part) <= 4096 for part in split_message(html))
    assert asked.answer.answered or asked.answer.mode in {"abstain", "invalid"}


def test_facts_table_survives_sql_looking_questions(knowledge: Knowledge) -> None:
    before = len(knowledge.snapshot.facts)
    knowledge.ask("'; DROP TABLE facts; --", record=True)
    knowledge.refresh()
    assert len(knowledge.snapshot.facts) == before


def test_split_message_keeps_every_character_under_the_limit() -> None:
    text = "\n\n".join(f"block {i} " + "字" * 900 for i in range(12))
    parts = split_message(text)
    assert len(parts) > 1
    assert all(len(part) <= 4096 for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("1000万元", "元/年", "1000万元/年"),
        ("25%", "%", "25%"),
        ("1000", "PFLOPS (FP16)", "1000 PFLOPS (FP16)"),
        ("5", "", "5"),
        ("30", "%", "30%"),
        ("3000万", "元", "3000万元"),
    ],
)
def test_a_figure_shows_its_unit_once(value: str, unit: str, shown: str) -> None:
    assert with_unit(value, unit) == shown
