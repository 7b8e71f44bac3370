"""knowledge.text.forms: script detection with the t2s converter alone; s2tw only for traditional replies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import opencc
import pytest

from knowledge.answer.evaluation import read_items
from knowledge.text import forms as text
from knowledge.text.forms import detect_script, in_script, normalise

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "seeds" / "articles"
QUESTION_SETS = sorted((ROOT / "tests" / "qa").glob("*.jsonl")) + sorted(
    (ROOT.parent / "shared" / "eval").glob("dev_qa.jsonl")
)


@pytest.mark.parametrize(
    ("question", "script"),
    [
        ("上海算力目标是多少", "zh-Hans"),
        ("劉慶峰建議什麼", "zh-Hant"),
        ("廣東省科技廳廳長是誰", "zh-Hant"),
        ("台灣的AI政策", "zh-Hant"),  # 灣: one traditional character is enough
        ("他瞭解算力券嗎", "zh-Hant"),
        ("台湾的AI政策", "zh-Hans"),  # 台 is written in both scripts
        ("著名学者周鸿祎谈乾隆时期的制度", "zh-Hans"),  # 著, 乾, 制 too
        ("What did Zhou Hongyi propose?", "en"),
        ("liu qingfeng kaiyuan", "en"),
        ("", "en"),
        ("123 ？！", "en"),
    ],
)
def test_detect_script(question: str, script: str) -> None:
    assert detect_script(question) == script


def test_detect_script_agrees_with_the_question_sets() -> None:
    """Every question labelled simplified or traditional in the sets is detected as such."""
    items = [item for path in QUESTION_SETS for item in read_items(path)]
    labelled = [item for item in items if item.lang in ("zh-Hans", "zh-Hant")]
    assert len(labelled) > 100
    detected = [(item.q, detect_script(item.q)) for item in labelled]
    assert detected == [(item.q, item.lang) for item in labelled]


@pytest.fixture
def loaded_configs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The OpenCC configurations knowledge.text.forms loads from now on (its converters are reloaded)."""
    configs: list[str] = []

    class Recording(opencc.OpenCC):
        def __init__(self, config: str) -> None:
            configs.append(config)
            super().__init__(config)

    text._converter.cache_clear()
    monkeypatch.setattr(opencc, "OpenCC", Recording)  # the module knowledge.text calls
    yield configs
    text._converter.cache_clear()


def test_only_a_traditional_reply_loads_the_traditional_tables(loaded_configs: list[str]) -> None:
    """s2t costs ~27 MiB: detecting any script and normalising need only t2s."""
    for question in ("上海算力目标是多少", "廣東省科技廳廳長是誰", "What did Zhou Hongyi propose?"):
        detect_script(question)
        normalise(question)
    assert in_script("广东省科技厅", "zh-Hans") == "广东省科技厅"
    assert loaded_configs == ["t2s"]
    assert in_script("广东省科技厅厅长", "zh-Hant") == "廣東省科技廳廳長"
    assert loaded_configs == ["t2s", "s2t", "t2tw"]


def test_traditional_text_is_opencc_s2tw_on_the_seed_articles() -> None:
    articles = "\n".join(path.read_text(encoding="utf-8") for path in sorted(ARTICLES.iterdir()))
    assert text.to_traditional(articles) == opencc.OpenCC("s2tw").convert(articles)
    assert in_script("刘庆峰", "zh-Hant") == "劉慶峰"
