"""The bilingual glossary (`seeds/glossary.yaml`): English terms, regions, and the one list of topics.

Its regions are English aliases of places and the regions that are no administrative division
(粤港澳大湾区, 美国); every division of China comes from the gazetteer (`knowledge.lexicon.places`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from knowledge.errors import DataError
from knowledge.lexicon.places import Gazetteer, load_gazetteer
from knowledge.text import yamlfile


class _RegionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: list[str]
    pinyin: list[str] = []
    zh: list[str] = []  # other Chinese spellings (大湾区)


class _TopicEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str
    cues: list[str]


class _GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: dict[str, list[str]]
    regions: dict[str, _RegionEntry]
    topics: dict[str, _TopicEntry]
    synonyms: list[list[str]] = []


@dataclass(frozen=True)
class Glossary:
    terms: dict[str, tuple[str, ...]]  # lower-case English phrase -> Chinese terms
    region_names: dict[str, str]  # the glossary's spellings, lower case -> simplified Chinese name
    region_en: dict[str, str]  # simplified Chinese name -> English name (every place of the gazetteer)
    topic_labels: dict[str, tuple[str, str]]  # topic -> (zh, en)
    topic_cues: dict[str, str]  # cue word, lower case -> topic
    synonyms: dict[str, tuple[str, ...]]  # word -> every word of its group
    places: Gazetteer

    def english_terms(self, normalised: str) -> list[tuple[str, tuple[str, ...]]]:
        """English glossary phrases in a normalised question as written there (inflected: "model
        vouchers" is the glossary's "model voucher", "issued" its "issue"), longest first, no overlaps."""
        found: list[tuple[str, tuple[str, ...]]] = []
        taken = normalised
        for phrase in sorted(self.terms, key=len, reverse=True):
            pattern = english_pattern(phrase, plural=True)
            match = re.search(pattern, taken)
            if match:
                found.append((match.group(0), self.terms[phrase]))
                taken = re.sub(pattern, " ", taken)
        return found

    def place_mentions(self, normalised: str) -> list[tuple[str, tuple[str, ...]]]:
        """(spelling, places) named in a normalised question, in Chinese or in English/pinyin; an
        English or pinyin spelling may name several places ("Suzhou": 苏州, 宿州, 肃州)."""
        found: dict[str, list[str]] = {}
        for start, end, key in self.places.find(normalised):
            found.setdefault(normalised[start:end], []).append(key)
        for spelling, key in self.places.find_latin(normalised):
            keys = found.setdefault(spelling, [])
            if key not in keys:
                keys.append(key)
        return [(spelling, tuple(keys)) for spelling, keys in found.items()]

    def regions_in(self, normalised: str) -> list[str]:
        """Places named in a normalised question, in Chinese or in English/pinyin."""
        return list(dict.fromkeys(key for _, keys in self.place_mentions(normalised) for key in keys))

    def topic_for(self, word: str) -> str | None:
        return self.topic_cues.get(word.lower()) or (word if word in self.topic_labels else None)


@lru_cache(maxsize=4096)
def english_pattern(phrase: str, *, plural: bool = False) -> str:
    """A regular expression for an English phrase as a whole, its words apart by spaces or hyphens;
    with `plural`, its last word may take -s, -es, -d, -ed or -ing."""
    words = r"[\s-]+".join(re.escape(word) for word in phrase.split())
    last = phrase.split()[-1] if phrase.split() else ""
    # caps, issued, offsetting; a short word only -s ("aid" is no "ai", "feed" no "fee")
    ending = ("(?:e?s|e?d|ing)?" if len(last) >= 4 else "(?:e?s)?") if plural else ""
    return rf"(?<![a-z0-9]){words}{ending}(?![a-z0-9])"


def load_glossary(path: Path) -> Glossary:
    try:
        data = _GlossaryFile.model_validate(yamlfile.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(path, ".".join(map(str, first["loc"])), first["msg"]) from exc
    region_names: dict[str, str] = {}
    for name, entry in data.regions.items():
        for spelling in (name, *entry.en, *entry.pinyin):
            region_names[spelling.lower()] = name
    topic_cues = {cue.lower(): topic for topic, entry in data.topics.items() for cue in entry.cues}
    places = load_gazetteer(
        {name: [*entry.en, *entry.pinyin] for name, entry in data.regions.items()},
        {name: entry.zh for name, entry in data.regions.items() if entry.zh},
    )
    region_en = {key: place.english for key, place in places.places.items()}
    return Glossary(
        terms={phrase.lower(): tuple(zh) for phrase, zh in data.terms.items()},
        region_names=region_names,
        region_en=region_en | {name: entry.en[0] for name, entry in data.regions.items()},
        topic_labels={topic: (entry.zh, entry.en) for topic, entry in data.topics.items()},
        topic_cues=topic_cues,
        synonyms={word: tuple(group) for group in data.synonyms for word in group},
        places=places,
    )
