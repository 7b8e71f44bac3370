"""Score reading and extraction on a test corpus with an answer key (`tests/corpus/key.yaml` format).

Each keyed article is read the way ingestion reads it (HTML through trafilatura, text captures,
a feed item's `content:encoded`), its facts are extracted with the people found so far (one
person across articles), and the result is compared with the key:

titles, dates, outlets
    The stated title (or an accepted spelling), the exact ISO date (an estimate never counts),
    the outlet (or an accepted spelling), script folded.
figures
    A keyed value + unit is found when an extracted figure of the article has the same number
    as written and the same unit (folded as in `knowledge.extract.evaluate`).
people
    A keyed person is found when a role fact of the article names them with a similar title.
documents
    A keyed 《》 title is named by some extracted fact of the article.
proposals / statements
    A keyed proposal is found when the person has a proposal fact resembling its gist; a keyed
    problem statement is kept apart when no proposal fact of the person resembles it.
not figures, furniture
    Strings that must never become a figure, or appear in any quote: each one absent is a hit.
precision
    An optional hand-judged sample, as for the seeds, with `article` the corpus path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from knowledge.errors import DataError, KnowledgeError
from knowledge.extract.evaluate import (
    TARGETS,
    Metric,
    _core,
    _fold,
    _Judgement,
    _precision,
    _similar_titles,
    _unit,
    read_fixture,
)
from knowledge.extract.pipeline import extract_facts
from knowledge.facts import ArticleRecord, FactRecord, PersonRecord
from knowledge.ingest.feeds import article_from_entry, parse_feed
from knowledge.ingest.parse import parse_bytes
from knowledge.lexicon.glossary import Glossary
from knowledge.sources.parsed import ParsedArticle
from knowledge.sources.seeds import article_record
from knowledge.text import yamlfile

__all__ = ["SPLITS", "CorpusScore", "corpus_splits", "default_corpus_fixture", "read_key", "score_corpus"]
_LABELS = {
    "titles": "titles",
    "dates": "dates (exact)",
    "outlets": "outlets",
    "figures": "figures (value+unit)",
    "people": "people (name+role)",
    "documents": "policy-document titles",
    "proposals": "proposals by person",
    "statements": "statements not proposals",
    "not_figures": "no junk figures",
    "furniture": "no furniture quoted",
    "precision": "precision (hand-judged)",
}
_TARGETS = {
    **TARGETS,
    "titles": 1.0,
    "dates": 1.0,
    "outlets": 1.0,
    "proposals": 0.80,
    "statements": 1.0,
    "not_figures": 1.0,
    "furniture": 1.0,
}
_GIST_MATCH = 60  # rapidfuzz partial ratio of a gist against a fact's quote and summary


@dataclass(frozen=True)
class CorpusScore:
    split: str
    articles: int
    metrics: list[Metric]
    extracted: int
    errors: tuple[str, ...] = ()
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def all_met(self) -> bool:
        return not self.errors and all(metric.met or metric.total == 0 for metric in self.metrics)

    def table(self, *, verbose: bool = False) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.by_kind.items()))
        lines = [
            f"split {self.split}: {self.articles} articles, {self.extracted} facts extracted ({kinds})",
            f"{'metric':<26}{'found':>9}{'score':>9}{'target':>9}  ok",
        ]
        for metric in self.metrics:
            ok = "yes" if metric.met else ("-" if metric.total == 0 else "NO")
            lines.append(
                f"{_LABELS.get(metric.name, metric.name):<26}{f'{metric.hit}/{metric.total}':>9}"
                f"{metric.value:>9.1%}{metric.target:>9.0%}  {ok}"
            )
        lines += [f"  error: {error}" for error in self.errors]
        if verbose:
            for metric in self.metrics:
                lines += [f"  miss {metric.name}: {miss}" for miss in metric.misses]
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Reading the key and the articles


SPLITS = ("dev", "holdout")  # every corpus has these; more held-out sets are folders of their own
_SPLIT_NAME = re.compile(r"[a-z][a-z0-9_]*")


def corpus_splits(corpus: Path) -> tuple[str, ...]:
    """dev, holdout, then any other split folder of the corpus (holdout2, …) by name."""
    folders = sorted(p.name for p in corpus.iterdir() if p.is_dir()) if corpus.is_dir() else []
    return SPLITS + tuple(name for name in folders if _SPLIT_NAME.fullmatch(name) and name not in SPLITS)


def read_key(corpus: Path) -> dict[str, dict[str, Any]]:
    """The answer key: corpus path -> entry (a mapping with at least `split`)."""
    path = corpus / "key.yaml"
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError(path, "file", "must map article paths to entries")
    splits = corpus_splits(corpus)
    for name, entry in data.items():
        if not isinstance(entry, dict) or entry.get("split") not in splits:
            raise DataError(path, str(name), f"needs `split`, one of {', '.join(splits)}")
        if not isinstance(entry.get("title"), str):
            raise DataError(path, str(name), "needs a `title`")
    return {str(name): entry for name, entry in data.items()}


def _read_article(corpus: Path, name: str) -> ParsedArticle:
    file_name, _, guid = name.partition("#")
    path = corpus / file_name
    data = path.read_bytes()
    if not guid:
        return parse_bytes(data, name=path.name)
    _, entries = parse_feed(data, url=path.resolve().as_uri())
    for entry in entries:
        if entry.guid == guid:
            parsed = article_from_entry(entry, name)
            if parsed is None:
                raise DataError(path, guid, "the feed item carries no article text")
            return parsed
    raise DataError(path, guid, "no feed item has this guid")


# ---------------------------------------------------------------------------
# Scoring


def _strings(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _gists(item: dict[str, Any]) -> list[str]:
    """A proposal's gist, and the further gists a key may write as extra keys."""
    gists = [str(item.get("gist", ""))]
    gists += [str(key) for key, value in item.items() if key not in ("person", "gist") and value is None]
    return [gist for gist in gists if gist]


