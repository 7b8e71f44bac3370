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
    assert text.startswith(
        "Mianyang (绵阳) — compute voucher cap: 2 million yuan (200万元) per company per year"
    )
    assert text.endswith("; according to Zhou Li (周立) (stated 2025).")
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


def _summary(summary: str, details: dict[str, object], people: list[str] | None = None) -> str:
    glossary = load_glossary(ROOT / "seeds" / "glossary.yaml")
    known = {"x-zhouli": PersonRecord("x-zhouli", "周立", "Zhou Li", [])}
    fact = _fact("figure", summary, details, people or [])
    return english_summary(fact, _article(), people=known, glossary=glossary, dictionary=default_dictionary())


@pytest.mark.parametrize(
    ("clause", "value", "unit", "written", "period", "says"),
    [
        (
            "每年安排总额不超过2亿元的算力券",
            "2",
            "亿元",
            "不超过2亿元",
            "每年",
            "— total compute vouchers allocated: up to 200 million yuan (不超过2亿元) per year",
        ),
        (
            "单家企业每年最高可获800万元",
            "800",
            "万元",
            "800万元",
            "每年",
            "— annual cap: 8 million yuan (800万元) per company",
        ),
        (
            "申领额度按模型训练服务合同金额的40%核定",
            "40",
            "%",
            "40%",
            "",
            "— claim amount as a share of the model training service contract: 40% (40%)",
        ),
        (
            "算力券自发放之日起6个月内有效",
            "6",
            "个月",
            "6个月内",
            "",
            "— compute vouchers valid for 6 months (6个月内)",
        ),
        (
            "全市智能算力规模达到8000 PFLOPS",
            "8000",
            "PFLOPS",
            "达到8000 PFLOPS",
            "到2027年",
            "— intelligent computing capacity: 8,000 PFLOPS (达到8000 PFLOPS) by 2027",
        ),
        (
            "单笔申领不低于2000元",
            "2000",
            "元",
            "不低于2000元",
            "",
            "— minimum: 2,000 yuan (不低于2000元) per claim",
        ),
        (
            "全省人工智能算力需求将超过2万PFLOPS",
            "2万",
            "PFLOPS",
            "超过2万 PFLOPS",
            "",
            "— AI compute demand: more than 20,000 PFLOPS",
        ),
        (
            "单个主体年度上限提高至600万元",
            "600",
            "万元",
            "600万元",
            "",
            "— annual cap raised to 6 million yuan (600万元) per entity",
        ),
    ],
)
def test_a_figures_summary_names_what_it_measures(
    clause: str, value: str, unit: str, written: str, period: str, says: str
) -> None:
    details: dict[str, object] = {
        "value": value,
        "unit": unit,
        "as_written": written,
        "measure": clause,
        "period": period,
    }
    text = _summary(clause, details)
    assert text.startswith("Mianyang (绵阳) — ")
    assert says in text
    for gloss in ("surpass", "tallest", "be lower than", "arrange", "every year"):
        assert gloss not in text  # the qualifier and the period say those


def test_a_statement_keeps_its_content_words_once_and_no_generic_verbs() -> None:
    glossary = load_glossary(ROOT / "seeds" / "glossary.yaml")
    people = {"x-zhouli": PersonRecord("x-zhouli", "周立", "Zhou Li", [])}
    fact = _fact("statement", "周立表示：要加快推动算力券跨区域通兑，并将算力纳入考核", {}, ["x-zhouli"])
    text = english_summary(
        fact, _article(), people=people, glossary=glossary, dictionary=default_dictionary()
    )
    terms = text.split(": ", 1)[1].split(" — ")[0].rstrip(".").split(", ")
    assert terms[:3] == ["compute vouchers", "cross-region", "interchangeable"]
    assert "compute" not in terms  # "compute vouchers" said it
    assert not {"accelerate", "push"} & set(terms)
