"""Stopwords as data (`seeds/stopwords.yaml`), validated and loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from knowledge.errors import DataError
from knowledge.paths import data_seeds_dir
from knowledge.text import yamlfile


class _StopwordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str

    @field_validator("en")
    @classmethod
    def _lower_latin(cls, value: str) -> str:
        bad = [word for word in value.split() if word != word.lower() or not word.isascii()]
        if bad:
            raise ValueError(f"English stopwords must be lower-case ASCII: {bad[:5]}")
        return value

    @field_validator("zh")
    @classmethod
    def _chinese(cls, value: str) -> str:
        bad = [word for word in value.split() if word.isascii()]
        if bad:
            raise ValueError(f"Chinese stopwords must be Chinese: {bad[:5]}")
        return value


@dataclass(frozen=True)
class Stopwords:
    zh: frozenset[str]
    en: frozenset[str]


def read_stopwords(path: Path) -> Stopwords:
    try:
        data = _StopwordsFile.model_validate(yamlfile.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(path, ".".join(map(str, first["loc"])), first["msg"]) from exc
    return Stopwords(zh=frozenset(data.zh.split()), en=frozenset(data.en.split()))


@lru_cache(maxsize=1)
def stopwords() -> Stopwords:
    """The project's stopwords (the index and the questions must share one list)."""
    return read_stopwords(data_seeds_dir() / "stopwords.yaml")
