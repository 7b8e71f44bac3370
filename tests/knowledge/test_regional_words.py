"""Taiwan's and Hong Kong's words read as the mainland's, in traditional-script text only."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import DataError
from knowledge.text.forms import normalise
from knowledge.text.regional import read_regional_words


@pytest.mark.parametrize(
    ("text", "search_form"),
    [
        ("哪些省份出臺了人工智慧產業政策檔案？", "哪些省份出台了人工智能产业政策文件?"),
        ("北京用什麼券支援企業使用算力", "北京用什么券支持企业使用算力"),
        ("資料中心的演算法", "数据中心的算法"),
        ("人工智能 智慧城市 资料", "人工智能 智慧城市 资料"),  # mainland text keeps its own words
    ],
)
def test_regional_words_in_the_search_form(text: str, search_form: str) -> None:
    assert normalise(text) == search_form


def test_a_bad_entry_is_named(tmp_path: Path) -> None:
    path = tmp_path / "regional_words.yaml"
    path.write_text("人工智慧: AI\n", encoding="utf-8")
    with pytest.raises(DataError, match="人工智慧"):
        read_regional_words(path)
