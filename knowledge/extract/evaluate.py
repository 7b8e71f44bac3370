"""Score the automatic extractor on the seeds, against the curated table.

The five seed articles are read as if they were new: no known-people table, no curated
quotes to skip. The extracted facts are compared with the curated ones:

figures
    A curated figure is found when an extracted figure comes from the same sentence (one
    quote contains the other) with the same number as written (``1500亿``, ``1-2``, ``两三``,
    ``千万``) and a compatible unit: the same unit after folding (``元/年`` and ``亿元`` are
    ``元``, ``PFLOPS (FP16)`` is ``PFLOPS``, ``个以上`` is ``个``), or a unit the text does not
    write next to the number (the curator's ``人`` in ``千万级大学毕业生``).
documents
    A curated document title (the `document` of any curated fact) is found when some
    extracted fact of the same article names the same title (script, width, spacing and
    dash style folded).
people
    A curated role (person + title) is found when an extracted role of the same article names
    the same person with a title that contains, or is contained in, the curated one (or is
    at least 80% similar).
precision
    Judged by hand: a fixture lists extracted facts by (article, kind, quote prefix[, value])
    with `correct: true|false`; precision is the share judged correct among the listed facts
    the extractor still produces. Entries that match no extracted fact are reported as stale.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from knowledge.errors import DataError
from knowledge.extract.pipeline import extract_facts
from knowledge.facts import FactRecord, Kind
from knowledge.lexicon.glossary import load_glossary
from knowledge.progress import SILENT, Progress
from knowledge.sources.seeds import read_seeds
from knowledge.text import yamlfile
from knowledge.text.forms import to_simplified

__all__ = ["TARGETS", "ExtractScore", "Metric", "default_fixture", "fact_key", "score_extractor"]

TARGETS = {"documents": 0.90, "figures": 0.85, "people": 0.90, "precision": 0.80}


@dataclass(frozen=True)
class Metric:
    name: str
    hit: int
    total: int
    target: float
    misses: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 0.0

    @property
    def met(self) -> bool:
        return self.total > 0 and self.value >= self.target


@dataclass(frozen=True)
class ExtractScore:
    documents: Metric
    figures: Metric
    people: Metric
    precision: Metric | None
    extracted: int
    by_kind: dict[str, int] = field(default_factory=dict)
    stale: tuple[str, ...] = ()  # fixture entries that no extracted fact matches

    @property
    def metrics(self) -> list[Metric]:
        return [m for m in (self.documents, self.figures, self.people, self.precision) if m is not None]

    @property
    def all_met(self) -> bool:
        return all(metric.met for metric in self.metrics) and self.precision is not None

    def table(self, *, verbose: bool = False) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.by_kind.items()))
        lines = [
            f"extracted facts: {self.extracted} ({kinds}); seed articles read as new (no known people)",
            f"{'metric':<26}{'found':>9}{'score':>9}{'target':>9}  ok",
        ]
        labels = {
            "documents": "policy-document titles",
            "figures": "figures (value+unit)",
            "people": "people (name+role)",
            "precision": "precision (hand-judged)",
        }
        for metric in self.metrics:
            lines.append(
                f"{labels.get(metric.name, metric.name):<26}{f'{metric.hit}/{metric.total}':>9}"
                f"{metric.value:>9.1%}{metric.target:>9.0%}  {'yes' if metric.met else 'NO'}"
            )
        if self.precision is None:
            lines.append("precision: no fixture given")
        if self.stale:
            lines.append(f"stale fixture entries (no matching extracted fact): {len(self.stale)}")
        if verbose:
            for metric in self.metrics:
                for miss in metric.misses:
                    lines.append(f"  miss {metric.name}: {miss}")
            for entry in self.stale:
                lines.append(f"  stale: {entry}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Normalisation


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", to_simplified(text))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[—–―‐\-~～]+", "-", text)


_CORE_RE = re.compile(
    r"^(?:数?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?[十百千万亿]*|[零〇一二两三四五六七八九十百千万亿数几]+)"
)


def _core(value: str) -> str:
    folded = _fold(value).split("、")[0]
    match = _CORE_RE.match(folded)
    return match.group(0) if match else folded


def _unit(unit: str) -> str:
    folded = _fold(unit)
    folded = re.sub(r"\([^()]*\)", "", folded)
    folded = folded.split("/")[0]
    folded = re.sub(r"(?:以上|以下|以内|左右|内)$", "", folded)
    folded = re.sub(r"^[十百千万亿]+", "", folded)
    return re.sub(r"级|量$", "", folded)


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a


def fact_key(fact: FactRecord) -> str:
    """What tells facts of one kind in one sentence apart (used by the precision fixture): the
    figure's value+unit, the document of a policy (or of a proposal that names one), the
    event's date, the role's title, else the speaker."""
    details = fact.details
    if fact.kind == Kind.FIGURE:
        return f"{details.get('value', '')}{details.get('unit', '')}"
    if fact.kind == Kind.POLICY or (fact.kind == Kind.PROPOSAL and details.get("document")):
        return str(details.get("document", ""))
    if fact.kind == Kind.EVENT:
        return str(details.get("date", ""))
    if fact.kind == Kind.ROLE:
        return str(details.get("title_zh", ""))
    return str(details.get("speaker", ""))


# ---------------------------------------------------------------------------
# Scoring


def _figures(curated: Iterable[FactRecord], extracted: Sequence[FactRecord]) -> Metric:
    hit, total, misses = 0, 0, []
    for fact in curated:
        value, unit = str(fact.details.get("value", "")), str(fact.details.get("unit", ""))
        core, canon = _core(value), _unit(unit)
        implicit = (core + canon) not in _fold(fact.quote)
        total += 1
        found = any(
            other.article_id == fact.article_id
            and _overlap(other.quote, fact.quote)
            and _core(str(other.details.get("value", ""))) == core
            and (_unit(str(other.details.get("unit", ""))) == canon or implicit)
            for other in extracted
            if other.kind == Kind.FIGURE
        )
        if found:
            hit += 1
        else:
            misses.append(f"{fact.article_id[:8]} {value} {unit} ({fact.id})")
    return Metric("figures", hit, total, TARGETS["figures"], tuple(misses))


def _documents(curated: Iterable[FactRecord], extracted: Sequence[FactRecord]) -> Metric:
    wanted = {(f.article_id, _fold(str(f.details["document"]))) for f in curated if f.details.get("document")}
    have = {(f.article_id, _fold(str(f.details["document"]))) for f in extracted if f.details.get("document")}
    misses = tuple(f"{article[:8]} 《{title}》" for article, title in sorted(wanted - have))
    return Metric("documents", len(wanted & have), len(wanted), TARGETS["documents"], misses)


def _similar_titles(a: str, b: str) -> bool:
    fa, fb = _fold(a), _fold(b)
    return bool(fa and fb) and (fa in fb or fb in fa or fuzz.ratio(fa, fb) >= 80)


def _people(
    curated: Iterable[FactRecord],
    extracted: Sequence[FactRecord],
    curated_names: dict[str, str],
    extracted_names: dict[str, str],
) -> Metric:
    wanted: dict[tuple[str, str], list[str]] = {}
    for fact in curated:
        if fact.kind == Kind.ROLE and fact.people:
            name = curated_names.get(fact.people[0], fact.people[0])
            wanted.setdefault((fact.article_id, name), []).append(str(fact.details.get("title_zh", "")))
    hit, misses = 0, []
    for (article_id, name), titles in sorted(wanted.items()):
        found = any(
            other.article_id == article_id
            and other.people
            and extracted_names.get(other.people[0]) == name
            and any(_similar_titles(str(other.details.get("title_zh", "")), title) for title in titles)
            for other in extracted
            if other.kind == Kind.ROLE
        )
        if found:
            hit += 1
        else:
            misses.append(f"{article_id[:8]} {name} ({' / '.join(titles)})")
    return Metric("people", hit, len(wanted), TARGETS["people"], tuple(misses))


@dataclass(frozen=True)
class _Judgement:
    article: str
    kind: str
    quote: str
    value: str | None
    correct: bool

    def label(self) -> str:
        value = f" [{self.value}]" if self.value else ""
        return f"{self.article[:8]} {self.kind} {self.quote[:20]}…{value}"


def read_fixture(path: Path) -> list[_Judgement]:
    """The hand-judged precision sample: `facts: [{article, kind, quote, value?, correct}]`."""
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(path, "file", f"cannot be read: {exc}") from exc
    entries = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DataError(path, "file", "must be a mapping with a `facts` list")
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not {"article", "kind", "quote", "correct"} <= set(entry):
            raise DataError(path, f"facts[{index}]", "needs article, kind, quote and correct")
        if not isinstance(entry["correct"], bool):
            raise DataError(path, f"facts[{index}]", "`correct` must be true or false")
        value = entry.get("value")
        out.append(
            _Judgement(
                str(entry["article"]),
                str(entry["kind"]),
                str(entry["quote"]),
                None if value is None else str(value),
                entry["correct"],
            )
        )
    return out


def _precision(
    judgements: Sequence[_Judgement], extracted: Sequence[FactRecord]
) -> tuple[Metric, tuple[str, ...]]:
    hit = total = 0
    stale, misses = [], []
    for judgement in judgements:
        matches = [
            fact
            for fact in extracted
            if fact.article_id.startswith(judgement.article)
            and fact.kind == judgement.kind
            and fact.quote.startswith(judgement.quote)
            and (judgement.value is None or fact_key(fact) == judgement.value)
        ]
        if len(matches) != 1:
            stale.append(judgement.label() + (" (ambiguous)" if matches else ""))
            continue
        total += 1
        if judgement.correct:
            hit += 1
        else:
            misses.append(judgement.label())
    return Metric("precision", hit, total, TARGETS["precision"], tuple(misses)), tuple(stale)


def extract_seeds(seeds_dir: Path) -> list[FactRecord]:
    """Run the extractor on every seed article as if it were new."""
    glossary = load_glossary(seeds_dir / "glossary.yaml")
    bundle = read_seeds(seeds_dir, glossary)
    facts: list[FactRecord] = []
    for article in bundle.articles.values():
        found, _ = extract_facts(article, people={}, glossary=glossary, skip_quotes=())
        facts.extend(found)
    return facts


PRECISION_FIXTURE = Path(__file__).resolve().with_name("data") / "precision.yaml"


def default_fixture() -> Path | None:
    """The project's hand-judged sample of the seed articles, shipped with the package."""
    return PRECISION_FIXTURE if PRECISION_FIXTURE.is_file() else None


