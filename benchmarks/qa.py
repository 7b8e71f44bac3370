"""Question-answering benchmark: policybot against two baselines, at the seed scale and at ~100,000 facts.

Run: `python -m benchmarks.qa [--scale 100000] [--quick]` (a benchmark that prints a table, not a test).

Systems, all answering the same questions from the same facts, their replies rendered by the
same `render_answer`, so that accuracy is comparable:

- policybot: `knowledge.answer.qa.answer` over a `Snapshot` (jieba tokens, BM25, re-ranking, abstention).
- (a) `rapidfuzz.process.extractOne` (default scorer, WRatio) of the normalised question over
  every fact's normalised search text (`Snapshot.search_texts`); abstains below a score cutoff.
- (b) bm25s (k1 1.2, b 0.75) over plain jieba tokens (default dictionary, HMM off as in ours) of
  the same texts, top-1; abstains when the top score is below a threshold.

The baselines' cutoffs are tuned for the most correct dev-set replies (answerable and
out-of-domain items alike), separately at each scale, and printed. Both jieba systems cut each
distinct run of text once (ours in `knowledge.text.tokenize`, the baseline with the same memo).

Accuracy is `knowledge.answer.evaluation`'s: an out-of-domain item is correct when the system abstains,
any other when every expect group matches the rendered reply. Questions: the dev set
(../shared/eval/dev_qa.jsonl) and tests/qa/*.jsonl.

Each (scale, system) runs in a fresh process, so its max RSS (`resource.getrusage`) is its own.
It loads the table, builds (timed with `time.perf_counter`; the median of several builds at the
seed scale), answers every question in several rounds (a question's latency is the median of its
rounds, answer + render; percentiles as `knowledge.answer.evaluation.Report` computes them), then builds
once more under tracemalloc for the build's peak of traced memory (jieba's dictionary, the same
for policybot and (b), is loaded before tracing starts; it is in the RSS).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import pickle
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rapidfuzz import fuzz, process

from benchmarks.results import RESULTS, machine, save_section
from knowledge.answer.compose import answer
from knowledge.answer.evaluation import EvalItem, Report, evaluate, is_correct, read_items
from knowledge.answer.qa import Answer
from knowledge.answer.query import clean_question
from knowledge.answer.snapshot import Snapshot
from knowledge.render.reply import render_answer
from knowledge.text.forms import detect_script, normalise
from knowledge.text.tokenize import Tokenizer

if TYPE_CHECKING:
    from benchmarks.synthetic import Corpus

# Imported where they are used, so that a worker holds only its own system's modules, as the bot
# would (its max RSS is compared): bm25s (and scipy with it) and jieba's module for (b), and
# benchmarks.synthetic (pypinyin) for the tables (a pickled Corpus imports it when loaded, after
# knowledge, which imports pypinyin with only the phrases it needs: knowledge.text.pinyin).

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"
OWN_SETS = sorted((ROOT / "tests" / "qa").glob("*.jsonl"))
SECTION = "# QA benchmark: the last result"
SYSTEMS = ("ours", "fuzz", "bm25")
LABELS = {"ours": "policybot", "fuzz": "(a) rapidfuzz WRatio", "bm25": "(b) bm25s + jieba"}
ANALYST_SET = ROOT / "tests" / "analyst" / "questions.jsonl"
ANALYST_TYPES = ("list", "compare")  # the composed answers that gather facts across all articles
WARM_UP = "人工智能政策有哪些"  # in no question set
MIB = 1024 * 1024

# The targets.
SEED_P95_MS = 10.0
LARGE_P95_MS = 50.0
ANALYST_SEED_P95_MS = 20.0  # list and compare questions, which gather facts across all articles
ANALYST_LARGE_P95_MS = 100.0
SPEED_UP = 5.0
BUILD_S = 30.0
MEMORY_MIB = 1024.0

PACKAGES = ("jieba", "bm25s", "rapidfuzz", "numpy")


@dataclass
class Result:
    scale: str
    facts: int
    system: str
    correct: int
    answerable: int
    ood_abstained: int
    ood: int
    p50: float
    p95: float
    p99: float
    first_pass_p95: float
    build_s: float
    build_peak_mib: float
    max_rss_mib: float
    own_peak_mib: float
    loaded_rss_mib: float
    threshold: float | None
    rounds: int
    builds: int
    wrong: list[str] = field(default_factory=list)
    type_p95: dict[str, float] = field(default_factory=dict)  # policybot: analyst list/compare p95 ms

    @property
    def accuracy(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def abstention(self) -> float:
        return self.ood_abstained / self.ood if self.ood else 0.0


# ---------------------------------------------------------------------------------------- questions


def load_items(limit: int | None = None) -> tuple[list[EvalItem], set[str]]:
    """The dev set and the project's own sets (with `limit`, an even spread of that many) and the dev ids."""
    dev = read_items(DEV_SET) if DEV_SET.exists() else []
    items = [*dev, *(item for path in OWN_SETS for item in read_items(path))]
    if limit is not None and limit < len(items):
        step = len(items) / limit
        items = [items[int(i * step)] for i in range(limit)]
    return items, {item.id for item in dev}


