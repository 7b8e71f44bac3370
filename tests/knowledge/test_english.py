"""English summaries of extracted facts, built from their fields, and CC-CEDICT look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.extract.english import english_summary, figure_english, period_english
from knowledge.facts import ArticleRecord, FactRecord, Kind, PersonRecord, Status
from knowledge.lexicon.dictionary import default_dictionary
from knowledge.lexicon.glossary import load_glossary

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "unit", "english"),
    [
        ("1", "亿元", "100 million yuan"),
        ("200", "万元", "2 million yuan"),
        ("2.5", "亿元", "250 million yuan"),
        ("10万", "亿元", "10 trillion yuan"),
        ("30", "%", "30%"),
        ("5000", "PFLOPS", "5,000 PFLOPS"),
        ("1.2万", "PFLOPS", "12,000 PFLOPS"),
        ("8000", "萬元", "80 million yuan"),
        ("12", "个月", "12 months"),
        ("40余", "家", "more than 40 companies"),
        ("1000万元", "元/年", "10 million yuan"),
    ],
)
def test_figures_in_english(value: str, unit: str, english: str) -> None:
    assert figure_english(value, unit) == english


@pytest.mark.parametrize(
    ("period", "english"),
    [
        ("每年", "per year"),
        ("2025年底", "by the end of 2025"),
        ("自2025年起每年", "per year from 2025"),
        ("到2030年", "by 2030"),
    ],
)
def test_periods_in_english(period: str, english: str) -> None:
    assert period_english(period) == english


def test_the_dictionary_is_cc_cedict() -> None:
    dictionary = default_dictionary()
    assert dictionary is not None
    assert dictionary.gloss("合同") == "contract"
    assert dictionary.pinyin("重庆") == "Chongqing"
    assert dictionary.is_english_word("guide") and not dictionary.is_english_word("qingyang")


def _article() -> ArticleRecord:
    return ArticleRecord(
        id="b" * 16,
        title="绵阳出台算力券办法",
        outlet="某日报",
        authors=[],
        published="2025-05-06",
        date_estimated=False,
        url=None,
        fingerprint="f",
        origin="file",
        source_name=None,
        raw_text="",
        body="",
    )


def _fact(kind: str, summary: str, details: dict[str, object], people: list[str]) -> FactRecord:
    return FactRecord(
        id="x",
        article_id="b" * 16,
        kind=Kind(kind),
        status=Status.EXTRACTED,
        quote=summary,
        summary_zh=summary,
        summary_en="",
        topics=["compute"],
        people=people,
        regions=["绵阳"],
        orgs=[],
        keywords=[],
        details=details,
    )


def test_a_figures_summary_says_who_what_where_and_when() -> None:
    glossary = load_glossary(ROOT / "seeds" / "glossary.yaml")
    people = {"x-zhouli": PersonRecord("x-zhouli", "周立", "Zhou Li", [])}
    fact = _fact(
        "figure",
        "据周立，绵阳单个企业每年算力券上限为200万元",
        {
            "value": "200",
            "unit": "万元",
            "as_written": "200万元",
            "measure": "单个企业每年算力券上限",
            "period": "每年",
        },
        ["x-zhouli"],
    )
    text = english_summary(
        fact, _article(), people=people, glossary=glossary, dictionary=default_dictionary()
    )
    assert text.startswith("Mianyang (绵阳): 2 million yuan (200万元)")
    for part in ("compute voucher", "cap", "per year", "Zhou Li (周立)", "2025"):
        assert part in text
    assert "Extracted from" not in text


def test_a_proposals_summary_names_the_speaker_and_what_is_proposed() -> None:
    glossary = load_glossary(ROOT / "seeds" / "glossary.yaml")
    people = {"x-zhouli": PersonRecord("x-zhouli", "周立", "Zhou Li", [])}
    fact = _fact("proposal", "周立建议建立算力券跨区域通兑机制", {}, ["x-zhouli"])
    text = english_summary(
        fact, _article(), people=people, glossary=glossary, dictionary=default_dictionary()
    )
    assert text.startswith("Zhou Li (周立) proposed (2025): ")
    assert "compute voucher" in text and "mechanism" in text
