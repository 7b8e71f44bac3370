"""knowledge.answer.people: naming people in a question, and names that look like a word of it."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz, process

from knowledge.answer.people import NamedPerson, PeopleMatcher
from knowledge.text.forms import normalise

PEOPLE = [
    NamedPerson("zhou", "周鸿祎", "Zhou Hongyi"),
    NamedPerson("liu", "刘庆峰", "Liu Qingfeng"),
    NamedPerson("wang", "王延峰", "Wang Yanfeng"),
    NamedPerson("zhao", "赵晓光", "Zhao Xiaoguang"),
    NamedPerson("liu2", "刘庆丰", "Liu Qingfeng"),  # a namesake in pinyin: the first keeps the spelling
]


@pytest.fixture(scope="module")
def matcher() -> PeopleMatcher:
    return PeopleMatcher(PEOPLE, reserved_latin=["shanghai"])


def _found(matcher: PeopleMatcher, question: str) -> list[tuple[str, str]]:
    return [(match.person_id, match.how) for match in matcher.find(normalise(question))]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did Zhou Hongyi propose?", [("zhou", "pinyin")]),
        ("What did Hongyi Zhou propose?", [("zhou", "pinyin")]),
        ("What did Zhou Hngyi propose?", [("zhou", "fuzzy")]),
        ("zhao xiaoguan and wang yanfeng", [("wang", "pinyin"), ("zhao", "fuzzy")]),
        ("liu qingfeng", [("liu", "pinyin")]),
        ("What is Shanghai's compute target?", []),
        ("What did Jack Ma say?", []),
    ],
)
def test_latin_spellings_find_the_person_exactly_or_by_a_typo(
    matcher: PeopleMatcher, question: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(matcher, question) == expected


def test_every_one_letter_typo_of_a_name_is_still_found(matcher: PeopleMatcher) -> None:
    for person in PEOPLE[:4]:
        spelling = person.name_en.lower()
        for i, letter in enumerate(spelling):
            if letter == " ":
                continue
            typo = spelling[:i] + ("x" if letter != "x" else "q") + spelling[i + 1 :]
            assert (person.id, "fuzzy") in _found(matcher, f"what did {typo} say"), typo


@pytest.mark.parametrize("text", ["周鸿一", "刘庆", "峰", "王", "赵晓光说", "算力", "zhou", "", "周 鸿"])
def test_look_alike_is_rapidfuzz_wratio_over_every_name(matcher: PeopleMatcher, text: str) -> None:
    names = list(dict.fromkeys(person.name for person in PEOPLE))
    hit = process.extractOne(text, names, scorer=fuzz.WRatio, score_cutoff=60)
    assert matcher.look_alike(text) == (hit[0] if hit else None)


def test_look_alike_finds_the_closest_name_or_none(matcher: PeopleMatcher) -> None:
    assert matcher.look_alike("周鸿一") == "周鸿祎"
    assert matcher.look_alike("算力") is None