# ------------------------------------------------------------------------------------------ systems


class System(Protocol):
    threshold: float | None

    def ask(self, question: str) -> tuple[bool, str]: ...


class Ours:
    threshold: float | None = None

    @staticmethod
    def prepare() -> Tokenizer:
        return Tokenizer()  # loads jieba's dictionary

    def __init__(self, corpus: Corpus, tokenizer: object) -> None:
        assert isinstance(tokenizer, Tokenizer)
        self.snapshot = Snapshot(
            facts=corpus.facts,
            articles=corpus.articles,
            people=corpus.people,
            glossary=corpus.glossary,
            tokenizer=tokenizer,
        )

    def ask(self, question: str) -> tuple[bool, str]:
        result = answer(self.snapshot, question)
        return result.answered, render_answer(result, self.snapshot)


def search_view(corpus: Corpus) -> Snapshot:
    """What a baseline needs of a snapshot: the facts, their search texts and what rendering reads.

    Without the tokenizer, index, people matcher and lexicon, which the baselines do not use.
    """
    view = object.__new__(Snapshot)
    view.facts = list(corpus.facts)
    view.articles = {article.id: article for article in corpus.articles}
    view.people = {person.id: person for person in corpus.people}
    view.glossary = corpus.glossary
    view.by_id = {fact.id: i for i, fact in enumerate(view.facts)}
    view.titles = view._titles()
    view.search_texts = [view._search_text(fact) for fact in view.facts]
    return view


class Baseline:
    """A top-1 retriever that abstains when its best score is below the threshold."""

    view: Snapshot
    threshold: float | None = 0.0

    @staticmethod
    def prepare() -> object:
        return None

    def best(self, question: str, threshold: float) -> tuple[int | None, float]:
        raise NotImplementedError

    def reply(self, question: str, index: int | None) -> tuple[bool, str]:
        """The one fact rendered as ours would render it, or our abstention."""
        text = clean_question(question)
        lang = detect_script(text)
        if index is None:
            result = Answer(text, lang, False, mode="abstain")
        else:
            result = Answer(text, lang, True, [self.view.facts[index]])
        return result.answered, render_answer(result, self.view)

    def ask(self, question: str) -> tuple[bool, str]:
        index, _ = self.best(question, self.threshold or 0.0)
        return self.reply(question, index)


class Fuzzy(Baseline):
    def __init__(self, corpus: Corpus, prepared: object) -> None:
        self.view = search_view(corpus)

    def best(self, question: str, threshold: float) -> tuple[int | None, float]:
        query = normalise(clean_question(question))
        hit = process.extractOne(query, self.view.search_texts, scorer=fuzz.WRatio, score_cutoff=threshold)
        return (None, 0.0) if hit is None else (int(hit[2]), float(hit[1]))


_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")  # the blocks jieba.cut cuts one by one


class PlainBM25(Baseline):
    @staticmethod
    def prepare() -> object:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()  # loads jieba's dictionary
        return tokenizer

    def __init__(self, corpus: Corpus, tokenizer: object) -> None:
        import bm25s
        import jieba

        assert isinstance(tokenizer, jieba.Tokenizer)
        self.view = search_view(corpus)
        self.jieba = tokenizer
        self._cuts: dict[str, tuple[str, ...]] = {}
        documents = [self.tokens(text) or ["\x00"] for text in self.view.search_texts]
        self.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        self.bm25.index(documents, show_progress=False)
        self._vocab: dict[str, int] = self.bm25.vocab_dict

    def tokens(self, normalised: str) -> list[str]:
        """jieba.lcut(text, HMM=False) without spaces and punctuation; each distinct block is cut once."""
        out: list[str] = []
        for block in _JIEBA_BLOCK.findall(normalised):
            cut = self._cuts.get(block)
            if cut is None:
                cut = tuple(w for w in self.jieba.lcut(block, HMM=False) if any(ch.isalnum() for ch in w))
                self._cuts[block] = cut
            out += cut
        return out

    def best(self, question: str, threshold: float) -> tuple[int | None, float]:
        known = [t for t in self.tokens(normalise(clean_question(question))) if t in self._vocab]
        if not known:
            return None, 0.0
        scores = self.bm25.get_scores(known)
        index = int(scores.argmax())
        score = float(scores[index])
        return (index, score) if score > 0 and score >= threshold else (None, score)


