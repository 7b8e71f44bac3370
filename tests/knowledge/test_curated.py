"""The curated fact table: every quote verbatim in its article, coverage, and clear errors on bad entries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from knowledge.errors import DataError
from knowledge.facts import Bundle
from knowledge.lexicon.curated import parse_curated_file
from knowledge.lexicon.glossary import load_glossary
from knowledge.sources.seeds import read_seeds


@pytest.fixture(scope="module")
def bundle(seeds_dir: Path) -> Bundle:
    return read_seeds(seeds_dir)


def test_every_quote_occurs_verbatim_in_its_articles_clean_body(bundle: Bundle) -> None:
    missing = [f.id for f in bundle.facts.values() if f.quote not in bundle.articles[f.article_id].body]
    assert missing == []
    assert all(len(f.quote) >= 8 for f in bundle.facts.values())


def test_every_article_has_curated_facts_and_the_table_is_large(bundle: Bundle) -> None:
    per_article = Counter(f.article_id for f in bundle.facts.values())
    assert set(per_article) == set(bundle.articles)
    assert min(per_article.values()) >= 25
    assert len(bundle.facts) > 200


def test_every_kind_is_present_and_people_are_declared(bundle: Bundle) -> None:
    kinds = Counter(f.kind for f in bundle.facts.values())
    assert set(kinds) == {"role", "proposal", "statement", "figure", "policy", "event"}
    assert all(person in bundle.people for f in bundle.facts.values() for person in f.people)
    # every person has a role fact saying who they are
    with_roles = {p for f in bundle.facts.values() if f.kind == "role" for p in f.people}
    assert set(bundle.people) <= with_roles


@pytest.mark.parametrize("value", ["1000", "1.3%", "10%", "4000万", "1500亿"])
def test_known_figures_carry_value_and_unit(bundle: Bundle, value: str) -> None:
    candidates = [
        f for f in bundle.facts.values() if f.kind == "figure" and value in str(f.details.get("value"))
    ]
    assert candidates, f"no figure with value {value}"
    assert all(f.details.get("unit") for f in candidates)


def test_named_documents_and_people_are_in_the_table(bundle: Bundle) -> None:
    documents = {str(f.details.get("document")) for f in bundle.facts.values()}
    for title in (
        "湖北省推进人工智能产业发展三年行动方案（2023—2025年）",
        "福建省促进人工智能产业发展十条措施",
    ):
        assert any(
            title.replace("（", "(").replace("）", ")")[:12] in d.replace("（", "(") for d in documents
        )
    names = {p.name for p in bundle.people.values()}
    assert {"刘庆峰", "周鸿祎", "赵晓光", "江浩然", "王延峰", "王月琴", "齐向东", "柯瑞文", "李飞飞"} <= names


def _write(folder: Path, text: str) -> Path:
    path = folder / "999_bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


FACT = """
  - id: x-test
    kind: statement
    topics: [compute]
    quote: "{quote}"
    summary_zh: 测试
    summary_en: test
"""


def test_a_quote_not_in_the_article_names_file_and_entry(seeds_copy: Path) -> None:
    _write(
        seeds_copy / "facts", "article: cb80481c08866e9a\nfacts:" + FACT.format(quote="这句话不在文章里。")
    )
    with pytest.raises(DataError) as caught:
        read_seeds(seeds_copy)
    assert "999_bad.yaml" in str(caught.value)
    assert "facts[0] (id=x-test)" in str(caught.value)
    assert "quote is not in article" in str(caught.value)


def test_duplicate_ids_and_unknown_articles_are_reported(seeds_copy: Path) -> None:
    path = _write(seeds_copy / "facts", "article: cb80481c08866e9a\nfacts:" + FACT.format(quote="刘庆峰说。"))
    path.write_text(path.read_text().replace("x-test", "a0-liu-role"), encoding="utf-8")
    with pytest.raises(DataError, match="duplicate fact id"):
        read_seeds(seeds_copy)
    path.write_text("article: ffffffffffffffff\nfacts: []\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown article id"):
        read_seeds(seeds_copy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("article: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
        ("article: x\nfacts:\n  - id: Bad Id\n", "facts[0] (id=Bad Id)"),
        ("article: x\nfacts:" + FACT.format(quote="q").replace("compute", "astrology"), "unknown topic"),
        ("article: x\nsurprise: 1\n", "surprise"),
    ],
)
def test_malformed_curated_files_give_one_clear_line(
    tmp_path: Path, seeds_dir: Path, text: str, expected: str
) -> None:
    topics = load_glossary(seeds_dir / "glossary.yaml").topic_labels  # the glossary is the one list
    with pytest.raises(DataError) as caught:
        parse_curated_file(_write(tmp_path, text), topics=topics)
    message = str(caught.value)
    assert expected in message
    assert message.startswith("999_bad.yaml: ")
    assert "\n" not in message


def test_non_utf8_curated_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes("article: 测试".encode("gb18030"))
    with pytest.raises(DataError, match="UTF-8"):
        parse_curated_file(path, topics=())


def test_the_glossary_is_the_one_list_of_topics(tmp_path: Path) -> None:
    """A topic is valid once the glossary has it: no second list in code to update."""
    text = "article: x\nfacts:" + FACT.format(quote="q").replace("compute", "astrology")
    path = _write(tmp_path, text)
    with pytest.raises(DataError, match="unknown topic"):
        parse_curated_file(path, topics={"compute"})
    assert parse_curated_file(path, topics={"compute", "astrology"}).facts[0].topics == ("astrology",)
