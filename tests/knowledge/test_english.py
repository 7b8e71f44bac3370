"""English summaries of extracted facts, built from their fields, and CC-CEDICT look-ups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.extract.amounts import figure_english, period_english
from knowledge.extract.english import english_summary
from knowledge.extract.senses import choose
from knowledge.facts import ArticleRecord, FactRecord, Kind, PersonRecord, Status
from knowledge.lexicon.dictionary import default_dictionary
from knowledge.lexicon.glossary import load_glossary
from knowledge.lexicon.lexicons import lexicon

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
    with_role = english_summary(
        fact, _article(), people=people, glossary=glossary, dictionary=default_dictionary(),
        roles={"x-zhouli": "NPC deputy"},
    )  # fmt: skip
    assert with_role.startswith("Zhou Li (周立), NPC deputy, proposed (2025): ")


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
    terms = re.split(r"[,;] ", text.split(": ", 1)[1].split(" — ")[0].rstrip("."))
    assert terms[:3] == ["compute vouchers", "cross-region", "interchangeable"]
    assert "compute" not in terms  # "compute vouchers" said it
    assert not {"accelerate", "push"} & set(terms)


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("龙头", "leader"),  # not "faucet": the sense labelled "(referring to a company)"
        ("云端", "cloud"),  # not "high in the clouds": "(computing) the cloud"
        ("开放", "open"),  # not "bloom": "open" is the commoner English word
        ("重点", "important point"),  # a noun, not the verb "recount" of the other reading
        ("石化", "petrochemical industry"),  # a noun, not the verb "petrify"
        ("硬体", "hardware"),  # Taiwan's usage is kept for Taiwanese articles
    ],
)
def test_the_sense_that_suits_a_policy_summary_is_chosen(word: str, english: str) -> None:
    dictionary = default_dictionary()
    assert dictionary is not None
    domains = lexicon().english.domains
    assert choose(dictionary, word, domains) == english
    assert dictionary.gloss(word) != english  # the first short sense, unchanged, was wrong


def _said(kind: str, summary: str) -> str:
    glossary = load_glossary(ROOT / "seeds" / "glossary.yaml")
    people = {"x-zhouli": PersonRecord("x-zhouli", "周立", "Zhou Li", [])}
    fact = _fact(kind, summary, {}, ["x-zhouli"])
    return english_summary(
        fact, _article(), people=people, glossary=glossary, dictionary=default_dictionary()
    )


def test_a_proposal_keeps_noun_phrases_whole_and_its_clauses_apart() -> None:
    text = _said(
        "proposal", "周立建议由行业龙头企业牵头建设开放共享的行业数据集，政府对数据标注费用给予30%的补助"
    )
    assert text.startswith("Zhou Li (周立) proposed (2025): industry leading companies, lead, build, open, ")
    assert "industry datasets; government, data labelling" in text  # a comma ends a clause
    assert "30% subsidy" in text  # the figure as figures are said, with its noun
    assert not {"faucet", "bloom", "dataset,"} & set(text.split())


def test_a_figure_that_ends_a_clause_is_said_with_what_it_measures() -> None:
    text = _said("proposal", "周立建议推出算力券，每家企业每年上限200万元，首年编列预算1亿元")
    assert "annual cap: 2 million yuan per company" in text
    assert "budget allocated: 100 million yuan" in text
    assert "arrange in order" not in text


def test_words_without_content_are_left_out_of_what_was_said() -> None:
    text = _said("statement", "周立表示：大陆已有一定比例的企业参考这一作法，把研发投入重点投向云端算力")
    for wrong in ("continent", "surely", "consultation", "course of action", "throw into", "high in the"):
        assert wrong not in text
    assert "mainland China" in text and "cloud compute" in text and "R&D" in text
