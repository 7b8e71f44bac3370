"""A definition is given only for a term the facts hold whole, never for a sibling compound."""

from __future__ import annotations

import pytest

from knowledge.answer.compose import answer
from knowledge.answer.snapshot import Snapshot
from knowledge.answer.terms import unheld_english_term
from knowledge.facts import FactView, Kind
from tests.support.facts import fact, with_facts
from tests.support.facts import snapshot as snapshot_of


def _said(fact_id: str, quote: str) -> FactView:
    return fact(fact_id, quote, kind=Kind.STATEMENT)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return snapshot_of(
        [
            _said("compute", "算力券是政府向企业发放的、用于购买算力服务的凭证。"),
            _said("corpus", "绵阳首次发放语料券,企业采购高质量语料可获补助。"),
            _said("corridor", "两地将以专线方式建设跨境算力走廊。"),
        ],
        title="绵阳发放算力券",
    )


@pytest.mark.parametrize(
    ("term", "unheld"),
    [
        ("a compute voucher", False),
        ("a corpus voucher", False),  # a glossary phrase whose Chinese a fact writes
        ("a data voucher", True),  # a glossary phrase no fact writes
        ("a model voucher", True),
        ("the cross-border compute corridor", False),  # 算力 right before 走廊
        ("computing power", False),
        ("语料券", False),  # Chinese terms are judged word by word elsewhere
    ],
)
def test_terms_held_whole(snapshot: Snapshot, term: str, unheld: bool) -> None:
    assert unheld_english_term(snapshot, term) is unheld


def test_a_sibling_compound_is_declined_not_defined_by_its_neighbour(snapshot: Snapshot) -> None:
    assert not answer(snapshot, "What is a data voucher?").answered
    defined = answer(snapshot, "What is a compute voucher?")
    assert defined.answered and defined.fact_ids[0] == "compute"


def test_an_english_glossary_word_reaches_the_synonyms_of_its_chinese(snapshot: Snapshot) -> None:
    """ "cap" is 上限 in the glossary; a fact writes 最高."""
    capped = with_facts(snapshot, [_said("cap", "单个企业每年最高可获100万元。")])
    found = answer(capped, "What is Mianyang's cap for a single company each year?")
    assert found.answered and found.fact_ids[0] == "cap"
