"""A figure's currency and a title's organisation, read from sentences of our own."""

from __future__ import annotations

from knowledge.answer.amounts import amount, comparable
from knowledge.answer.snapshot import Snapshot
from knowledge.extract.pipeline import extract_facts
from knowledge.facts import FactRecord, FactView, Kind
from knowledge.sources.capture import parse_article_text
from tests.support.facts import glossary, record


def _facts(body: str) -> list[FactRecord]:
    facts, _ = extract_facts(record(body, title="台北座谈会"), people={}, glossary=glossary())
    return facts


def _view(fact: FactRecord) -> FactView:
    return FactView(
        fact.id, fact.article_id, fact.kind, fact.status, fact.quote, fact.summary_zh, fact.summary_en,
        tuple(fact.topics), tuple(fact.people), tuple(fact.regions), tuple(fact.orgs), tuple(fact.keywords),
        fact.details,
    )  # fmt: skip


def test_an_amount_in_new_taiwan_dollars_is_not_called_yuan() -> None:
    facts = [
        f for f in _facts("研究员林志成建议,每家企业每年补助上限新台币300万元。") if f.kind == Kind.FIGURE
    ]
    assert len(facts) == 1
    assert facts[0].details["currency"] == "新台币"
    assert "3 million New Taiwan dollars" in facts[0].summary_en and "yuan" not in facts[0].summary_en


def test_amounts_in_two_currencies_are_never_weighed_against_each_other() -> None:
    taiwan = [f for f in _facts("每家企业每年补助上限新台币300万元。") if f.kind == Kind.FIGURE]
    mainland = [f for f in _facts("每家企业每年补助上限300万元。") if f.kind == Kind.FIGURE]
    first, second = amount(_view(taiwan[0])), amount(_view(mainland[0]))
    assert first is not None and second is not None
    assert not comparable(first, second)


def test_a_yuan_amount_without_a_named_currency_is_yuan() -> None:
    facts = [f for f in _facts("市级财政每年安排资金不超过5000万元。") if f.kind == Kind.FIGURE]
    assert "50 million yuan" in facts[0].summary_en and "currency" not in facts[0].details


def test_the_organisation_of_a_double_title_is_what_comes_before_the_first_title() -> None:
    facts = _facts("记者日前专访了星衡科技董事长兼首席执行官顾明远。顾明远表示,公司今年将扩大研发投入。")
    roles = [f for f in facts if f.kind == Kind.ROLE]
    assert roles and roles[0].orgs == ["星衡科技"]


def test_an_organisation_is_reached_by_the_pinyin_of_its_own_name() -> None:
    body = "星衡科技董事长顾明远表示,公司的工业模型已服务超过300家制造企业。"
    facts, _ = extract_facts(record(body, title="星衡科技专访"), people={}, glossary=glossary())
    snapshot = Snapshot(facts=[_view(f) for f in facts], articles=[], people=[], glossary=glossary())
    assert "星衡科技" in snapshot.lexicon.pinyin["xingheng"]


def test_a_label_with_a_row_of_tags_is_no_title() -> None:
    text = (
        "热门关键字: 人工智能 算力 大模型 数据\n\n某市发布算力券新政\n\n"
        "某市近日发布算力券新政,单个企业每年最高可获100万元。"
    )
    parsed = parse_article_text(text)
    assert parsed.title == "某市发布算力券新政"
    assert "关键字" not in parsed.body


def test_the_whole_province_is_the_articles_province_and_longjiang_is_heilongjiang() -> None:
    body = (
        "省人大代表冷明建议，依托哈尔滨、大庆等地建设算力基地，力争到2027年全省智能算力规模突破5000 PFLOPS。"
    )
    facts, _ = extract_facts(
        record(body, title="代表委员为龙江人工智能发展支招"), people={}, glossary=glossary()
    )
    figure = next(f for f in facts if f.kind == Kind.FIGURE)
    assert figure.regions == ["黑龙江"]


def test_when_a_notice_takes_effect_is_an_event() -> None:
    facts = _facts("第十一条 本办法由市工信局负责解释，自2025年11月1日起施行，有效期至2027年12月31日。")
    assert [f.details.get("date") for f in facts if f.kind == Kind.EVENT] == ["2025-11-01"]


def test_a_figure_reported_by_him_is_his() -> None:
    body = "研究所副所长庄明介绍了情况。据他介绍，全国已有超过30个地市出台算力券政策。"
    figures = [f for f in _facts(body) if f.kind == Kind.FIGURE]
    assert figures and figures[0].people == ["x-zhuang-ming"]
