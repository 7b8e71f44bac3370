"""People no fact is about are declined by name; ordinary words are not taken for names."""

from __future__ import annotations

import pytest

from knowledge.answer.strangers import NameReader, default_reader
from knowledge.render.reply import render_answer
from knowledge.service import Knowledge
from knowledge.text.forms import normalise


@pytest.fixture(scope="module")
def reader() -> NameReader:
    return default_reader()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("雷军在两会上提出了什么?", ["雷军"]),  # no dictionary word: where a name stands
        ("马化腾对人工智能立法有什么建议?", ["马化腾"]),  # jieba's dictionary tags it nr
        ("请问欧阳晓燕今年多大?", ["欧阳晓燕"]),  # a compound surname
        ("方案提出了哪些措施?", []),  # 方 is a surname, 方案 a word
        ("高质量数据集有什么建议?", []),
        ("全国人大代表建议什么?", []),
        ("单个企业每年最多申领多少?", []),
        ("成本是多少?", []),
    ],
)
def test_chinese_full_names(reader: NameReader, text: str, names: list[str]) -> None:
    assert reader.chinese(normalise(text)) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("What did Lei Jun propose?", ["Lei Jun"]),
        ("Has Ouyang Xia spoken on data?", ["Ouyang Xia"]),
        ("Can Qi An Xin detect fake videos?", []),  # within a longer run of capitals: a company
        ("What happened at the Two Sessions?", []),  # "Two" is no surname
        ("What did lei jun propose?", []),  # names are written with capitals
        ("What is An AI Plan?", []),
        ("What did Robin Li propose?", ["Robin Li"]),  # an English given name, the surname last
        ("What does Pony Ma think about large models?", ["Pony Ma"]),
        ("What did The Li say?", []),
        ("What does Tsai Meng-hsun propose?", []),  # Wade-Giles: not read as pinyin "Tsai Meng"
    ],
)
def test_pinyin_full_names(reader: NameReader, text: str, names: list[str]) -> None:
    assert reader.latin(text) == names


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("雷军在两会上提出了什么?", "我还没有关于雷军的资料"),
        ("雷軍在兩會上提出了甚麼?", "我還沒有關於雷軍的資料"),
        ("What did Lei Jun propose at the Two Sessions?", "I have nothing on Lei Jun yet"),
        ("What does Pony Ma think about large models?", "I have nothing on Pony Ma yet"),  # not 马建华's
    ],
)
def test_a_person_no_fact_is_about_is_declined_by_name(
    knowledge: Knowledge, question: str, said: str
) -> None:
    asked = knowledge.ask(question)
    assert not asked.answer.answered and asked.answer.mode == "unknown"
    assert said in render_answer(asked.answer, knowledge.snapshot)


def test_a_known_person_is_no_stranger(knowledge: Knowledge) -> None:
    asked = knowledge.ask("刘庆峰建议制定什么规划?")
    assert asked.answer.answered and not asked.answer.missing


def test_a_stranger_beside_a_known_person_is_named(knowledge: Knowledge) -> None:
    asked = knowledge.ask("刘庆峰和雷军分别提出了什么建议?")
    assert "雷军" in asked.answer.missing


def test_a_known_person_asked_for_a_measure_none_of_their_facts_states_is_declined(
    knowledge: Knowledge,
) -> None:
    """Their facts on the topic hold no sum in 亿: without this check one of them would answer."""
    assert not knowledge.ask("刘庆峰建议大模型专项投入多少亿元?").answer.answered


def test_a_measure_their_facts_state_is_answered(knowledge: Knowledge) -> None:
    assert knowledge.ask("王延峰领衔多少位市人大代表联名提交建议?").answer.answered
