"""jieba's part-of-speech tagger on the shared trie of `knowledge.text.jieba_trie`.

jieba's `POSTokenizer` reads every word's tag from the dictionary file into a dict of its own,
about 40 MiB; `CompactPOSTokenizer` reads them from the trie and tags exactly as jieba does.
Imported only to extract facts: importing `jieba.posseg` loads its tagging model (~12 MiB),
which answering does not need.
"""

from __future__ import annotations

import importlib
import io
import sys
from collections.abc import Mapping
from typing import IO

import jieba

from knowledge.text.jieba_trie import CompactTokenizer, Dictionary, default_dictionary


def _import_posseg() -> None:
    """Import jieba.posseg without the dict of every word's tag (~40 MiB) its global tagger reads.

    The module builds that tagger at import from jieba's global tokenizer's dictionary file;
    for the import it reads an empty one, and its tags come from the trie below.
    """
    if "jieba.posseg" in sys.modules:
        return
    jieba.dt.get_dict_file = io.BytesIO
    try:
        importlib.import_module("jieba.posseg")
    finally:
        del jieba.dt.get_dict_file


_import_posseg()
import jieba.posseg  # noqa: E402


class WordTags:
    """The word → tag mapping jieba's tagger reads: the shared trie, then the added words' tags."""

    def __init__(self, dictionary: Dictionary) -> None:
        self._trie = dictionary.trie
        self._tags = dictionary.tags
        self._names = dictionary.tag_names
        self._added: dict[str, str] = {}

    def get(self, word: str, default: str | None = None) -> str | None:
        tag = self._added.get(word)
        if tag is not None:
            return tag
        key_id = self._trie.get(word)
        index = self._tags[key_id] if key_id is not None else 0
        return self._names[index] if index else default

    def update(self, tags: Mapping[str, str]) -> None:
        self._added.update(tags)


class CompactPOSTokenizer(jieba.posseg.POSTokenizer):  # type: ignore[misc]
    """A `jieba.posseg.POSTokenizer` over a `CompactTokenizer`, its tags read from the trie."""

    word_tag_tab: WordTags

    def __init__(self, tokenizer: CompactTokenizer | None = None) -> None:
        super().__init__(tokenizer or CompactTokenizer())

    def load_word_tag(self, f: IO[bytes]) -> None:
        f.close()  # jieba's dictionary file, opened for this: its tags are in the trie already
        self.word_tag_tab = WordTags(default_dictionary())


jieba.posseg.dt.word_tag_tab = WordTags(default_dictionary())  # jieba's global tagger: see above
