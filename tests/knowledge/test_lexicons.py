"""The lexicon files (`seeds/lexicon/*.yaml`): they load, and a bad entry is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.errors import DataError
from knowledge.extract.names import _title_en, pinyin_name
from knowledge.lexicon.lexicons import lexicon, lexicon_dir, load_lexicon
from knowledge.sources.urls import canonical_url


def test_the_project_lexicon_loads() -> None:
    lex = lexicon()
    assert "王" in lex.surnames and "欧阳" in lex.compound_surnames
    assert lex.titles["副局长"] == "deputy director"
    assert lex.units["万元"].currency == "yuan"
    assert dict(lex.outlet_domains)["cnr.cn"] == "央广网"
    assert "spm" in lex.tracking
    assert lex.english.measures["总额"] == "total {}" and "不超过" in lex.english.quiet


def test_the_lists_reach_the_extractor() -> None:
    assert pinyin_name("曾刚") == "Zeng Gang"  # reading from names.yaml
    assert _title_en("副局长") == "deputy director"  # the longer title word wins
    assert canonical_url("https://example.com/a?spm=1&id=2") == "https://example.com/a?id=2"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon_dir(), folder)
    return folder


def test_a_copy_loads_the_same(tmp_path: Path) -> None:
    assert load_lexicon(_copy(tmp_path)) == lexicon()


@pytest.mark.parametrize(
    ("file", "text", "where"),
    [
        ("titles.yaml", "titles:\n  副局长: ''\n", "titles.yaml: titles"),
        ("titles.yaml", "titles:\n  a title: deputy\n", "titles.yaml: titles"),
        ("units.yaml", "units:\n  万元: {currency: yuan, colour: red}\n", "units.yaml: units.万元.colour"),
        ("outlets.yaml", "domains:\n  Not A Domain: 某网\n", "outlets.yaml: domains"),
        ("names.yaml", "surnames: {single: 王A, compound: []}\nreadings: {}\nnon_names: []\n", "names.yaml"),
        ("tracking.yaml", "everywhere: [spm]\n", "tracking.yaml: sites"),
        ("names.yaml", "surnames: [\n", "names.yaml: file"),
        (
            "english.yaml",
            "measures: {总额: '{} total {}'}\nverbs: {}\nterms: {}\nquiet: 为\nupper: []\n",
            "english.yaml: measures",
        ),
        (
            "english.yaml",
            "measures: {}\nverbs: {}\nterms: {cap: 上限}\nquiet: 为\nupper: []\n",
            "english.yaml: terms",
        ),
    ],
)
def test_a_bad_entry_names_its_file_and_entry(tmp_path: Path, file: str, text: str, where: str) -> None:
    folder = _copy(tmp_path)
    (folder / file).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_lexicon(folder)
    assert str(caught.value).startswith(where)
