"""The curated fact table: the schema of `seeds/facts/*.yaml` and its validation.

One YAML file per article. Each file names its article, the people it mentions
and the facts it supports; every fact quotes the article verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from knowledge.errors import DataError
from knowledge.facts import Kind
from knowledge.text import yamlfile

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,80}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonEntry(_Strict):
    """A person named in an article; roles are facts of kind `role`."""

    id: Slug
    name: Text  # simplified Chinese, as the press writes it
    name_en: Text  # pinyin without tones, given name last: "Liu Qingfeng"
    aliases: tuple[Text, ...] = ()  # other spellings; traditional forms are derived automatically
    gender: Literal["f", "m"] | None = None


class FactEntry(_Strict):
    """One curated fact, tied to the verbatim sentence it came from."""

    id: Slug
    kind: Kind
    quote: Text  # verbatim from the article's clean body
    summary_zh: Text
    summary_en: Text
    topics: tuple[str, ...] = Field(min_length=1)  # the glossary's topics
    who: tuple[Slug, ...] = ()  # person ids
    regions: tuple[Text, ...] = ()  # simplified place names: 上海, 北京, 广东, 全国, 美国, …
    orgs: tuple[Text, ...] = ()  # organisations named: 科大讯飞, 中国电信, OpenAI, …
    keywords: tuple[Text, ...] = ()  # extra search terms: abbreviations, synonyms
    # role
    title_zh: str | None = None
    title_en: str | None = None
    # figure
    value: str | None = None  # as written: "1000", "10%", "1.3%", "4000万"
    unit: str | None = None  # "PFLOPS (FP16)", "元/年", "项", …
    measure: str | None = None  # what is measured, in Chinese
    period: str | None = None  # time frame: "2023年底前", "2023-2025", "每年"
    # policy / event
    document: str | None = None  # full title without 《》
    issuer: str | None = None
    date: str | None = None  # ISO prefix: "2023", "2023-10", "2024-05-14"
    count: int | None = None  # number of measures, etc.

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, topics: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        known: Collection[str] = (info.context or {}).get("topics", ())
        unknown = sorted(set(topics) - set(known))
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}; known: {sorted(known)}")
        return topics

    @field_validator("date")
    @classmethod
    def _iso_prefix(cls, date: str | None) -> str | None:
        if date is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            raise ValueError(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return date

    @field_validator("document")
    @classmethod
    def _no_brackets(cls, document: str | None) -> str | None:
        if document is not None and ("《" in document or "》" in document):
            raise ValueError("document titles are stored without 《》")
        return document


class ArticleOverride(_Strict):
    """Metadata a curator established where the capture itself does not state it."""

    title: str | None = None
    outlet: str | None = None
    authors: tuple[Text, ...] | None = None
    date: str | None = None
    date_estimated: bool | None = None
    url: str | None = None
    note: str | None = None  # the evidence for the estimate


class CuratedFile(_Strict):
    """The contents of one `seeds/facts/*.yaml` file."""

    article: Text  # article id: the hex part of the seed file name
    metadata: ArticleOverride = ArticleOverride()
    people: tuple[PersonEntry, ...] = ()
    facts: tuple[FactEntry, ...] = ()


def _entry_label(data: object, loc: tuple[int | str, ...]) -> str:
    """Name the entry a pydantic error location points at: `facts[3] (id=foo)`."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
        section, index = str(loc[0]), loc[1]
        items = data.get(section)
        label = f"{section}[{index}]"
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            entry_id = items[index].get("id")
            if entry_id:
                label += f" (id={entry_id})"
        rest = ".".join(str(part) for part in loc[2:])
        return f"{label}.{rest}" if rest else label
    return ".".join(str(part) for part in loc) or "file"


def parse_curated_file(path: Path, *, topics: Collection[str]) -> CuratedFile:
    """Read and validate one curated file; raise DataError naming file, entry and problem.

    `topics` are the glossary's: a fact's topics must be among them.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, "file", f"cannot be read as UTF-8 text: {exc}") from exc
    try:
        data = yamlfile.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise DataError(path, where, f"is not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise DataError(path, "file", "must be a mapping with `article`, `people` and `facts`")
    try:
        return CuratedFile.model_validate(data, context={"topics": frozenset(topics)})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(path, _entry_label(data, tuple(first["loc"])), first["msg"]) from exc
