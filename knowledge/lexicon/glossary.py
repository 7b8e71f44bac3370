"""The bilingual glossary (`seeds/glossary.yaml`): English terms, regions, and the one list of topics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from knowledge.errors import DataError
from knowledge.text import yamlfile


class _RegionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: list[str]
    pinyin: list[str] = []


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
    region_names: dict[str, str]  # any spelling, lower case -> simplified Chinese name
    region_en: dict[str, str]  # simplified Chinese name -> English name
    topic_labels: dict[str, tuple[str, str]]  # topic -> (zh, en)
    topic_cues: dict[str, str]  # cue word, lower case -> topic
    synonyms: dict[str, tuple[str, ...]]  # word -> every word of its group

    def english_terms(self, normalised: str) -> list[tuple[str, tuple[str, ...]]]:
        """English glossary phrases in a normalised question, longest first, without overlaps."""
        found: list[tuple[str, tuple[str, ...]]] = []
        taken = normalised
        for phrase in sorted(self.terms, key=len, reverse=True):
            pattern = english_pattern(phrase)
            if re.search(pattern, taken):
                found.append((phrase, self.terms[phrase]))
                taken = re.sub(pattern, " ", taken)
        return found

    def regions_in(self, normalised: str) -> list[str]:
        """Regions named in a normalised question, in Chinese or in English/pinyin."""
        found: list[str] = []
        for spelling, region in self.region_names.items():
            if spelling.isascii():
                hit = re.search(rf"(?<![a-z]){re.escape(spelling)}(?![a-z])", normalised) is not None
            else:
                hit = spelling in normalised
            if hit and region not in found:
                found.append(region)
        return found

    def topic_for(self, word: str) -> str | None:
        return self.topic_cues.get(word.lower()) or (word if word in self.topic_labels else None)


def english_pattern(phrase: str) -> str:
    """A regular expression for an English phrase as a whole, its words apart by spaces or hyphens."""
    words = r"[\s-]+".join(re.escape(word) for word in phrase.split())
    return rf"(?<![a-z0-9]){words}(?![a-z0-9])"


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
    return Glossary(
        terms={phrase.lower(): tuple(zh) for phrase, zh in data.terms.items()},
        region_names=region_names,
        region_en={name: entry.en[0] for name, entry in data.regions.items()},
        topic_labels={topic: (entry.zh, entry.en) for topic, entry in data.topics.items()},
        topic_cues=topic_cues,
        synonyms={word: tuple(group) for group in data.synonyms for word in group},
    )
