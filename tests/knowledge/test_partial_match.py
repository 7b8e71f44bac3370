"""A question's word found in a fact under another cut or in part, and the kind of answer asked for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.answer.qa import answer
from knowledge.answer.snapshot import Snapshot
from knowledge.extract.pipeline import extract_facts
from knowledge.facts import FactView, Kind
from tests.support.facts import fact, glossary, record, with_facts
from tests.support.facts import snapshot as snapshot_of


def _figure(fact_id: str, quote: str, region: str = "绵阳", unit: str = "") -> FactView:
    return fact(fact_id, quote, region=region, details={"unit": unit} if unit else None)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return snapshot_of(
        [
            _figure("valid", "算力券自发放之日起12个月内有效。"),
            _figure("cap", "单家企业每年申领总额不超过100万元。", unit="万元"),
            _figure("firms", "已有40余家企业申领算力券。", unit="家"),
            _figure("total", "每年安排总额不超过1亿元的算力券。"),
            _figure("ratio", "申领额度按算力服务合同金额的30%核定。"),
            _figure("elsewhere", "德阳的算力券有效期为两年。", region="德阳"),
            fact("law", "委员建议加快出台《人工智能法》。", kind=Kind.PROPOSAL),
        ],
        title="绵阳发放算力券",
    )


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("绵阳算力券的有效期多长?", "valid"),  # 有效 of 有效期, which 德阳's fact holds whole
        ("绵阳单家企业申领算力券的总额是多少?", "cap"),  # 单家 inside 单家企业
        ("绵阳建议出台什么法律?", "law"),  # 什么法律 asks for a law; the fact names 《人工智能法》
    ],
)
def test_words_found_in_part_or_under_another_cut(snapshot: Snapshot, question: str, fact_id: str) -> None:
    found = answer(snapshot, question)
    assert found.answered and found.fact_ids[0] == fact_id


def test_a_word_no_fact_holds_earns_nothing_for_its_parts(snapshot: Snapshot) -> None:
    """数据券 shares 券 with every voucher fact, but no fact holds it: still declined."""
    assert not answer(snapshot, "绵阳数据券的有效期多长?").answered


def test_what_a_person_says_without_a_place_is_about_where_they_work() -> None:
    body = (
        "全国两会期间,多位代表委员聚焦大湾区算力协同。\n"
        "港区全国人大代表、香港科技园公司董事梁思远表示,初创企业仍要依赖境外云服务,算力缺口明显。\n"
        "梁思远表示,到2030年本港的人工智能算力需求将超过2万PFLOPS。"
    )
    facts, _ = extract_facts(record(body, title="代表委员聚焦大湾区算力协同"), people={}, glossary=glossary())
    said = [fact for fact in facts if fact.kind == Kind.STATEMENT]
    assert said and all(fact.regions == ["香港"] for fact in said)


def test_a_count_prefers_the_figure_in_the_measure_word_asked_for(snapshot: Snapshot) -> None:
    counted = with_facts(snapshot, [_figure("articles", "办法共12条。")])
    found = answer(counted, "绵阳的算力券办法共有几条?")
    assert found.answered and found.fact_ids[0] == "articles"


def test_a_pinyin_name_the_facts_spell_in_chinese_is_no_stranger() -> None:
    """安晖 is named in a fact but is in no table of people: "An Hui" is asked about, not declined."""
    said = fact(
        "an",
        "研究院副总工程师安晖认为,要运用法律、政策、技术等手段防范风险。",
        kind=Kind.STATEMENT,
        region=None,
        keywords=("安晖",),
    )
    found = answer(
        snapshot_of([said], title="通用人工智能"), "How does An Hui think risks should be handled?"
    )
    assert found.mode != "unknown" and "An Hui" not in found.missing


def test_single_characters_apart_in_the_question_make_no_word(snapshot: Snapshot) -> None:
    from knowledge.answer.qa import prepare

    labels = [unit.label for unit in prepare(snapshot, "绵阳第一批算力券发了多少钱?").units]
    assert "发钱" not in labels


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("绵阳现在每年安排多少算力券?", "total"),  # 现在 asks for the latest, not for the word
        ("绵阳企业申领算力券多少钱?", "cap"),  # 多少钱: the figure in yuan, not in companies
    ],
)
def test_time_and_money_words_shape_the_answer(snapshot: Snapshot, question: str, fact_id: str) -> None:
    found = answer(snapshot, question)
    assert found.answered and found.fact_ids[0] == fact_id


def test_a_figure_the_article_says_was_is_not_the_latest(snapshot: Snapshot) -> None:
    body = "绵阳自2025年起每年发放算力券总额不超过6000万元,高于此前每年4000万元的规模。"
    facts, _ = extract_facts(record(body, title="绵阳算力券"), people={}, glossary=glossary())
    earlier = {
        fact.details["value"]: fact.details.get("earlier") for fact in facts if fact.kind == Kind.FIGURE
    }
    assert earlier == {"6000万": None, "4000万": True}
    was = _figure("was", "每年安排4000万元算力券。")  # as the extractor marks 高于此前每年4000万元
    now = _figure("now", "自2025年起每年安排的算力券总额提高到6000万元。")
    figures = snapshot_of([replace(was, details={"earlier": True}), now])
    assert answer(figures, "绵阳现在每年安排多少算力券?").fact_ids[0] == "now"


def test_a_percentage_answers_a_question_about_a_ratio(snapshot: Snapshot) -> None:
    share = _figure("share", "算力券可按算力服务合同费用的20%抵扣。", region="德阳", unit="%")
    shares = with_facts(snapshot, [share])
    for question in ("德阳算力券的抵扣比例是多少?", "What subsidy ratio do Deyang's vouchers give?"):
        found = answer(shares, question)
        assert found.answered and found.fact_ids[0] == "share", question


@pytest.mark.parametrize(
    "question",
    [
        "绵阳的训力券每年安排多少?",  # the facts are on 算力券, another kind of voucher (深圳 has 训力券)
        "What is Mianyang's training voucher total?",
        "绵阳的人工智能条例叫什么?",  # part of a name (人工智能) is no part of it
        "有多少家企业申领了德阳的算力券?",  # 多少家 needs a count of companies, not a share
    ],
)
def test_never_answered_with_a_neighbouring_thing(snapshot: Snapshot, question: str) -> None:
    neighbours = with_facts(
        snapshot,
        [
            _figure("shenzhen", "深圳每年发放总额不超过5亿元的训力券。", region="深圳", unit="亿元"),
            _figure("deyang", "德阳企业申领算力券可按合同金额的20%抵扣。", region="德阳", unit="%"),
            fact(
                "rules",
                "深圳出台《人工智能条例》。",
                kind=Kind.POLICY,
                region="深圳",
                keywords=("人工智能条例",),
            ),
        ],
    )
    found = answer(neighbours, question)
    assert not found.answered, (question, found.fact_ids)
