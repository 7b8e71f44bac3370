"""How English (and traditional-script) questions are read: plurals of glossary phrases, phrases said
word by word, another spelling of a name, what a count counts and what a proposal is."""

from __future__ import annotations

from knowledge.answer.compose import answer
from knowledge.answer.qa import prepare
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import ArticleView, Kind, PersonView
from tests.support.facts import fact, glossary


def _people_snapshot() -> Snapshot:
    facts = [
        fact("role", "全国政协委员林志成是某研究院研究员。", kind=Kind.ROLE, region=None, people=("lin",),
             details={"title_zh": "全国政协委员、某研究院研究员", "title_en": "CPPCC member"}),
        fact("plan", "林志成建议设立伦理审查委员会。", kind=Kind.PROPOSAL, region=None, people=("lin",)),
        fact("view", "林志成认为,算力成本仍然偏高。", kind=Kind.STATEMENT, region=None, people=("lin",)),
        fact("cap", "宁波算力券单个企业每年最高400万元。", details={"value": "400万", "unit": "元"},
             region="宁波"),
        fact("firms", "宁波已有120家企业申领算力券。", details={"value": "120", "unit": "家"}, region="宁波"),
    ]  # fmt: skip
    article = ArticleView("a", 1, "两会观察", "甲报", (), "2026-03-06", False, None, "file")
    person = PersonView("lin", "林志成", "Lin Zhicheng")
    return Snapshot(facts=facts, articles=[article], people=[person], glossary=glossary())


def test_a_plural_is_the_glossary_phrase_and_a_phrase_is_also_said_word_by_word() -> None:
    query = prepare(_people_snapshot(), "What are Ningbo's annual caps on compute vouchers?")
    phrases = {unit.label: unit.alternatives for unit in query.units}
    assert ("算力券",) in phrases["compute vouchers"]
    assert ("每年", "最高") in phrases["annual caps"]  # 每年 … 最高 in one sentence is an annual cap
    assert (
        answer(_people_snapshot(), "What are Ningbo's annual caps on compute vouchers?").fact_ids[0] == "cap"
    )


def test_another_spelling_of_a_name_in_brackets_names_nobody_else() -> None:
    found = answer(_people_snapshot(), "What does Lin Zhicheng (Lin Chih-cheng) propose?")
    assert found.answered and found.fact_ids[0] == "plan"


def test_a_proposal_is_what_a_proposal_asks_for_whatever_its_verb() -> None:
    found = answer(_people_snapshot(), "Which CPPCC members made proposals?")
    assert found.answered and "plan" in found.fact_ids


def test_a_count_is_answered_only_by_a_fact_on_what_it_counts() -> None:
    snap = _people_snapshot()
    assert answer(snap, "How many companies in Ningbo applied for compute vouchers?").fact_ids[0] == "firms"
    assert not answer(snap, "How many robots did Ningbo buy with compute vouchers?").answered
    assert not answer(snap, "宁波用算力券买了多少台机器人？").answered


def test_a_person_is_found_by_their_title() -> None:
    found = answer(_people_snapshot(), "What did the researcher propose?")
    assert found.answered and "plan" in found.fact_ids


def test_a_traditional_what_is_what() -> None:
    query = prepare(_people_snapshot(), "林志成建議甚麼？")
    assert "proposal" in query.intents
    assert answer(_people_snapshot(), "林志成建議甚麼？").fact_ids[0] == "plan"