BUILDERS: dict[str, type[Ours] | type[Fuzzy] | type[PlainBM25]] = {
    "ours": Ours,
    "fuzz": Fuzzy,
    "bm25": PlainBM25,
}


def tune(system: Baseline, items: Sequence[EvalItem]) -> float:
    """The threshold with the most correct replies to `items`: mid-way into the lowest best interval."""
    scored: list[tuple[float, bool, bool]] = []  # score, correct if answered, correct if abstained
    for item in items:
        index, score = system.best(item.q, 0.0)
        answered_ok = index is not None and is_correct(item, True, system.reply(item.q, index)[1])
        scored.append((score, answered_ok, is_correct(item, False, "")))
    levels = sorted({score for score, _, _ in scored})
    best_correct, chosen, previous = -1, float("inf"), None
    for level in [*levels, float("inf")]:
        correct = sum(ok if score >= level else no for score, ok, no in scored)
        if correct > best_correct:
            best_correct = correct
            chosen = level if previous is None or level == float("inf") else (previous + level) / 2
        previous = level
    return chosen


# ------------------------------------------------------------------------------------------- worker


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def peak_rss_mib() -> float:
    """This address space's own peak (VmHWM), unlike ru_maxrss never inherited from the parent at exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss_mib()


def analyst_latency(system: System, rounds: int) -> dict[str, float]:
    """p95 ms of the analyst list and compare questions over the seeds (answer + render), each
    question's latency the median of its rounds."""
    if not ANALYST_SET.exists():
        return {}
    items = [i for i in read_items(ANALYST_SET) if i.type in ANALYST_TYPES and not i.splits]
    times: dict[str, list[list[float]]] = {kind: [] for kind in ANALYST_TYPES}
    for item in items:
        runs: list[float] = []
        for _ in range(max(rounds, 1)):
            started = time.perf_counter()
            system.ask(item.q)
            runs.append((time.perf_counter() - started) * 1000)
        times[str(item.type)].append(runs)
    return {
        kind: statistics.quantiles([statistics.median(r) for r in runs], n=100, method="inclusive")[94]
        for kind, runs in times.items()
        if len(runs) > 1
    }


def measure(
    system_name: str,
    corpus: Corpus,
    scale: str,
    items: list[EvalItem],
    dev_ids: set[str],
    rounds: int,
    builds: int,
) -> Result:
    """Build, tune (baselines), answer every question `rounds` times, then trace one more build."""
    loaded = peak_rss_mib()
    builder = BUILDERS[system_name]
    build_times: list[float] = []
    system: System | None = None
    for _ in range(builds):
        system = None  # the previous build is garbage before the next starts
        gc.collect()
        started = time.perf_counter()
        system = builder(corpus, builder.prepare())
        build_times.append(time.perf_counter() - started)
    assert system is not None
    if isinstance(system, Baseline):
        system.threshold = tune(system, [item for item in items if item.id in dev_ids] or items)
    threshold = system.threshold
    system.ask(WARM_UP)
    reports: list[Report] = []
    for _ in range(rounds):

        def ask(question: str, system: System = system) -> tuple[bool, str, float]:
            started = time.perf_counter()
            answered, text = system.ask(question)
            return answered, text, time.perf_counter() - started

        reports.append(evaluate(items, ask))
    first_pass_p95 = reports[0].latency_ms(0.95)
    type_p95 = analyst_latency(system, rounds) if system_name == "ours" else {}
    report = reports[-1]
    for position, result in enumerate(report.results):
        result.seconds = statistics.median(r.results[position].seconds for r in reports)
    max_rss, own_peak = rss_mib(), peak_rss_mib()
    system = None
    gc.collect()
    prepared = builder.prepare()  # jieba's dictionary (the same for ours and (b)) is not traced
    tracemalloc.start()
    builder(corpus, prepared)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ok, answerable = report.answerable
    ood = [r for r in report.results if r.item.ood]
    return Result(
        scale=scale,
        facts=len(corpus.facts),
        system=system_name,
        correct=ok,
        answerable=answerable,
        ood_abstained=sum(r.correct for r in ood),
        ood=len(ood),
        p50=report.latency_ms(0.5),
        p95=report.latency_ms(0.95),
        p99=report.latency_ms(0.99),
        first_pass_p95=first_pass_p95,
        build_s=statistics.median(build_times),
        build_peak_mib=peak / MIB,
        max_rss_mib=max_rss,
        own_peak_mib=own_peak,
        loaded_rss_mib=loaded,
        threshold=threshold,
        rounds=rounds,
        builds=builds,
        wrong=[r.item.id for r in report.results if not r.correct],
        type_p95=type_p95,
    )


