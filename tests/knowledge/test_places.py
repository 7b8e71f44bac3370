"""The gazetteer: levels, short forms, English names, and no false places in the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.lexicon.places import CITY, COUNTY, PROVINCE, short_form
from knowledge.text.forms import to_simplified

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "seeds" / "glossary.yaml")


@pytest.mark.parametrize(
    ("full", "level", "short"),
    [
        ("宁夏回族自治区", PROVINCE, "宁夏"),
        ("新疆维吾尔自治区", PROVINCE, "新疆"),
        ("内蒙古自治区", PROVINCE, "内蒙古"),
        ("香港特别行政区", PROVINCE, "香港"),
        ("庆阳市", CITY, "庆阳"),
        ("恩施土家族苗族自治州", CITY, "恩施"),
        ("黔东南苗族侗族自治州", CITY, "黔东南"),
        ("巴音郭楞蒙古自治州", CITY, "巴音郭楞"),
        ("六盘水市", CITY, "六盘水"),  # 水 is a people's name only in an autonomous division
        ("浦东新区", COUNTY, "浦东"),
    ],
)
def test_short_forms_by_rule(glossary: Glossary, full: str, level: str, short: str) -> None:
    place = glossary.places.places[short]
    assert (place.name, place.level) == (full, level)
    assert glossary.places.spellings[full] == short


def test_every_level_is_there_with_its_parent(glossary: Glossary) -> None:
    levels = [place.level for place in glossary.places.places.values()]
    assert levels.count(PROVINCE) >= 34 and levels.count(CITY) >= 300 and levels.count(COUNTY) >= 2500
    assert glossary.places.places["庆阳"].parent == "甘肃"
    assert glossary.places.places["中卫"].parent == "宁夏"
    assert glossary.places.places["浦东"].parent == "上海"


def test_a_provinces_short_form_wins_and_ambiguous_counties_keep_their_full_names(glossary: Glossary) -> None:
    places = glossary.places
    assert places.places["吉林"].level == PROVINCE and places.places["吉林市"].level == CITY
    assert places.spellings.get("朝阳区") is None  # two districts of that name
    assert "鼓楼" not in places.spellings


@pytest.mark.parametrize(
    ("key", "english"),
    [
        ("庆阳", "Qingyang"),
        ("重庆", "Chongqing"),
        ("厦门", "Xiamen"),
        ("陕西", "Shaanxi"),
        ("内蒙古", "Inner Mongolia"),
    ],
)
def test_english_names(glossary: Glossary, key: str, english: str) -> None:
    assert glossary.region_en[key] == english


def test_pinyin_spellings_in_questions(glossary: Glossary) -> None:
    named = dict(glossary.place_mentions("how much are qingyang's vouchers and what about xi'an"))
    assert named["qingyang"][0] == "庆阳" and named["xi'an"] == ("西安",)
    assert set(dict(glossary.place_mentions("suzhou"))["suzhou"]) >= {"苏州", "宿州"}
    # A county's pinyin is a given name as often ("Sun Weidong"), and "yuan" is money.
    assert glossary.place_mentions("sun weidong said 30 yuan") == []


def test_words_that_hold_a_countys_name_are_no_place(glossary: Glossary) -> None:
    text = "企业在面临安全事件时,依托创新平台提出更高要求,国内大厂也在制定安全规范"
    assert glossary.places.find(text) == []
    assert [key for _, _, key in glossary.places.find("余杭区和余杭的企业")] == ["余杭", "余杭"]


def test_no_false_places_in_the_seed_articles(glossary: Glossary) -> None:
    """Every place found in the five seed articles is one the article names (checked by reading them)."""
    expected = {
        "000": {"全国", "南京", "美国"},
        "001": {"全国", "美国"},
        "002": {"上海", "云南", "北京", "安吉", "浙江", "海口"},  # the last three in related links
        "003": {"上海", "全国", "北京", "宁夏", "广东", "成都", "湖北", "福建", "粤港澳大湾区"},
        "004": {"上海", "硅谷", "美国"},
    }
    for path in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        text = to_simplified(path.read_text(encoding="utf-8"))
        found = {key for _, _, key in glossary.places.find(text)}
        assert found == expected[path.name[:3]], path.name


def test_an_organisation_named_after_a_place_is_no_place(glossary: Glossary) -> None:
    assert glossary.places.find("浙江大学教授") == []
    assert glossary.places.find("阿里云发布") == []  # 阿里 is a company as well as a prefecture


def test_short_form_of_an_unknown_name_keeps_it() -> None:
    assert short_form("某某市", CITY, []) == "某某"
    assert short_form("某市", CITY, []) == "某市"  # one character is no name
