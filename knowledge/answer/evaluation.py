"""Score the question answering on a question set (the format of `dev_qa.jsonl`).

An item may also name its question `type` (list, compare, …), strings a right answer must not contain
outside its verbatim quotes and source lines (`forbid`), and the test corpus it is asked of: `split`
(tests/corpus: "dev" questions are asked of seeds + dev articles, "holdout" ones of seeds + dev + holdout)
or `corpus` ("dev"); without either, of the seeds alone.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from knowledge.errors import DataError
from knowledge.text.forms import to_simplified


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    q: str
    lang: str = "zh-Hans"
    expect: list[list[str]] = []
    ood: bool = False
    type: str | None = None
    forbid: list[str] = []
    split: str | None = None
    corpus: str | None = None

    @property
    def splits(self) -> tuple[str, ...]:
        """The corpus folders the knowledge must hold for this question (none: the seeds alone)."""
        wanted = self.split or self.corpus
        if wanted is None:
            return ()
        return ("dev",) if wanted == "dev" else ("dev", wanted)


@dataclass
class ItemResult:
    item: EvalItem
    correct: bool
    answered: bool
    seconds: float
    text: str


@dataclass
class Report:
    results: list[ItemResult] = field(default_factory=list)

    def by_group(self) -> dict[str, tuple[int, int]]:
        """Right answers per language (and declines of out-of-domain questions as "ood")."""
        return self._count(lambda item: "ood" if item.ood else item.lang)

    def by_type(self) -> dict[str, tuple[int, int]]:
        """Right answers per question type, for the items that name one."""
        return self._count(lambda item: None if item.type is None else ("ood" if item.ood else item.type))

    def _count(self, key: Callable[[EvalItem], str | None]) -> dict[str, tuple[int, int]]:
        groups: dict[str, list[bool]] = defaultdict(list)
        for result in self.results:
            name = key(result.item)
            if name is not None:
                groups[name].append(result.correct)
        return {name: (sum(flags), len(flags)) for name, flags in sorted(groups.items())}

    @property
    def answerable(self) -> tuple[int, int]:
        flags = [r.correct for r in self.results if not r.item.ood]
        return sum(flags), len(flags)

    def latency_ms(self, quantile: float) -> float:
        times = sorted(r.seconds * 1000 for r in self.results)
        if not times:
            return 0.0
        if len(times) == 1:
            return times[0]
        return statistics.quantiles(times, n=100, method="inclusive")[round(quantile * 100) - 1]

    def table(self) -> str:
        lines = [f"{'group':<10} {'correct':>8} {'total':>6} {'rate':>7}"]
        for name, (ok, total) in self.by_group().items():
            label = "ood (abstained)" if name == "ood" else name
            lines.append(f"{label:<10} {ok:>8} {total:>6} {ok / total:>7.1%}")
        types = self.by_type()
        if types:
            lines.append(f"{'type':<10} {'correct':>8} {'total':>6} {'rate':>7}")
            for name, (ok, total) in types.items():
                label = "ood (abstained)" if name == "ood" else name
                lines.append(f"{label:<10} {ok:>8} {total:>6} {ok / total:>7.1%}")
        ok, total = self.answerable
        if total:
            lines.append(f"{'overall':<10} {ok:>8} {total:>6} {ok / total:>7.1%}")
        lines.append(
            "latency ms: " + "  ".join(f"p{int(q * 100)} {self.latency_ms(q):.2f}" for q in (0.5, 0.95, 0.99))
        )
        return "\n".join(lines)


def fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


_QUOTED = re.compile(r"「[^」]*」|(?s:<blockquote[^>]*>.*?</blockquote>)|^\s*—.*$", re.MULTILINE)


def own_words(text: str) -> str:
    """The reply without its verbatim quotes and source lines: what the bot itself asserts."""
    return _QUOTED.sub(" ", text)


def is_correct(item: EvalItem, answered: bool, text: str) -> bool:
    if item.ood:
        return not answered
    folded = fold(text)
    if not all(any(fold(option) in folded for option in group) for group in item.expect):
        return False
    asserted = fold(own_words(text))
    return answered and not any(fold(word) in asserted for word in item.forbid)


def read_items(path: Path) -> list[EvalItem]:
    items: list[EvalItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(EvalItem.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DataError(path, f"line {number}", f"is not a question item: {exc}") from exc
    return items


def evaluate(items: Iterable[EvalItem], ask: Callable[[str], tuple[bool, str, float]]) -> Report:
    """`ask` returns (answered, reply text, seconds) for a question."""
    report = Report()
    for item in items:
        answered, text, seconds = ask(item.q)
        report.results.append(ItemResult(item, is_correct(item, answered, text), answered, seconds, text))
    return report
