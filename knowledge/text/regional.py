"""Taiwan's and Hong Kong's words read as the mainland's (`seeds/regional_words.yaml`), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.errors import DataError
from knowledge.paths import data_seeds_dir
from knowledge.text import yamlfile

_CJK_ONLY = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True)
class RegionalWords:
    words: dict[str, str]  # regional word (simplified script) -> the mainland word
    pattern: re.Pattern[str] | None  # longest first

    def to_mainland(self, simplified: str) -> str:
        if self.pattern is None:
            return simplified
        return self.pattern.sub(lambda match: self.words[match.group(0)], simplified)


def read_regional_words(path: Path) -> RegionalWords:
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError(path, "file", "must map regional words to mainland words")
    for key, value in data.items():
        if not (isinstance(key, str) and isinstance(value, str) and _CJK_ONLY.fullmatch(key + value)):
            raise DataError(path, str(key), "needs a Chinese word mapped to a Chinese word")
    words = {key: value for key, value in data.items() if key != value}
    keys = sorted(words, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return RegionalWords(words, pattern)


@lru_cache(maxsize=1)
def regional_words() -> RegionalWords:
    return read_regional_words(data_seeds_dir() / "regional_words.yaml")
