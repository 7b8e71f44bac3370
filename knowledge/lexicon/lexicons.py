"""The word lists that grow with the corpus (`seeds/lexicon/*.yaml`), loaded and validated.

names.yaml     surnames (single and compound), surname readings, words that are not names
titles.yaml    title words written before a name, with their English
units.yaml     units a figure is written in, with their English (and currency for money)
outlets.yaml   news outlets by the domain that publishes them
tracking.yaml  URL query parameters that only track visitors, everywhere and per site
english.yaml   the words English summaries of extracted facts are written with

A new outlet, title or unit is a change to these files, not to code. A file that does not
validate raises `DataError` naming the file and the entry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from knowledge.errors import DataError
from knowledge.paths import data_seeds_dir
from knowledge.text import yamlfile

__all__ = ["English", "Lexicon", "Unit", "lexicon", "lexicon_dir", "load_lexicon"]

_HAN_RE = re.compile("^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,}$")


def _han_words(words: list[str], *, size: tuple[int, int]) -> list[str]:
    for word in words:
        if not _HAN_RE.match(word) or not size[0] <= len(word) <= size[1]:
            raise ValueError(f"{word!r} is not {size[0]}-{size[1]} Chinese characters")
    return words


class _Surnames(BaseModel):
    model_config = ConfigDict(extra="forbid")
    single: str
    compound: list[str]

    @field_validator("single")
    @classmethod
    def _single(cls, value: str) -> str:
        chars = re.sub(r"\s+", "", value)
        bad = [ch for ch in chars if not _HAN_RE.match(ch)]
        if bad:
            raise ValueError(f"not Chinese characters: {''.join(bad)!r}")
        return chars

    @field_validator("compound")
    @classmethod
    def _compound(cls, value: list[str]) -> list[str]:
        return _han_words(value, size=(2, 2))


class _NamesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    surnames: _Surnames
    readings: dict[str, str]
    non_names: list[str]

    @field_validator("readings")
    @classmethod
    def _readings(cls, value: dict[str, str]) -> dict[str, str]:
        _han_words(list(value), size=(1, 2))
        for surname, reading in value.items():
            if not re.fullmatch(r"[a-z]+", reading):
                raise ValueError(f"{surname}: reading {reading!r} must be plain lower-case pinyin")
        return value

    @field_validator("non_names")
    @classmethod
    def _non_names(cls, value: list[str]) -> list[str]:
        return _han_words(value, size=(2, 4))


class _TitlesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titles: dict[str, str | None]

    @field_validator("titles")
    @classmethod
    def _titles(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        for title, english in value.items():
            if not re.fullmatch(r"[\u4e00-\u9fffA-Z]{2,8}", title):
                raise ValueError(f"{title!r} is not a title word (2-8 Chinese characters or capitals)")
            if english is not None and not english.strip():
                raise ValueError(f"{title}: English is empty (write null for none)")
        return value


class _UnitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: str | None = None
    currency: str | None = None
    after_digits: bool = True


class _UnitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    units: dict[str, _UnitEntry]
    currencies: dict[str, str] = {}


class _OutletsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    domains: dict[str, str]

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: dict[str, str]) -> dict[str, str]:
        for domain, name in value.items():
            if not _DOMAIN_RE.match(domain):
                raise ValueError(f"{domain!r} is not a lower-case domain name")
            if not name.strip():
                raise ValueError(f"{domain}: the outlet name is empty")
        return value


class _TrackingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    everywhere: list[str]
    sites: dict[str, list[str]]


class _EnglishFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    measures: dict[str, str]
    verbs: dict[str, str]
    terms: dict[str, str]
    quiet: str
    upper: list[str]
    domains: list[str] = []

    @field_validator("measures", "verbs", "terms")
    @classmethod
    def _words(cls, value: dict[str, str]) -> dict[str, str]:
        _han_words(list(value), size=(1, 8))
        for word, english in value.items():
            if english.count("{}") > 1 or english != english.strip():
                raise ValueError(f"{word}: {english!r} needs at most one {{}} and no outer spaces")
        return value

    @field_validator("quiet")
    @classmethod
    def _quiet(cls, value: str) -> str:
        _han_words(value.split(), size=(1, 8))
        return value


@dataclass(frozen=True)
class English:
    measures: dict[str, str]  # noun next to a figure -> English, "{}" for the words before it
    verbs: dict[str, str]  # verb before a figure -> the English after the measure
    terms: dict[str, str]  # word -> English where CC-CEDICT's first sense misleads
    quiet: frozenset[str]  # words with no English in a summary
    upper: frozenset[str]  # English words written in capitals
    domains: frozenset[str] = frozenset()  # CC-CEDICT sense labels of this field ("computing")


@dataclass(frozen=True)
class Unit:
    en: str | None  # None: the unit as written; "": a bare count
    currency: str | None
    after_digits: bool


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]  # one character each
    compound_surnames: tuple[str, ...]
    readings: dict[str, str]
    non_names: frozenset[str]
    titles: dict[str, str | None]  # title word -> English (None: no English)
    units: dict[str, Unit]
    currencies: dict[str, str]  # a currency written before the number (新台币200万元) -> its English
    outlet_domains: tuple[tuple[str, str], ...]  # (domain, outlet), longest domain first
    tracking: frozenset[str]
    site_tracking: dict[str, frozenset[str]]
    english: English


def _load(path: Path, model: type[BaseModel]) -> Any:
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        entry = ".".join(map(str, first["loc"])) or "file"
        raise DataError(path, entry, first["msg"]) from exc


def load_lexicon(folder: Path) -> Lexicon:
    """Read and validate every lexicon file in `folder`; DataError names the file and entry."""
    names: _NamesFile = _load(folder / "names.yaml", _NamesFile)
    titles: _TitlesFile = _load(folder / "titles.yaml", _TitlesFile)
    units: _UnitsFile = _load(folder / "units.yaml", _UnitsFile)
    outlets: _OutletsFile = _load(folder / "outlets.yaml", _OutletsFile)
    tracking: _TrackingFile = _load(folder / "tracking.yaml", _TrackingFile)
    english: _EnglishFile = _load(folder / "english.yaml", _EnglishFile)
    return Lexicon(
        surnames=frozenset(names.surnames.single),
        compound_surnames=tuple(dict.fromkeys(names.surnames.compound)),
        readings=dict(names.readings),
        non_names=frozenset(names.non_names),
        titles=dict(titles.titles),
        units={
            unit: Unit(entry.en, entry.currency, entry.after_digits) for unit, entry in units.units.items()
        },
        currencies=dict(units.currencies),
        outlet_domains=tuple(sorted(outlets.domains.items(), key=lambda item: -len(item[0]))),
        tracking=frozenset(param.lower() for param in tracking.everywhere),
        site_tracking={site: frozenset(params) for site, params in tracking.sites.items()},
        english=English(
            measures=dict(english.measures),
            verbs=dict(english.verbs),
            terms=dict(english.terms),
            quiet=frozenset(english.quiet.split()),
            upper=frozenset(word.lower() for word in english.upper),
            domains=frozenset(word.lower() for word in english.domains),
        ),
    )


def lexicon_dir() -> Path:
    """``lexicon/`` in the seeds folder named by ``POLICYBOT_SEEDS_DIR`` when it has one, else in the
    installed (or checkout's) seeds."""
    return data_seeds_dir() / "lexicon"


@functools.cache
def lexicon() -> Lexicon:
    """The project's lexicon, read once."""
    return load_lexicon(lexicon_dir())