def _amount(value: str, unit: str) -> tuple[str, str]:
    """(number with its magnitude, unit) of a figure however it splits them: ``1`` + ``亿元`` and
    ``1亿`` + ``元`` are both (``1亿``, ``元``); qualifiers (``余``, ``以上``) fold away."""
    written = _fold(value + unit)
    core = _core(written)
    rest = re.sub(r"^(?:余|多)", "", written[len(core) :])
    return core, _unit(rest)


def _resembles(gist: str, fact: FactRecord) -> bool:
    folded = _fold(gist)
    return any(
        fuzz.partial_ratio(folded, _fold(text)) >= _GIST_MATCH for text in (fact.quote, fact.summary_zh)
    )


@dataclass
class _Tally:
    hits: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def count(self, metric: str, ok: bool, miss: str) -> None:
        self.totals[metric] = self.totals.get(metric, 0) + 1
        self.hits[metric] = self.hits.get(metric, 0) + int(ok)
        if not ok:
            self.misses.setdefault(metric, []).append(miss)

    def metric(self, name: str) -> Metric:
        return Metric(
            name,
            self.hits.get(name, 0),
            self.totals.get(name, 0),
            _TARGETS[name],
            tuple(self.misses.get(name, [])),
        )


def _score_article(
    tally: _Tally,
    name: str,
    entry: dict[str, Any],
    article: ArticleRecord,
    facts: Sequence[FactRecord],
    names: dict[str, str],
) -> None:
    short = name.split("/")[-1][:14]
    titles = {_fold(entry["title"]), *map(_fold, _strings(entry.get("title_accept")))}
    tally.count("titles", _fold(article.title) in titles, f"{short} {article.title!r}")
    date_ok = article.published == str(entry.get("date")) and not article.date_estimated
    shown = f"{article.published}{' (estimated)' if article.date_estimated else ''}"
    tally.count("dates", date_ok, f"{short} {shown} ≠ {entry.get('date')}")
    if entry.get("outlet"):
        outlets = {_fold(str(entry["outlet"])), *map(_fold, _strings(entry.get("outlet_accept")))}
        ok = article.outlet is not None and _fold(article.outlet) in outlets
        tally.count("outlets", ok, f"{short} {article.outlet!r} ≠ {entry['outlet']}")

    figures = [fact for fact in facts if fact.kind == "figure"]
    have = {_amount(str(f.details.get("value", "")), str(f.details.get("unit", ""))) for f in figures}
    for item in entry.get("figures") or []:
        ok = _amount(str(item["value"]), str(item["unit"])) in have
        tally.count("figures", ok, f"{short} {item['value']}{item['unit']} ({item.get('about', '')})")
    for item in entry.get("people") or []:
        wanted = {_fold(str(item["name"])), _fold(str(item.get("name_simplified", item["name"])))}
        ok = any(
            fact.kind == "role"
            and fact.people
            and _fold(names.get(fact.people[0], "")) in wanted
            and _similar_titles(str(fact.details.get("title_zh", "")), str(item.get("role", "")))
            for fact in facts
        )
        tally.count("people", ok, f"{short} {item['name']} ({item.get('role', '')})")
    documents = {_fold(str(fact.details["document"])) for fact in facts if fact.details.get("document")}
    for title in _strings(entry.get("documents")):
        tally.count("documents", _fold(title) in documents, f"{short} 《{title}》")

    def said(person: str, kind: str) -> list[FactRecord]:
        folded = _fold(person)
        return [
            fact
            for fact in facts
            if fact.kind == kind and any(_fold(names.get(pid, "")) == folded for pid in fact.people)
        ]

    for item in entry.get("proposals") or []:
        mine = said(str(item["person"]), "proposal")
        for gist in _gists(item):
            ok = any(_resembles(gist, fact) for fact in mine)
            tally.count("proposals", ok, f"{short} {item['person']}: {gist}")
    for item in entry.get("statements") or []:
        mine = said(str(item["person"]), "proposal")
        for gist in _gists(item):
            wrong = [fact for fact in mine if _resembles(gist, fact)]
            tally.count("statements", not wrong, f"{short} {item['person']}: {gist} (stored as a proposal)")

    key_figures = {_fold(f"{item['value']}{item['unit']}") for item in entry.get("figures") or []}
    for junk in _strings(entry.get("not_figures")):
        folded = _fold(junk)
        bad = [
            fact
            for fact in figures
            if (written := _fold(f"{fact.details.get('value', '')}{fact.details.get('unit', '')}")) == folded
            or _fold(str(fact.details.get("value", ""))) == folded
            or (written.startswith(folded) and written not in key_figures)
        ]
        tally.count("not_figures", not bad, f"{short} {junk}")
    quotes = [_fold(fact.quote) for fact in facts]
    for junk in _strings(entry.get("furniture")):
        folded = _fold(junk)
        tally.count("furniture", not any(folded in quote for quote in quotes), f"{short} {junk}")