def worker(args: argparse.Namespace) -> None:
    with Path(args.corpus).open("rb") as file:
        corpus: Corpus = pickle.load(file)  # written by this module's --generate process
    items, dev_ids = load_items(args.questions)
    result = measure(args.worker, corpus, args.label, items, dev_ids, args.rounds, args.builds)
    Path(args.out).write_text(json.dumps(asdict(result)), encoding="utf-8")


def generate(args: argparse.Namespace) -> None:
    """Write the seed table and the synthetic one as pickles, with the generation time."""
    from benchmarks.synthetic import load_seed_corpus, synthesize

    base = load_seed_corpus()
    started = time.perf_counter()
    large = synthesize(base, args.scale, seed=args.seed)
    seconds = time.perf_counter() - started
    folder = Path(args.out)
    for name, corpus in (("seed", base), ("large", large)):
        with (folder / f"{name}.pickle").open("wb") as file:
            pickle.dump(corpus, file, protocol=pickle.HIGHEST_PROTOCOL)
    info = {
        "seconds": seconds,
        "facts": len(large.facts),
        "articles": len(large.articles),
        "people": len(large.people),
    }
    (folder / "generated.json").write_text(json.dumps(info), encoding="utf-8")


# ------------------------------------------------------------------------------------------- parent
#
# The parent only starts processes: it never holds a table, so the high-water mark a worker
# inherits at exec (which Linux folds into ru_maxrss) stays below the worker's own.


@dataclass
class Plan:
    scale: int = 100_000
    questions: int | None = None
    rounds: int = 5
    seed_builds: int = 3
    seed: int = 0
    fuzzy_rounds_large: int = 1  # (a) takes about a second a question at 100,000 facts: noise is small


def _python(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "benchmarks.qa", *args], cwd=ROOT, check=True)


def run_worker(system: str, corpus_path: Path, label: str, plan: Plan, large: bool, folder: Path) -> Result:
    out = folder / f"{label}-{system}.json"
    rounds = plan.fuzzy_rounds_large if system == "fuzz" and large else plan.rounds
    builds = 1 if large else plan.seed_builds
    args = [
        "--worker",
        system,
        "--corpus",
        str(corpus_path),
        "--label",
        label,
        "--rounds",
        str(rounds),
        "--builds",
        str(builds),
        "--out",
        str(out),
    ]
    if plan.questions is not None:
        args += ["--questions", str(plan.questions)]
    _python(*args)
    return Result(**json.loads(out.read_text(encoding="utf-8")))


def scale_label(facts: int) -> str:
    return f"{facts // 1000}k" if facts >= 1000 and facts % 1000 == 0 else f"{facts:,}"


