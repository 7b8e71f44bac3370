"""knowledge.text.jieba_trie: jieba's cuts from a compact, cached copy of its dictionary."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from knowledge.text.jieba_pos import CompactPOSTokenizer, WordTags
from knowledge.text.jieba_trie import STALE_AFTER, CompactTokenizer, build, load, read, write

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles"
# Words the table adds, with the frequencies jieba gets: new names and terms, words that run on
# past one of jieba's words (its trie ends before they do), one that was only a prefix in the
# trie (frequency 0 there), and one of jieba's own made rarer.
ADDED = {
    "刘庆峰": 2000,
    "周鸿祎": 2000,
    "算力券": 2000,
    "人工智能+": 2000,
    "郑栅洁": 2000,
    "人工智能发展规划": 2000,
    "通用人工智能": 2000,
    "智能算": 2000,
    "发展": 3,
}


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir()))
    return [line for line in text.splitlines() if line.strip()]


def _pair(added: bool) -> tuple[jieba.Tokenizer, CompactTokenizer]:
    jieba.setLogLevel(logging.WARNING)
    original, compact = jieba.Tokenizer(), CompactTokenizer()
    for tokenizer in (original, compact):
        for word, freq in ADDED.items() if added else ():
            tokenizer.add_word(word, freq=freq)
    return original, compact


@pytest.mark.parametrize("added", [False, True], ids=["jieba's words", "with added words"])
def test_cuts_are_jiebas_own_on_the_seed_articles(seed_lines: list[str], added: bool) -> None:
    original, compact = _pair(added)
    for cut in ("lcut", "lcut_for_search"):
        for hmm in (False, True):
            expected = [getattr(original, cut)(line, HMM=hmm) for line in seed_lines]
            assert [getattr(compact, cut)(line, HMM=hmm) for line in seed_lines] == expected
    if added:
        assert "算力券" in compact.lcut("发放算力券", HMM=False)


@pytest.mark.parametrize("added", [False, True], ids=["jieba's words", "with added words"])
@pytest.mark.slow
def test_parts_of_speech_are_jiebas_own(seed_lines: list[str], added: bool) -> None:
    original = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    compact = CompactPOSTokenizer()
    assert isinstance(compact.word_tag_tab, WordTags)  # not a dict of every word
    for tagger in (original, compact):
        for word, freq in ADDED.items() if added else ():
            tagger.tokenizer.add_word(word, freq=freq, tag="nr" if len(word) == 3 else "n")
    sample = seed_lines[:200]

    def tagged(tagger: jieba.posseg.POSTokenizer) -> list[tuple[str, str]]:
        return [(pair.word, pair.flag) for line in sample for pair in tagger.cut(line)]

    assert tagged(compact) == tagged(original)
    if not added:  # jieba's global tagger reads the trie too, with the same tags
        assert isinstance(jieba.posseg.dt.word_tag_tab, WordTags)
        assert tagged(jieba.posseg.dt) == tagged(original)
    if added:
        assert ("刘庆峰", "nr") in tagged(compact)


TAGGER_IMPORT = """
import json, sys
from knowledge.text.jieba_pos import CompactPOSTokenizer, WordTags
import jieba, jieba.posseg
line = sys.argv[1]
print(json.dumps({
    "global table": type(jieba.posseg.dt.word_tag_tab).__name__,
    "jieba.dt patched": "get_dict_file" in vars(jieba.dt),
    "ours": [[p.word, p.flag] for p in CompactPOSTokenizer().cut(line)],
    "global": [[p.word, p.flag] for p in jieba.posseg.cut(line)],
}))
"""


@pytest.mark.slow
def test_a_fresh_import_of_the_tagger_tags_as_jieba_does(seed_lines: list[str]) -> None:
    """In a new interpreter, where knowledge.text.jieba_pos imports jieba.posseg itself."""
    line = "".join(seed_lines[:3])
    done = subprocess.run(
        [sys.executable, "-c", TAGGER_IMPORT, line], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = [[pair.word, pair.flag] for pair in jieba.posseg.POSTokenizer(jieba.Tokenizer()).cut(line)]
    assert report == {
        "global table": "WordTags",
        "jieba.dt patched": False,
        "ours": expected,
        "global": expected,
    }


def test_tokenizers_share_one_dictionary_and_keep_their_own_words() -> None:
    first, second = CompactTokenizer(), CompactTokenizer()
    first.add_word("量子算力港", freq=2000)
    assert "量子算力港" in first.lcut("建设量子算力港", HMM=False)
    assert "量子算力港" not in second.lcut("建设量子算力港", HMM=False)
    first.initialize()
    assert first.FREQ.get("量子算力港") == 2000  # initialize again keeps the added words


@pytest.mark.slow
def test_the_install_step_caches_jiebas_dictionary(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    stale = tmp_path / "policybot" / "jieba-0123456789abcdef.trie"  # a version no install has read for long
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    long_ago = time.time() - STALE_AFTER - 60
    os.utime(stale, (long_ago, long_ago))
    shared = tmp_path / "policybot" / "jieba-fedcba9876543210.trie"  # another venv's, in use
    shared.write_bytes(b"in use")
    command = [sys.executable, "-m", "knowledge.text.jieba_trie"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=300)
    assert f"cached in {tmp_path / 'policybot'}" in done.stdout
    assert not stale.exists()
    assert shared.read_bytes() == b"in use"
    [cache] = set((tmp_path / "policybot").glob("jieba-*.trie")) - {shared}
    dictionary = read(cache)
    assert dictionary.total == jieba.Tokenizer().gen_pfdict(jieba.Tokenizer().get_dict_file())[1]


def test_a_dictionary_file_round_trips_through_the_cache(tmp_path: Path) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("算力 300 n\n算力券 20\n上海 900 ns\n", encoding="utf-8")  # 算力券: no tag
    cache = tmp_path / "cache" / "words.trie"
    built = load(source, cache)
    assert cache.exists()
    again = read(cache)
    assert again.total == built.total == 1220
    for dictionary in (built, again):
        by_word = {
            word: (dictionary.freqs[key], dictionary.tag_names[dictionary.tags[key]])
            for word, key in dictionary.trie.items()
        }
        assert by_word == {
            "算": (0, ""),
            "算力": (300, "n"),
            "算力券": (20, ""),
            "上": (0, ""),
            "上海": (900, "ns"),
        }


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "longer"])
def test_a_damaged_cache_is_rebuilt_with_a_warning(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("算力 300 n\n上海 900 ns\n", encoding="utf-8")
    cache = tmp_path / "words.trie"
    write(build(source), cache)
    data = cache.read_bytes()
    cache.write_bytes(
        {"truncated": data[:-1], "garbage": b"\x07" * 64, "empty": b"", "longer": data + b"\n"}[damage]
    )
    with caplog.at_level(logging.WARNING, logger="knowledge.text.jieba_trie"):
        dictionary = load(source, cache)
    assert dictionary.total == 1200
    assert "rebuilding" in caplog.text
    assert read(cache).total == 1200  # the rebuilt cache replaced the damaged one


def test_an_unwritable_cache_folder_still_gives_a_dictionary(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("算力 300 n\n", encoding="utf-8")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="knowledge.text.jieba_trie"):
        dictionary = load(source, blocked / "words.trie")
    assert dictionary.total == 300
    assert "rebuilt at each start" in caplog.text


def test_a_malformed_dictionary_line_names_the_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("算力 300 n\n上海 many ns\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"dict\.txt:2: .*上海 many ns"):
        build(source)


def test_more_parts_of_speech_than_a_byte_holds_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "dict.txt"
    source.write_text("".join(f"词{i} 1 t{i}\n" for i in range(256)), encoding="utf-8")
    with pytest.raises(ValueError, match="more than 255 parts of speech"):
        build(source)
    source.write_text("".join(f"词{i} 1 t{i}\n" for i in range(255)), encoding="utf-8")
    assert len(build(source).tag_names) == 256
