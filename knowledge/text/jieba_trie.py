"""jieba's tokenizer on a compact copy of its dictionary.

jieba keeps its 350,000 words and every prefix of them in a Python dict: about 60 MiB per
tokenizer. `CompactTokenizer` reads the same words and frequencies from a marisa trie (about
4 MB, shared by every tokenizer in the process) and keeps only the words added at run time in a
dict, so it cuts text exactly as jieba does. The trie also holds each word's part of speech, for
`knowledge.text.jieba_pos`. It is built from jieba's own dictionary once and cached in the user's
cache folder.
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from threading import Lock
from typing import NamedTuple

import jieba
import marisa_trie

from knowledge.text import cached

log = logging.getLogger(__name__)

# Total frequency, lengths of the trie's bytes and of the tag names; then the trie, frequencies
# (4 bytes a key), tags (1 byte a key) and the tag names, one per line.
_HEADER = struct.Struct("<QQQ")
_FREQ_TYPE = "I"
_FORMAT = 2  # of the cache file; a change of it or of build() takes a new number


class Dictionary(NamedTuple):
    """Every word of jieba's dictionary and every prefix of one; a prefix-only key has frequency 0."""

    trie: marisa_trie.Trie
    freqs: array[int]  # indexed by the trie's key id
    total: int
    tags: bytes  # a word's part of speech by key id, an index into tag_names (0: none)
    tag_names: tuple[str, ...]  # tag_names[0] is "", for no tag


class Frequencies:
    """The word → frequency mapping jieba's tokenizer reads: the shared trie, then added words."""

    def __init__(self, dictionary: Dictionary) -> None:
        self._trie = dictionary.trie
        self._freqs = dictionary.freqs
        self._added: dict[str, int] = {}

    def __contains__(self, word: object) -> bool:
        return word in self._added or word in self._trie

    def get(self, word: str, default: int | None = None) -> int | None:
        added = self._added.get(word)
        if added is not None:
            return added
        key_id = self._trie.get(word)
        return default if key_id is None else self._freqs[key_id]

    def __getitem__(self, word: str) -> int:
        freq = self.get(word)
        if freq is None:
            raise KeyError(word)
        return freq

    def ends(self, sentence: str, start: int) -> list[int]:
        """Where the words (frequency above 0) that begin at `start` end, as jieba's loop finds them."""
        added, trie, freqs = self._added, self._trie, self._freqs
        found: list[int] = []
        for end in range(start, len(sentence)):
            word = sentence[start : end + 1]
            freq = added.get(word)
            if freq is None:
                key_id = trie.get(word)
                if key_id is None:
                    break
                freq = freqs[key_id]
            if freq:
                found.append(end)
        return found

    def __setitem__(self, word: str, freq: int) -> None:
        self._added[word] = freq


class CompactTokenizer(jieba.Tokenizer):  # type: ignore[misc]
    """A `jieba.Tokenizer` whose dictionary is the shared trie (jieba's default dictionary only)."""

    initialized: bool
    FREQ: Frequencies
    total: int

    def initialize(self, dictionary: str | None = None) -> None:
        if dictionary is not None:
            raise ValueError("CompactTokenizer reads jieba's default dictionary only")
        if self.initialized:
            return
        shared = default_dictionary()
        self.FREQ = Frequencies(shared)
        self.total = shared.total
        self.initialized = True

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:
        """jieba's word graph: for each start, the ends of the dictionary words found there."""
        self.check_initialized()
        return {start: self.FREQ.ends(sentence, start) or [start] for start in range(len(sentence))}


_lock = Lock()


def default_dictionary() -> Dictionary:
    with _lock:
        return _load_default()


@lru_cache(maxsize=1)
def _load_default() -> Dictionary:
    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = source.stat()
    key = f"{_FORMAT}:{jieba.__version__}:{version('marisa-trie')}:{stat.st_size}:{stat.st_mtime_ns}"
    cache = cached.cache_path("jieba", key)
    dictionary = load(source, cache)
    cached.remove_unused(cache)
    return dictionary