def run(
    plan: Plan, log: Callable[[str], None] = lambda line: print(line, file=sys.stderr)
) -> tuple[list[Result], str]:
    """Every (scale, system) measured in its own process; and what the synthetic table holds."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="policybot-qa-bench-") as name:
        folder = Path(name)
        _python("--generate", "--scale", str(plan.scale), "--seed", str(plan.seed), "--out", str(folder))
        info = json.loads((folder / "generated.json").read_text(encoding="utf-8"))
        generated = (
            f"{info['facts']:,} facts, {info['articles']:,} articles, {info['people']:,} people, "
            f"generated in {info['seconds']:.1f} s"
        )
        log(generated)
        for label, file in (("seed", "seed"), (scale_label(plan.scale), "large")):
            for system in SYSTEMS:
                log(f"{label}: {LABELS[system]} ...")
                result = run_worker(system, folder / f"{file}.pickle", label, plan, file == "large", folder)
                log(
                    f"  {result.correct}/{result.answerable} correct, p95 {result.p95:.2f} ms, "
                    f"build {result.build_s:.1f} s"
                )
                results.append(result)
    return results, generated


# -------------------------------------------------------------------------------------------- table

COLUMNS = (
    "scale",
    "facts",
    "system",
    "accuracy",
    "OOD abstained",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "build s",
    "build peak MiB",
    "max RSS MiB",
)


def table(results: Sequence[Result]) -> str:
    rows = [list(COLUMNS)]
    for r in results:
        rows.append(
            [
                r.scale,
                f"{r.facts:,}",
                LABELS[r.system],
                f"{r.correct}/{r.answerable} {r.accuracy:.1%}",
                f"{r.ood_abstained}/{r.ood} {r.abstention:.0%}",
                f"{r.p50:.2f}",
                f"{r.p95:.2f}",
                f"{r.p99:.2f}",
                f"{r.build_s:.2f}",
                f"{r.build_peak_mib:.0f}",
                f"{r.max_rss_mib:.0f}",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    left = {0, 2}
    lines = []
    for number, row in enumerate(rows):
        cells = [
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append(
                "|"
                + "|".join(
                    ("-" * (w + 1) + ":") if i not in left else ("-" * (w + 2)) for i, w in enumerate(widths)
                )
                + "|"
            )
    return "\n".join(lines)


def by(results: Sequence[Result], scale: str, system: str) -> Result | None:
    return next((r for r in results if r.scale == scale and r.system == system), None)


def notes(results: Sequence[Result]) -> list[str]:
    lines: list[str] = []
    for scale in dict.fromkeys(r.scale for r in results):
        ours, fuzzy, plain = (by(results, scale, s) for s in SYSTEMS)
        if ours is None:
            continue
        ratios = [
            f"over {LABELS[b.system].split()[0]} p50 {b.p50 / ours.p50:.1f}×, p95 {b.p95 / ours.p95:.1f}×"
            for b in (fuzzy, plain)
            if b is not None
        ]
        lines.append(f"{scale}: speed-up of policybot " + "; ".join(ratios) + " (below 1: slower).")
        cuts = [
            f"{LABELS[b.system]} ≥ {b.threshold:.2f}" for b in (fuzzy, plain) if b and b.threshold is not None
        ]
        lines.append(
            f"{scale}: baseline thresholds (tuned on the dev set at this scale): " + ", ".join(cuts) + "."
        )
        first = [
            f"{LABELS[r.system].split()[0]} {r.first_pass_p95:.2f} ms" for r in (ours, fuzzy, plain) if r
        ]
        lines.append(f"{scale}: p95 of the first round alone: " + ", ".join(first) + ".")
        loaded = ours.loaded_rss_mib
        lines.append(f"{scale}: a worker's RSS after loading the table, before building: {loaded:.0f} MiB.")
    odd = [r for r in results if abs(r.max_rss_mib - r.own_peak_mib) > 0.05 * r.own_peak_mib]
    for r in odd:
        lines.append(
            f"note: {r.scale} {LABELS[r.system]}: ru_maxrss {r.max_rss_mib:.0f} MiB includes the parent's "
            f"high-water mark; its own peak (VmHWM) is {r.own_peak_mib:.0f} MiB."
        )
    return lines


def targets(results: Sequence[Result]) -> list[tuple[str, str, bool]]:
    """(target, measured value, met) for the issue's targets, policybot's numbers."""
    checks: list[tuple[str, str, bool]] = []
    scales = list(dict.fromkeys(r.scale for r in results))
    seed, large = scales[0], scales[-1]
    ours_seed, ours_large, fuzzy_large = (
        by(results, seed, "ours"),
        by(results, large, "ours"),
        by(results, large, "fuzz"),
    )
    if ours_seed:
        checks.append(
            (f"p95 ≤ {SEED_P95_MS:.0f} ms at {seed}", f"{ours_seed.p95:.2f} ms", ours_seed.p95 <= SEED_P95_MS)
        )
    if ours_large and large != seed:
        p95 = ours_large.p95
        checks.append((f"p95 ≤ {LARGE_P95_MS:.0f} ms at {large}", f"{p95:.2f} ms", p95 <= LARGE_P95_MS))
        if fuzzy_large:
            ratio = min(fuzzy_large.p50 / ours_large.p50, fuzzy_large.p95 / p95)
            name = f"≥ {SPEED_UP:.0f}× faster than (a) at {large} (the lower of p50 and p95)"
            checks.append((name, f"{ratio:.0f}×", ratio >= SPEED_UP))
        build, rss = ours_large.build_s, ours_large.max_rss_mib
        checks.append((f"index build ≤ {BUILD_S:.0f} s at {large}", f"{build:.1f} s", build <= BUILD_S))
        checks.append((f"max RSS ≤ {MEMORY_MIB:.0f} MiB at {large}", f"{rss:.0f} MiB", rss <= MEMORY_MIB))
    for scale, limit in ((seed, ANALYST_SEED_P95_MS), (large, ANALYST_LARGE_P95_MS)):
        ours = by(results, scale, "ours")
        for kind, p95 in (ours.type_p95 if ours else {}).items():
            checks.append(
                (f"{kind} questions p95 ≤ {limit:.0f} ms at {scale}", f"{p95:.2f} ms", p95 <= limit)
            )
    for scale in scales:
        ours = by(results, scale, "ours")
        others = [r for r in (by(results, scale, "fuzz"), by(results, scale, "bm25")) if r]
        if ours and others:
            best = max(r.accuracy for r in others)
            value = f"{ours.accuracy:.1%} vs {best:.1%}"
            checks.append((f"accuracy above both baselines at {scale}", value, ours.accuracy > best))
    return checks


def render(results: Sequence[Result], plan: Plan, generated: str, started: datetime, seconds: float) -> str:
    rounds = f"{plan.rounds} rounds" + (
        f" ({plan.fuzzy_rounds_large} for (a) at the large scale)"
        if plan.fuzzy_rounds_large != plan.rounds
        else ""
    )
    questions = results[0].answerable + results[0].ood
    lines = [
        f"QA benchmark, {started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min; {machine(PACKAGES)}.",
        f"{questions} questions (dev set + tests/qa), {rounds} each; build: median of {plan.seed_builds} "
        f"at the seed scale, 1 at the large scale. Synthetic table (seed {plan.seed}): {generated}.",
        "",
        table(results),
        "",
        *notes(results),
        "",
        "targets:",
        *(f"  {'met   ' if ok else 'MISSED'} {name}: {value}" for name, value, ok in targets(results)),
    ]
    return "\n".join(lines)


READING = """\
How to read it: accuracy counts the answerable questions whose rendered reply holds every expected
answer; OOD abstained counts the out-of-domain questions declined. Latency is answer + render, in
process, a question's median over its rounds. "build s" is a fresh tokenizer (jieba's dictionary)
plus the index; "build peak MiB" is tracemalloc's peak during the build with jieba's dictionary
already loaded; "max RSS MiB" is the worker process's `ru_maxrss` (imports, the table itself, the
index and the questions).

