"""Honest about places it has nothing on; figures on one place and measure newest first."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answer.qa import answer
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import ArticleView, FactView, Kind, Status
from knowledge.lexicon.glossary import load_glossary
from knowledge.render.reply import render_answer
from knowledge.service import Knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("扬州的算力券上限是多少", "我还没有关于扬州的资料"),
        ("绍兴每年发放多少算力券?", "我还没有关于绍兴的资料"),
        ("洛陽的人工智能補貼有哪些?", "我還沒有關於洛陽的資料"),
        ("How much are Luoyang's compute vouchers worth?", "I have nothing on Luoyang yet"),
        ("What is Suzhou's compute voucher cap per company?", "I have nothing on Suzhou yet"),
    ],
)
def test_a_place_no_fact_is_about_is_declined_by_name(knowledge: Knowledge, question: str, said: str) -> None:
    asked = knowledge.ask(question)
    assert not asked.answer.answered and asked.answer.mode == "unknown"
    assert said in render_answer(asked.answer, knowledge.snapshot)


def test_a_place_only_mentioned_in_passing_is_declined(knowledge: Knowledge) -> None:
    """The seeds name 北京 and 深圳 in passing; 湖北 owns facts, a city in it that none names does not."""
    asked = knowledge.ask("孝感的算力券是多少")
    assert not asked.answer.answered and "孝感" in render_answer(asked.answer, knowledge.snapshot)


def _snapshot() -> Snapshot:
    glossary = load_glossary(ROOT / "seeds" / "glossary.yaml")
    articles = [
        ArticleView("old", 1, "绵阳算力券办法", "甲报", (), "2023-06-01", False, None, "file"),
        ArticleView("new", 2, "绵阳算力券办法修订", "乙报", (), "2025-04-18", False, None, "file"),
        ArticleView("other", 3, "德阳人工智能", "丙报", (), "2024-01-01", False, None, "file"),
    ]

    def figure(fact_id: str, article: str, value: str, quote: str) -> FactView:
        return FactView(
            id=fact_id,
            article_id=article,
            kind=Kind.FIGURE,
            status=Status.EXTRACTED,
            quote=quote,
            summary_zh=quote,
            summary_en="",
            regions=("绵阳",),
            details={"value": value, "unit": "万元", "measure": "每年发放算力券总额"},
        )

    facts = [
        figure("f-old", "old", "2000", "绵阳每年发放算力券总额2000万元。"),
        figure("f-new", "new", "5000", "绵阳每年发放算力券总额提高到5000万元。"),
        FactView(
            "f-d",
            "other",
            Kind.STATEMENT,
            Status.EXTRACTED,
            "德阳发展人工智能产业。",
            "德阳发展人工智能产业。",
            "",
            regions=("德阳",),
        ),
    ]
    return Snapshot(facts=facts, articles=articles, people=[], glossary=glossary)


def test_figures_on_one_place_and_measure_are_shown_newest_first() -> None:
    snapshot = _snapshot()
    result = answer(snapshot, "绵阳每年发放多少算力券")
    assert result.answered
    assert [fact.id for fact in result.facts][:2] == ["f-new", "f-old"]
    assert result.latest == "2025-04-18"
    text = render_answer(result, snapshot)
    assert text.index("5000万元") < text.index("2000万元")
    assert "最新：2025-04-18" in text
    assert "2023-06-01" in text  # each with its date


def test_a_named_place_with_facts_is_not_answered_with_another_places() -> None:
    snapshot = _snapshot()
    result = answer(snapshot, "广元每年发放多少算力券")
    assert not result.answered and result.missing == ["广元"]
