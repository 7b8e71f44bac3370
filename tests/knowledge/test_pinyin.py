"""knowledge.text.pinyin: every reading of a polyphonic character, without pypinyin's phrase dictionary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge.service import Knowledge
from knowledge.text.pinyin import MAX_SPELLINGS, pinyin, spellings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _curated_people() -> list[tuple[str, str]]:
    people: list[tuple[str, str]] = []
    for path in sorted((SEEDS / "facts").glob("*.yaml")):
        for person in yaml.safe_load(path.read_text(encoding="utf-8")).get("people") or []:
            if person.get("name_en"):
                people.append((person["name"], person["name_en"]))
    return people


@pytest.mark.slow
def test_pypinyin_is_imported_without_its_phrase_dictionary() -> None:
    script = (
        "import json, os, sys; import knowledge.service, knowledge.ingest.pipeline; "
        "from pypinyin.constants import PHRASES_DICT; "
        "print(json.dumps(['pypinyin.phrases_dict' in sys.modules, len(PHRASES_DICT), "
        "'PYPINYIN_NO_PHRASES' in os.environ]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN_")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout) == [False, 0, False]


def test_every_curated_name_can_be_read_as_its_english_spelling() -> None:
    """郑栅洁 (Zheng Shanjie): 栅 is most often read zha; shan is among its readings."""
    people = _curated_people()
    assert len(people) >= 15
    for name, name_en in people:
        assert re.sub(r"[^a-z]", "", name_en.lower()) in {"".join(s) for s in spellings(name)}, name


def test_a_polyphonic_character_keeps_every_reading() -> None:
    assert pinyin("重庆") == ["zhong", "qing"]  # the most common reading, one a character
    assert ("chong", "qing") in spellings("重庆") and ("zhong", "qing") in spellings("重庆")
    assert spellings("算力") == [("suan", "li")]
    assert pinyin("AI 算力") == ["AI ", "suan", "li"]  # other text is kept as it is
    assert len(spellings("长行重传还")) == MAX_SPELLINGS  # five polyphones: capped


@pytest.mark.parametrize(
    ("spelling", "term"),
    [("kaiyuan", "开源"), ("suanli", "算力"), ("qiabozi", "卡脖子"), ("hangye", "行业"), ("xingye", "行业")],
)
def test_the_lexicon_maps_pinyin_to_the_index_terms(knowledge: Knowledge, spelling: str, term: str) -> None:
    assert knowledge.snapshot.index.knows(term)
    assert term in knowledge.snapshot.lexicon.pinyin[spelling]


def test_a_homophone_of_a_name_finds_the_person(knowledge: Knowledge) -> None:
    """刘青峰 for 刘庆峰, 郑珊洁 for 郑栅洁."""
    matcher = knowledge.snapshot.matcher
    people = knowledge.snapshot.people
    questions = ("刘青峰建议什么", "郑珊洁说了什么")
    found = {people[m.person_id].name for text in questions for m in matcher.find(text)}
    assert {"刘庆峰", "郑栅洁"} <= found
