"""Find the people a question names: exact, homophone or one-character typos, pinyin and fuzzy spellings."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.text.forms import normalise
from knowledge.text.pinyin import combine, spellings, syllable_choices

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_RUN = re.compile(r"[a-z]+(?:[-' ][a-z]+)*")


@dataclass(frozen=True)
class NamedPerson:
    id: str
    name: str  # simplified
    name_en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonMatch:
    person_id: str
    span: str  # the text in the question that named the person
    how: str  # exact | homophone | typo | pinyin | fuzzy
    score: float


def _latin_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


class PeopleMatcher:
    """Built once per knowledge snapshot; `find` costs a few dictionary look-ups per question."""

    def __init__(self, people: Iterable[NamedPerson], *, reserved_latin: Iterable[str] = ()) -> None:
        self._exact: dict[str, str] = {}
        self._pinyin: dict[tuple[str, ...], set[str]] = {}
        self._masked: dict[str, set[str]] = {}
        self._latin: dict[str, str] = {}
        self._reserved = {_latin_key(word) for word in reserved_latin}
        display: dict[str, None] = {}  # names as given, each once, for look_alike
        for person in people:
            display.setdefault(person.name)
            names = {normalise(person.name), *(normalise(alias) for alias in person.aliases)}
            for name in names:
                self._exact.setdefault(name, person.id)
                if not _CJK_RUN.fullmatch(name):
                    self._latin.setdefault(_latin_key(name), person.id)
                    continue
                if len(name) >= 3:
                    for spelling in spellings(name):
                        self._pinyin.setdefault(spelling, set()).add(person.id)
                    for i in range(1, len(name)):  # the surname is never the typo we tolerate
                        self._masked.setdefault(name[:i] + "*" + name[i + 1 :], set()).add(person.id)
            parts = person.name_en.lower().split()
            for key in {_latin_key(person.name_en), _latin_key("".join(parts[1:] + parts[:1]))}:
                self._latin.setdefault(key, person.id)
        self._latin_keys = list(self._latin)
        self._names = list(display)
        self._by_char: dict[str, list[int]] = defaultdict(list)
        for position, name in enumerate(self._names):
            for ch in set(name):
                self._by_char[ch].append(position)
        self._lengths = sorted({len(name) for name in self._exact if _CJK_RUN.fullmatch(name)}, reverse=True)

    def find(self, normalised: str) -> list[PersonMatch]:
        """People named in a normalised question, best evidence first, one match per person."""
        found: dict[str, PersonMatch] = {}

        def keep(match: PersonMatch) -> None:
            if match.person_id not in found or found[match.person_id].score < match.score:
                found[match.person_id] = match

        for name, person_id in self._exact.items():
            if name in normalised:
                keep(PersonMatch(person_id, name, "exact", 1.0))
        for run in _CJK_RUN.findall(normalised):
            self._find_cjk(run, keep)
        for run in _LATIN_RUN.findall(normalised):
            self._find_latin(run, keep)
        return sorted(found.values(), key=lambda match: -match.score)

    def _find_cjk(self, run: str, keep: Callable[[PersonMatch], None]) -> None:
        choices = syllable_choices(run)
        if len(choices) != len(run):
            return
        for length in self._lengths:
            if length < 3:
                continue
            for start in range(len(run) - length + 1):
                window = run[start : start + length]
                if window in self._exact:
                    continue
                readings = combine(choices[start : start + length])
                homophones = {i for reading in readings for i in self._pinyin.get(reading, ())}
                if len(homophones) == 1:
                    keep(PersonMatch(next(iter(homophones)), window, "homophone", 0.95))
                    continue
                for i in range(1, length):
                    ids = self._masked.get(window[:i] + "*" + window[i + 1 :])
                    if ids and len(ids) == 1:
                        keep(PersonMatch(next(iter(ids)), window, "typo", 0.8))

    def _find_latin(self, run: str, keep: Callable[[PersonMatch], None]) -> None:
        words = [word for word in re.split(r"[-' ]", run) if word]
        fuzzy: list[tuple[str, str]] = []  # (span, key) of the spans no name spells exactly
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                span = " ".join(words[start : start + size])
                key = _latin_key(span)
                if len(key) < 5 or key in self._reserved:
                    continue
                if key in self._latin:
                    keep(PersonMatch(self._latin[key], span, "pinyin", 0.95))
                elif size > 1:
                    fuzzy.append((span, key))
        if not fuzzy or not self._latin_keys:
            return
        # One call for every span: cdist compares short strings several at a time (SIMD), about
        # ten times faster than a Python loop of extractOne; argmax keeps extractOne's first best.
        scores = process.cdist(
            [key for _, key in fuzzy], self._latin_keys, scorer=fuzz.ratio, score_cutoff=82, dtype=np.float32
        )
        for (span, _), row in zip(fuzzy, scores, strict=True):
            best = int(row.argmax())
            if row[best] > 0:
                person_id = self._latin[self._latin_keys[best]]
                keep(PersonMatch(person_id, span, "fuzzy", 0.6 + float(row[best]) / 500))

    def look_alike(self, text: str, cutoff: float = 60) -> str | None:
        """The person's name (as given) most like `text` by rapidfuzz's WRatio, if any reaches `cutoff`.

        Only names sharing a character with `text` are scored: WRatio is 0 for all others.
        """
        candidates = sorted({i for ch in set(text) for i in self._by_char.get(ch, ())})
        hit = process.extractOne(
            text, [self._names[i] for i in candidates], scorer=fuzz.WRatio, score_cutoff=cutoff
        )
        return hit[0] if hit is not None else None
