"""The ingestion sub-commands: `policybot ingest`, `policybot feeds`, `policybot extract-eval`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.common import open_knowledge
from bot.progress import StderrProgress

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.ingest.results import IngestResult


def _print_results(results: Sequence[IngestResult]) -> int:
    for result in results:
        print(result.line())
    failed = sum(result.status == "failed" for result in results)
    counts = {
        status: sum(r.status == status for r in results) for status in ("added", "updated", "duplicate")
    }
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    print(f"{summary}, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest.pipeline import ingest_paths_and_urls

    knowledge = open_knowledge(settings)
    try:
        results = ingest_paths_and_urls(knowledge, args.sources, origin_override=args.origin)
    finally:
        knowledge.close()
    return _print_results(results)


def cmd_feeds_add(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest.feeds import add_feed
    from knowledge.sources.fetch import check_url

    url = check_url(args.url)  # a bad URL is refused before the store is opened
    knowledge = open_knowledge(settings)
    try:
        feed_id = knowledge.unit(lambda session: add_feed(session, url).id)
    finally:
        knowledge.close()
    print(f"feed {feed_id}: {url} (polled with the next `policybot feeds poll` or bot run)")
    return 0


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def cmd_feeds_list(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest.feeds import list_feeds

    knowledge = open_knowledge(settings)
    try:
        rows = knowledge.unit(
            lambda session: [
                (f.id, f.url, f.title, f.active, f.failures, f.last_polled_at, f.next_poll_at, f.last_error)
                for f in list_feeds(session)
            ]
        )
    finally:
        knowledge.close()
    if not rows:
        print("no feeds (add one with `policybot feeds add URL`)")
        return 0
    for feed_id, url, title, active, failures, polled, next_poll, error in rows:
        state = "active" if active else "inactive"
        line = f"{feed_id:>3}  {url}  {title or '-'}  {state}  polled {_when(polled)}"
        if failures:
            line += f"  {failures} failures, next try {_when(next_poll)}: {error}"
        print(line)
    return 0


def cmd_feeds_remove(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest.feeds import remove_feed

    knowledge = open_knowledge(settings)
    try:
        removed = knowledge.unit(lambda session: remove_feed(session, args.url))
    finally:
        knowledge.close()
    if not removed:
        print(f"policybot: no feed {args.url.strip()}", file=sys.stderr)
        return 1
    print(f"removed {args.url.strip()}")
    return 0


def cmd_feeds_poll(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest.feeds import poll_feeds

    knowledge = open_knowledge(settings)
    try:
        results = poll_feeds(knowledge)
    finally:
        knowledge.close()
    if not results:
        print("no new entries", file=sys.stderr)
        return 0
    return _print_results(results)


def _corpus_eval(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest.corpus_eval import corpus_splits, default_corpus_fixture, score_corpus
    from knowledge.lexicon.glossary import load_glossary

    corpus = Path(args.corpus)
    if not (corpus / "key.yaml").is_file():
        print(f"policybot: error: no answer key at {corpus / 'key.yaml'}", file=sys.stderr)
        return 2
    fixture = Path(args.fixture) if args.fixture else default_corpus_fixture(corpus)
    if fixture is not None and not fixture.is_file():
        print(f"policybot: error: no precision fixture at {fixture}", file=sys.stderr)
        return 2
    glossary = load_glossary(settings.seeds_dir / "glossary.yaml")
    splits = corpus_splits(corpus) if args.split == "all" else (args.split,)
    if not set(splits) <= set(corpus_splits(corpus)):
        print(f"policybot: error: {corpus} has no split folder {args.split!r}", file=sys.stderr)
        return 2
    met = True
    for number, split in enumerate(splits):
        score = score_corpus(corpus, glossary, split=split, precision_fixture=fixture)
        print(("\n" if number else "") + score.table(verbose=args.verbose))
        met = met and score.all_met
    return 0 if met else 1


def cmd_extract_eval(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.extract.evaluate import score_extractor

    if args.corpus:
        return _corpus_eval(args, settings)
    fixture = Path(args.fixture) if args.fixture else None  # None: the package's own sample
    if fixture is not None and not fixture.is_file():
        print(f"policybot: error: no precision fixture at {fixture}", file=sys.stderr)
        return 2
    score = score_extractor(settings.seeds_dir, fixture, progress=StderrProgress())
    if score.precision is None:
        print("policybot: no precision fixture found; precision not measured", file=sys.stderr)
    print(score.table(verbose=args.verbose))
    return 0 if score.all_met else 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ingestion sub-commands to the `policybot` parser."""
    ingest = sub.add_parser(
        "ingest",
        help="add articles: text captures, HTML files, folders or http(s) URLs (facts are extracted)",
    )
    ingest.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    ingest.add_argument(
        "--origin", choices=["file", "url", "feed"], help="record this origin instead of file/url"
    )
    ingest.set_defaults(handler=cmd_ingest)

    feeds = sub.add_parser("feeds", help="manage and poll RSS/Atom feeds")
    actions = feeds.add_subparsers(dest="feeds_action", required=True)
    add = actions.add_parser("add", help="add a feed")
    add.add_argument("url")
    add.set_defaults(handler=cmd_feeds_add)
    listing = actions.add_parser("list", help="list the feeds and their state")
    listing.set_defaults(handler=cmd_feeds_list)
    remove = actions.add_parser("remove", help="remove a feed")
    remove.add_argument("url")
    remove.set_defaults(handler=cmd_feeds_remove)
    poll = actions.add_parser("poll", help="poll the feeds that are due and ingest new entries")
    poll.set_defaults(handler=cmd_feeds_poll)

    evaluation = sub.add_parser(
        "extract-eval",
        help="score the automatic fact extraction on the seed articles against the curated table, "
        "or on a test corpus against its answer key (--corpus)",
    )
    evaluation.add_argument(
        "--corpus", metavar="DIR", help="a test corpus with an answer key (DIR/key.yaml, tests/corpus format)"
    )
    evaluation.add_argument(
        "--split",
        default="all",
        help="with --corpus: the split folder to score (dev, holdout, …; default all, each on its own)",
    )
    evaluation.add_argument(
        "--fixture", help="hand-judged precision sample (default: the one shipped for the seed articles)"
    )
    evaluation.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    evaluation.set_defaults(handler=cmd_extract_eval)