def score_extractor(
    seeds_dir: Path, precision_fixture: Path | None = None, *, progress: Progress = SILENT
) -> ExtractScore:
    """Extract facts from the seed articles and score them against the curated table.

    Precision is judged with `precision_fixture`, by default the project's own sample
    (`default_fixture`); without one, `ExtractScore.precision` is None.
    """
    precision_fixture = precision_fixture or default_fixture()
    glossary = load_glossary(seeds_dir / "glossary.yaml")
    bundle = read_seeds(seeds_dir, glossary)
    extracted: list[FactRecord] = []
    extracted_names: dict[str, str] = {}
    for done, article in enumerate(bundle.articles.values(), start=1):
        facts, people = extract_facts(article, people={}, glossary=glossary, skip_quotes=())
        extracted.extend(facts)
        extracted_names.update({person.id: person.name for person in people})
        progress.item(done, len(bundle.articles), f"{article.source_name or article.id}: {len(facts)} facts")
    curated = list(bundle.facts.values())
    curated_names = {person.id: person.name for person in bundle.people.values()}
    precision: Metric | None = None
    stale: tuple[str, ...] = ()
    if precision_fixture is not None:
        precision, stale = _precision(read_fixture(precision_fixture), extracted)
    return ExtractScore(
        documents=_documents(curated, extracted),
        figures=_figures([f for f in curated if f.kind == Kind.FIGURE], extracted),
        people=_people(curated, extracted, curated_names, extracted_names),
        precision=precision,
        extracted=len(extracted),
        by_kind=dict(Counter(fact.kind for fact in extracted)),
        stale=stale,
    )