The large table repeats every real fact about 400 times with other people, places and numbers
(`benchmarks/synthetic.py`); organisations and wording are kept. A question that names none of
what was substituted (科大讯飞什么时候被列入美国实体清单) then has ~400 equally good answers that
differ only in the number asked for, so part of the accuracy lost at 100k is the table's, not
the system's; it is the same for all three systems.
"""


def save(text: str) -> None:
    """Replace the QA section of RESULTS.md; the other benchmarks' sections are kept."""
    save_section(
        RESULTS,
        SECTION,
        "Written by `python -m benchmarks.qa` (the method is in the module's docstring).\n\n"
        f"```text\n{text}\n```\n\n{READING}",
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Question-answering benchmark (prints a table).")
    parser.add_argument("--scale", type=int, default=100_000, help="facts in the synthetic table")
    parser.add_argument(
        "--quick", action="store_true", help="one round and one build each; RESULTS.md untouched"
    )
    parser.add_argument("--questions", type=int, default=None, help="an even spread of this many questions")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic table")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/RESULTS.md")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--builds", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return
    if args.generate:
        generate(args)
        return
    rounds = 1 if args.quick else args.rounds
    plan = Plan(args.scale, args.questions, rounds, 1 if args.quick else 3, args.seed)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    results, generated = run(plan)
    text = render(results, plan, generated, started, time.perf_counter() - clock)
    print(text)
    if not (args.quick or args.no_save or args.questions):
        save(text)


if __name__ == "__main__":
    main()
