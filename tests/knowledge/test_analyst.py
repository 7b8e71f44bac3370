"""Analyst question types over the seed table: each type is recognised and answered in its shape."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from knowledge.answer.amounts import amount, higher
from knowledge.answer.common import distinct
from knowledge.answer.compose import answer
from knowledge.answer.intent import classify
from knowledge.answer.places import in_class, place_level
from knowledge.answer.qa import prepare
from knowledge.answer.query import CUES
from knowledge.errors import DataError
from knowledge.facts import Kind
from knowledge.lexicon.cues import default_cues, read_cues
from knowledge.render.reply import render_answer, render_page
from knowledge.render.telegram import split_html, to_plain, utf16_len
from knowledge.service import Knowledge
from knowledge.text.stopwords import read_stopwords


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("哪些省份出台了人工智能政策？", "list"),
        ("Which provinces issue compute vouchers?", "list"),
        ("北京和上海的大模型措施各有多少条？", "compare"),
        ("Compare Chengdu and Ningxia", "compare"),
        ("誰提出在一帶一路設立多語種大模型專項？", "who_said"),
        ("Who proposed open-source projects?", "who_said"),
        ("百模大战是什么意思？", "define"),
        ("What does TPC stand for?", "define"),
        ("科大讯飞什么时候被列入实体清单？", "when"),
        ("When was the consortium formed?", "when"),
        ("宁夏每年发放多少算力券？", "count"),
        ("How many measures are there?", "count"),
        ("上海对智算中心有什么政策", "lookup"),
    ],
)
def test_question_types_are_recognised(knowledge: Knowledge, question: str, kind: str) -> None:
    snapshot = knowledge.snapshot
    assert classify(prepare(snapshot, question), snapshot.glossary).type == kind


def test_a_place_list_holds_only_places_of_the_asked_level(knowledge: Knowledge) -> None:
    snapshot = knowledge.snapshot
    result = answer(snapshot, "哪些省份出台了人工智能产业政策文件？")
    places = [group.label for group in result.groups]
    assert {"广东", "湖北", "福建"} <= set(places)
    assert all(place and in_class(place, "province", snapshot.glossary) for place in places)
    assert render_answer(result, snapshot).startswith(f"{len(places)}个地方：")


def test_a_city_list_leaves_out_provinces(knowledge: Knowledge) -> None:
    result = answer(knowledge.snapshot, "哪些城市发放算力券？")
    places = [group.label for group in result.groups]
    assert "成都" in places and "宁夏" not in places


def test_a_role_list_names_only_people_with_that_role(knowledge: Knowledge) -> None:
    result = answer(knowledge.snapshot, "Which CPPCC members made proposals on AI?")
    people = {group.label for group in result.groups}
    assert {"zhou-hongyi", "zhao-xiaoguang", "jiang-haoran"} <= people
    assert "liu-qingfeng" not in people and "wang-yanfeng" not in people


def test_a_list_declines_a_subject_no_fact_holds(knowledge: Knowledge) -> None:
    assert not answer(knowledge.snapshot, "哪些城市发放了数据券？").answered
    assert not answer(knowledge.snapshot, "哪些省份出台了低空经济政策？").answered


def test_a_comparison_answers_each_side_and_says_when_one_has_no_data(knowledge: Knowledge) -> None:
    snapshot = knowledge.snapshot
    both = answer(snapshot, "成都和宁夏的算力券哪个额度更高？")
    assert [g.label for g in both.groups] == ["成都", "宁夏"] and all(g.facts for g in both.groups)
    text = render_answer(both, snapshot)
    assert "1000万" in text and "4000万" in text
    one = answer(snapshot, "上海和杭州的大模型措施各有多少条？")
    assert one.answered and [bool(g.facts) for g in one.groups] == [True, False]
    assert "没有相关资料" in render_answer(one, snapshot)
    assert not answer(snapshot, "Compare the AI budgets of Jiangsu and Zhejiang").answered


def test_who_said_leads_with_the_person_and_role(knowledge: Knowledge) -> None:
    text = render_answer(answer(knowledge.snapshot, "谁建议建立小批量试制产业联合基金？"), knowledge.snapshot)
    assert text.startswith("赵晓光（全国政协委员")


def test_define_count_and_when(knowledge: Knowledge) -> None:
    snapshot = knowledge.snapshot
    assert "扎堆发布" in render_answer(answer(snapshot, "百模大战是什么意思？"), snapshot)
    assert render_answer(answer(snapshot, "宁夏每年发放多少算力券？"), snapshot).startswith("4000万元")
    assert "2019" in render_answer(answer(snapshot, "科大讯飞什么时候被列入美国实体清单？"), snapshot)


def test_near_duplicates_are_shown_once(knowledge: Knowledge) -> None:
    result = answer(knowledge.snapshot, "上海算力目标是多少")
    assert distinct(result.facts) == result.facts
    text = render_answer(result, knowledge.snapshot)
    assert text.count("「") == len({(f.article_id, f.quote) for f in result.facts})


def test_html_reply_quotes_in_expandable_blockquotes_and_pages_stay_small(knowledge: Knowledge) -> None:
    result = answer(knowledge.snapshot, "有哪些关于算力的措施？")
    first = render_page(result, knowledge.snapshot, "html")
    assert first.pages > 1 and "<blockquote expandable>" in first.text
    assert "「" in to_plain(first.text) and "<" not in to_plain(first.text).replace("<", "", 0)


def test_split_counts_utf16_and_reopens_tags() -> None:
    text = "<blockquote expandable>" + "😀" * 3000 + "</blockquote>"
    parts = split_html(text)
    assert len(parts) == 2 and all(utf16_len(p) <= 4096 for p in parts)
    assert all(p.startswith("<blockquote expandable>") and p.endswith("</blockquote>") for p in parts)
    escaped = "&lt;b&gt;&amp;" * 1000
    parts = split_html(escaped)
    assert len(parts) == 4 and "".join(parts) == escaped
    for part in parts:
        assert re.search(r"&[a-z#0-9]*$", part) is None and re.match(r"[a-z#0-9]*;", part) is None


def test_cues_and_stopwords_are_validated(tmp_path: Path) -> None:
    assert "哪些" in default_cues().types["list"]
    bad = tmp_path / "intents.yaml"
    bad.write_text(
        "intents: {}\nnumber: []\ntypes: {listing: [哪些]}\nplaces: {}\nroles: {}\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="unknown question types"):
        read_cues(bad)
    words = tmp_path / "stopwords.yaml"
    words.write_text("zh: 的 了\nen: The\n", encoding="utf-8")
    with pytest.raises(DataError, match="lower-case"):
        read_stopwords(words)


def test_place_levels_come_from_the_glossary(knowledge: Knowledge) -> None:
    glossary = knowledge.snapshot.glossary
    assert place_level("广东", glossary) == "province" and place_level("成都", glossary) == "city"
    assert in_class("北京", "city", glossary) and in_class("北京", "province", glossary)
    assert place_level("美国", glossary) is None and place_level("火星", glossary) is None


def test_twins_keep_one_and_a_fuller_fact_replaces_a_shorter(knowledge: Knowledge) -> None:
    fact = knowledge.snapshot.facts[0]
    twin = replace(fact, id="twin")
    fuller = replace(fact, id="fuller", summary_zh=fact.summary_zh + "另有补充。")
    assert distinct([fact, twin]) == [fact]
    assert distinct([fact, twin, fuller]) == [fuller]


def test_a_fuller_fact_takes_the_place_of_the_one_it_holds_but_a_figure_stays_when_a_number_is_asked(
    knowledge: Knowledge,
) -> None:
    facts = knowledge.snapshot.facts
    figure = next(fact for fact in facts if fact.kind == Kind.FIGURE)
    other = next(fact for fact in facts if fact.kind != Kind.FIGURE and fact.quote != figure.quote)
    sentence = replace(
        figure, id="sentence", kind=Kind.STATEMENT, summary_zh=figure.summary_zh + "另有补充。"
    )
    assert distinct([figure, other, sentence]) == [sentence, other]
    assert distinct([figure, other, sentence], figures=True) == [figure, other]


def test_how_many_nouns_ask_in_their_measure_word() -> None:
    assert CUES.counted_in("how many companies applied") == {"家"}
    assert CUES.counted_in("方案共有几条") == {"条"}
    assert CUES.counted_in("how much is the budget") == set()


def test_a_comparison_says_which_side_is_higher(knowledge: Knowledge) -> None:
    snapshot = knowledge.snapshot
    text = render_answer(answer(snapshot, "成都和宁夏的算力券哪个额度更高？"), snapshot)
    assert text.startswith("宁夏更高：4000万元 vs 1000万元")
    english = render_answer(
        answer(snapshot, "How do the compute voucher budgets of Chengdu and Ningxia compare?"), snapshot
    )
    assert english.startswith("Ningxia (宁夏) higher: 4000万元 vs 1000万元")


def test_an_english_comparison_never_answers_a_side_with_the_other_sides_facts(knowledge: Knowledge) -> None:
    snapshot = knowledge.snapshot
    result = answer(snapshot, "Compare Shanghai's and Hangzhou's compute subsidies")
    shanghai, hangzhou = result.groups
    assert shanghai.facts and all("上海" in fact.regions for fact in shanghai.facts)
    assert not hangzhou.facts
    assert render_answer(result, snapshot).startswith("Only Shanghai (上海) has data")


def test_amounts_compare_only_like_with_like(knowledge: Knowledge) -> None:
    facts = {fact.id: fact for fact in knowledge.snapshot.facts}
    chengdu, ningxia = (
        amount(facts["a3-chengdu-compute-voucher-10m"]),
        amount(facts["a3-ningxia-compute-voucher-40m"]),
    )
    assert chengdu is not None and ningxia is not None
    assert (chengdu.number, chengdu.unit) == (1e7, "元") and ningxia.number == 4e7
    assert higher([("成都", chengdu), ("宁夏", ningxia)]) == ("宁夏", ningxia, [chengdu])
    per_company = replace(chengdu, per_applicant=True)
    assert higher([("成都", per_company), ("宁夏", ningxia)]) is None
    assert higher([("成都", chengdu), ("宁夏", None)]) is None
    share = amount(facts["a3-shanghai-rent-subsidy-10pct"])
    assert share is not None and share.unit == "%" and higher([("a", share), ("b", ningxia)]) is None


def test_a_list_of_a_documents_contents_holds_every_fact_from_it_once(knowledge: Knowledge) -> None:
    result = answer(knowledge.snapshot, "福建的十条措施都有什么内容？")
    ids = [fact.id for fact in result.facts]
    assert len(ids) == len(set(ids))
    assert {"a3-fujian-expert-committee", "a3-fujian-inclusive-regulation-ethics"} <= set(ids)
    assert all("福建" in fact.regions for fact in result.facts)


def test_a_list_of_telecom_operators_names_each_operator(knowledge: Knowledge) -> None:
    text = render_answer(
        answer(knowledge.snapshot, "Which telecom operators are building AI computing infrastructure?"),
        knowledge.snapshot,
    )
    assert "China Mobile" in text and "China Telecom" in text
