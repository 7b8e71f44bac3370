"""Intent cues as data (`seeds/intents.yaml`): what a question asks for, by the words it asks with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from knowledge.errors import DataError
from knowledge.paths import data_seeds_dir
from knowledge.text import yamlfile

QUESTION_TYPES = ("compare", "list", "who_said", "define", "when", "count")
PLACE_CLASSES = ("province", "city", "any")
_COUNTED = re.compile(r"(?:几|多少)([条项个份家位名所款章节批])")  # a measure word right after 几/多少
# 多少台机器人 counts 机器人; 多少年 counts years, which every figure in 年 is
_COUNTED_NOUN = re.compile(
    r"(?:几|多少)(?![年月天日次倍周岁])[条项个份家位名所款章节批台座套]?([\u4e00-\u9fff]{2,})"
)
_PLURAL = re.compile(r"\*s$")  # "which *s": the cue, then a plural within three words


def _lower(cues: list[str]) -> list[str]:
    bad = [cue for cue in cues if cue != cue.lower() or not cue.strip()]
    if bad:
        raise ValueError(f"cues must be lower-case and not blank: {bad[:5]}")
    return cues


class _CuesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intents: dict[str, list[str]]
    number: list[str]
    types: dict[str, list[str]]
    places: dict[str, list[str]]
    roles: dict[str, list[str]]
    interrogatives: list[str] = []
    measures: dict[str, list[str]] = {}

    @field_validator("interrogatives")
    @classmethod
    def _lower_list(cls, value: list[str]) -> list[str]:
        return _lower(value)

    @field_validator("intents", "types", "places", "roles", "measures")
    @classmethod
    def _lower_all(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for cues in value.values():
            _lower(cues)
        return value

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - set(QUESTION_TYPES)
        if unknown:
            raise ValueError(f"unknown question types {sorted(unknown)}; known: {QUESTION_TYPES}")
        return value

    @field_validator("places")
    @classmethod
    def _known_places(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - set(PLACE_CLASSES)
        if unknown:
            raise ValueError(f"unknown place classes {sorted(unknown)}; known: {PLACE_CLASSES}")
        return value


@dataclass(frozen=True)
class Cues:
    intents: dict[str, tuple[str, ...]]  # fact-kind intent -> cues
    number: tuple[str, ...]
    types: dict[str, tuple[str, ...]]  # question type -> cues, in the order they are tried
    places: dict[str, tuple[str, ...]]  # place class -> cues
    roles: dict[str, tuple[str, ...]]  # Chinese role word -> English spellings
    interrogatives: tuple[str, ...] = ()  # 什么/哪个/which: the word after one names the answer's kind
    measures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 家 -> companies, firms, …

    def counted_in(self, normalised: str) -> set[str]:
        """The measure words a count question asks in: 几条 -> 条, "how many companies" -> 家."""
        found = set(_COUNTED.findall(normalised))
        for first, second in re.findall(r"how many ([a-z]+)(?: ([a-z]+))?", normalised):  # (ai) companies
            found.update(word for word, nouns in self.measures.items() if {first, second} & set(nouns))
        return found

    def counted_nouns(self, normalised: str) -> tuple[str, ...]:
        """What a count question counts: "how many robots" -> robots, 多少台机器人 -> the text from
        机器人 on (the caller finds the word it starts with)."""
        found = [m.group(1) for m in _COUNTED_NOUN.finditer(normalised)]
        for first, second in re.findall(r"how many ([a-z]+)(?: ([a-z]+))?", normalised):
            found += [first, second] if second else [first]
        return tuple(found)

    @property
    def words(self) -> frozenset[str]:
        """Every intent cue as a bare word."""
        return frozenset(cue.strip() for cues in self.intents.values() for cue in cues)

    def has(self, cue: str, padded: str) -> bool:
        """Whether a cue occurs in a normalised question padded with spaces."""
        if _PLURAL.search(cue):
            head = re.escape(_PLURAL.sub("", cue).strip())
            return re.search(rf"(?<![a-z]){head}(?: [a-z'-]+){{0,2}}s\b", padded) is not None
        if cue.isascii() and cue.strip() == cue and cue[:1].isalpha():
            return re.search(rf"(?<![a-z]){re.escape(cue)}", padded) is not None
        return cue in padded


def read_cues(path: Path) -> Cues:
    try:
        data = _CuesFile.model_validate(yamlfile.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(path, ".".join(map(str, first["loc"])), first["msg"]) from exc
    return Cues(
        intents={name: tuple(cues) for name, cues in data.intents.items()},
        number=tuple(data.number),
        types={name: tuple(data.types[name]) for name in data.types},
        places={name: tuple(cues) for name, cues in data.places.items()},
        roles={name: tuple(cues) for name, cues in data.roles.items()},
        interrogatives=tuple(data.interrogatives),
        measures={word: tuple(nouns) for word, nouns in data.measures.items()},
    )


@lru_cache(maxsize=1)
def default_cues() -> Cues:
    return read_cues(data_seeds_dir() / "intents.yaml")
