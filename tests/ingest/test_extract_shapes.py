"""Extraction beyond the known people and without junk, on small texts of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.extract.pipeline import extract_facts
from knowledge.facts import FactRecord, PersonRecord
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.sources.capture import parse_article_text
from knowledge.sources.seeds import article_record


@pytest.fixture(scope="module")
def glossary(seeds_dir: Path) -> Glossary:
    return load_glossary(seeds_dir / "glossary.yaml")


def _extract(
    text: str, glossary: Glossary, people: dict[str, PersonRecord] | None = None
) -> tuple[list[FactRecord], list[PersonRecord]]:
    parsed = parse_article_text(f"标题: 测试文章\n{text}")
    record = article_record(parsed, article_id=None, origin="file", source_name="t")
    return extract_facts(record, people=people or {}, glossary=glossary)


def _roles(facts: list[FactRecord], people: list[PersonRecord]) -> dict[str, str]:
    names = {person.id: person.name for person in people}
    return {names[f.people[0]]: f.details["title_zh"] for f in facts if f.kind == "role"}


def _figures(facts: list[FactRecord]) -> set[str]:
    return {f"{f.details['value']}{f.details['unit']}" for f in facts if f.kind == "figure"}


@pytest.mark.parametrize(
    ("sentence", "name", "title"),
    [
        ("江城市数据局副局长周立新介绍，全市算力券已发放两批。", "周立新", "江城市数据局副局长"),
        (
            "北湖金融研究院院长、首席专家曾刚认为，算力券应当向中小企业倾斜。",
            "曾刚",
            "北湖金融研究院院长、首席专家",
        ),
        (
            "全国人大代表、东岭科技集团董事长冯远山今年带来了两份建议。",
            "冯远山",
            "全国人大代表、东岭科技集团董事长",
        ),
        ("省工业和信息化厅二级巡视员洪家明表示，明年将扩大试点。", "洪家明", "省工业和信息化厅二级巡视员"),
        ("「我们希望把训练需求引过来。」西岭市大数据局副局长纳思远说。", "纳思远", "西岭市大数据局副局长"),
    ],
)
def test_a_person_outside_the_known_table_is_found_with_the_role_in_the_sentence(
    sentence: str, name: str, title: str, glossary: Glossary
) -> None:
    facts, people = _extract(sentence, glossary)
    assert _roles(facts, people) == {name: title}
    assert not any(f.kind == "figure" and f.details["value"] == "二" for f in facts)


def test_one_person_across_articles_keeps_one_id(glossary: Glossary) -> None:
    _, found = _extract("南山研究院首席专家曾刚认为，算力券的效果需要两年后才能评估。", glossary)
    known = {person.id: person for person in found}
    second, again = _extract(
        "曾刚表示，各地算力券应当允许跨区域使用。东方大学教授曾刚此前也提出过类似看法。", glossary, known
    )
    assert again == []  # nobody new: the second article reuses the first one's person
    (person_id,) = known
    assert {fact.people[0] for fact in second if fact.people} == {person_id}
    assert _roles(second, found) == {"曾刚": "东方大学教授"}  # the new role is recorded too


def test_count_words_without_a_unit_are_no_figures(glossary: Glossary) -> None:
    facts, _ = _extract(
        "方案围绕两大方向、六大重点部署任务，深入贯彻二十大精神。由市、区两级政府共同推进。"
        "方案共12条，今年已有三份建议被采纳，40余家企业提交申请，审核在10个工作日内完成。",
        glossary,
    )
    figures = _figures(facts)
    assert {"12条", "三份", "40余家", "10个工作日"} <= figures
    assert not any("大" in figure for figure in figures), figures


def test_a_full_text_line_and_headings_give_no_facts_but_name_the_document(glossary: Glossary) -> None:
    facts, _ = _extract(
        "现将有关事项通知如下。\n《江城市算力券管理办法》全文如下：\n江城市算力券管理办法(2025年修订)\n"
        "一、市财政每年安排算力券总额不超过5000万元。",
        glossary,
    )
    assert not any("全文如下" in fact.quote or fact.quote[-3:] == "修订)" for fact in facts)
    (figure,) = [fact for fact in facts if fact.kind == "figure"]
    assert figure.details["document"] == "江城市算力券管理办法"


def test_a_problem_statement_is_a_statement_and_a_proposal_a_proposal(glossary: Glossary) -> None:
    facts, _ = _extract(
        "全国政协委员、西湖大学教授俞清源指出，当前不少中小企业面临算力“用不起”的难题。"
        "俞清源建议，设立国家算力券专项，每年投入不少于10亿元。",
        glossary,
    )
    kinds = {fact.kind for fact in facts if "难题" in fact.quote}
    assert kinds == {"role", "statement"}
    assert any(fact.kind == "proposal" and "专项" in fact.quote for fact in facts)