def load(source: Path, cache: Path) -> Dictionary:
    """The cached trie of a dictionary file, built and cached first when the cache is missing or bad.

    The build runs in a child process: building takes about 60 MiB more than the trie, and a
    long-running process would keep much of that for good.
    """
    return cached.load_or_build(
        cache,
        read=read,
        build=lambda: build(source),
        module="knowledge.text.jieba_trie",
        source=source,
        what="jieba's trie",
    )


def build(source: Path) -> Dictionary:
    """The trie of a jieba dictionary file ("word frequency [tag]" per line), every prefix included."""
    entries = list(_entries(source))
    trie = marisa_trie.Trie(word[:end] for word, _, _ in entries for end in range(1, len(word) + 1))
    freqs = array(_FREQ_TYPE, bytes(array(_FREQ_TYPE).itemsize * len(trie)))  # a prefix only: 0
    tags = bytearray(len(trie))
    tag_ids: dict[str, int] = {"": 0}
    total = 0
    for word, freq, tag in entries:  # a repeated word: its last line counts, as in jieba
        key_id = trie[word]
        freqs[key_id] = freq
        index = tag_ids.setdefault(tag, len(tag_ids))
        if index > 255:
            raise ValueError(f"{source}: more than 255 parts of speech (one byte a word)")
        tags[key_id] = index
        total += freq  # as jieba counts it, a repeated word included
    return Dictionary(trie, freqs, total, bytes(tags), tuple(tag_ids))


def _entries(source: Path) -> Iterator[tuple[str, int, str]]:
    """(word, frequency, tag or "") of each line of a jieba dictionary file ("word frequency [tag]")."""
    with source.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            parts = line.split()
            if not parts:
                continue
            try:
                yield parts[0], int(parts[1]), parts[2] if len(parts) > 2 else ""
            except (IndexError, ValueError):
                raise ValueError(f"{source}:{number}: not 'word frequency': {line.strip()!r}") from None


def write(dictionary: Dictionary, path: Path) -> None:
    """Write atomically: a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    trie_bytes = dictionary.trie.tobytes()
    names = "\n".join(dictionary.tag_names[1:]).encode("utf-8")
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_HEADER.pack(dictionary.total, len(trie_bytes), len(names)))
            out.write(trie_bytes)
            out.write(dictionary.freqs.tobytes())
            out.write(dictionary.tags)
            out.write(names)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read(path: Path) -> Dictionary:
    data = path.read_bytes()
    if len(data) < _HEADER.size:
        raise ValueError("too short")
    total, trie_length, names_length = _HEADER.unpack_from(data)
    trie = marisa_trie.Trie().frombytes(data[_HEADER.size : _HEADER.size + trie_length])
    size = len(trie)
    freqs = array(_FREQ_TYPE)
    tags_at = _HEADER.size + trie_length + size * freqs.itemsize
    if len(data) != tags_at + size + names_length:
        raise ValueError(f"{len(data)} bytes, not the {tags_at + size + names_length} its header says")
    freqs.frombytes(data[_HEADER.size + trie_length : tags_at])
    tags = data[tags_at : tags_at + size]
    names = data[tags_at + size :].decode("utf-8")
    tag_names = ("", *names.split("\n")) if names else ("",)
    if max(tags, default=0) >= len(tag_names):
        raise ValueError(f"a tag past the {len(tag_names) - 1} parts of speech named")
    return Dictionary(trie, freqs, total, tags, tag_names)


if __name__ == "__main__":
    if len(sys.argv) == 3:  # python -m knowledge.text.jieba_trie DICTIONARY CACHE: what load() runs
        write(build(Path(sys.argv[1])), Path(sys.argv[2]))
    else:  # python -m knowledge.text.jieba_trie: build the cache at install time
        words = len(default_dictionary().trie)
        print(f"jieba's dictionary: {words:,} words and prefixes, cached in {cached.cache_dir()}")
