"""A fact's place: its sentence's subject, else the article's — never the places it is compared with."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.extract.regions import article_places, subject_places
from knowledge.facts import ArticleRecord
from knowledge.lexicon.glossary import Glossary, load_glossary

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "seeds" / "glossary.yaml")


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("合肥每年安排3000万元算力券,高于南昌、长沙等城市的同类政策。", "合肥"),
        ("这一额度与上海、江苏等地持平,西安的单个企业上限为80万元。", "西安"),
        ("比起济南和青岛,烟台的算力补贴比例更高,达到25%。", "烟台"),
        ("湖南长沙智算中心主任张某某表示,全国算力券应当互认。", None),  # an affiliation, not a subject
        ("浙江大学教授认为,算力券应当跨省通用。", None),
        ("到2030年本港的人工智能算力需求将翻倍。", "香港"),  # Hong Kong papers call it 本港
    ],
)
def test_the_subject_not_every_place_named(glossary: Glossary, sentence: str, place: str | None) -> None:
    assert subject_places(glossary, sentence) == ([place] if place else [])


def test_the_articles_own_place_wins_when_the_sentence_names_it(glossary: Glossary) -> None:
    sentence = "兰州日报记者从兰州市工信局获悉,兰州与银川的算力合作持续推进。"
    assert subject_places(glossary, sentence, ["银川"]) == ["银川"]
    assert subject_places(glossary, sentence) == ["兰州"]


def _article(title: str, body: str, outlet: str | None = None) -> ArticleRecord:
    return ArticleRecord(
        id="a" * 16,
        title=title,
        outlet=outlet,
        authors=[],
        published="2025-01-01",
        date_estimated=False,
        url=None,
        fingerprint="f",
        origin="file",
        source_name=None,
        raw_text=body,
        body=body,
    )


def test_article_place_from_the_title(glossary: Glossary) -> None:
    assert article_places(glossary, _article("绵阳发布算力券新政", "正文。")) == ["绵阳"]


def test_article_place_from_a_dateline_only_when_the_body_is_about_it(glossary: Glossary) -> None:
    about = "本报洛阳讯 洛阳市日前出台办法。洛阳将每年安排资金。洛阳企业可申领。"
    assert article_places(glossary, _article("算力券新政出台", about)) == ["洛阳"]
    # A national round-up filed from Beijing is not about Beijing.
    national = "新华网北京3月5日电 多位代表委员建议完善算力券制度。代表们认为应跨省通用。"
    assert article_places(glossary, _article("代表委员谈算力", national)) == []