def score_corpus(
    corpus: Path,
    glossary: Glossary,
    *,
    split: str,
    precision_fixture: Path | None = None,
) -> CorpusScore:
    """Read, extract and score the keyed articles of one split (`dev`, `holdout`)."""
    key = read_key(corpus)
    tally = _Tally()
    people: dict[str, PersonRecord] = {}
    extracted: list[FactRecord] = []
    errors: list[str] = []
    articles = 0
    by_name: dict[str, str] = {}  # corpus path -> article id
    for name, entry in key.items():
        if entry["split"] != split:
            continue
        articles += 1
        try:
            parsed = _read_article(corpus, name)
        except (OSError, KnowledgeError) as exc:  # a page that cannot be read is a scored failure
            errors.append(f"{name}: {exc}")
            continue
        record = article_record(parsed, article_id=None, origin="file", source_name=name)
        facts, found = extract_facts(record, people=people, glossary=glossary)
        people.update({person.id: person for person in found})
        names = {person_id: person.name for person_id, person in people.items()}
        _score_article(tally, name, entry, record, facts, names)
        extracted.extend(facts)
        by_name[name] = record.id
    metrics = [tally.metric(metric) for metric in _LABELS if metric != "precision"]
    if precision_fixture is not None:
        judgements = [
            _Judgement(by_name.get(j.article, j.article), j.kind, j.quote, j.value, j.correct)
            for j in read_fixture(precision_fixture)
            if j.article in by_name
        ]
        metrics.append(_precision(judgements, extracted)[0])
    by_kind: dict[str, int] = {}
    for fact in extracted:
        by_kind[fact.kind] = by_kind.get(fact.kind, 0) + 1
    return CorpusScore(split, articles, metrics, len(extracted), tuple(errors), by_kind)


def default_corpus_fixture(corpus: Path) -> Path | None:
    """A hand-judged precision sample kept with the corpus (`precision.yaml`), if there is one."""
    path = corpus / "precision.yaml"
    return path if path.is_file() else None
