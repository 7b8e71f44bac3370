"""The `policybot` command."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.cli import ingest as cli_ingest
from bot.cli import review as cli_review
from bot.cli.common import corpus_knowledge, open_knowledge
from bot.logs import configure as configure_logging
from bot.settings import Settings, get_settings
from knowledge.answer import lookups
from knowledge.answer.evaluation import Report, evaluate, read_items
from knowledge.errors import KnowledgeError
from knowledge.facts import FactView, Kind
from knowledge.render.reply import render_answer
from knowledge.service import Knowledge

log = logging.getLogger("policybot")


REQUIRED_COLUMNS = ["id", "kind", "status", "article_id", "quote", "summary_zh", "summary_en"]


def fact_json(fact: FactView) -> dict[str, Any]:
    return {
        "id": fact.id,
        "kind": fact.kind,
        "status": fact.status,
        "article_id": fact.article_id,
        "quote": fact.quote,
        "summary_zh": fact.summary_zh,
        "summary_en": fact.summary_en,
        "people": list(fact.people),
        "regions": list(fact.regions),
        "topics": list(fact.topics),
        "orgs": list(fact.orgs),
        **fact.details,
    }


def cmd_export_yaml(folder: Path, settings: Settings) -> int:
    """Reviewed facts as curated seed files; the folder is then read back as seeds to prove it valid."""
    from knowledge.reviews import export_yaml

    knowledge = open_knowledge(settings)
    try:
        exported, valid = export_yaml(knowledge, folder)
    finally:
        knowledge.close()
    print(exported.summary())
    if valid is not None:
        print(f"{folder}: valid seeds ({valid} curated facts)")
    return 1 if exported.skipped else 0


def cmd_facts(args: argparse.Namespace, settings: Settings) -> int:
    if args.export_yaml:
        return cmd_export_yaml(Path(args.export_yaml), settings)
    snapshot = open_knowledge(settings).snapshot
    facts = list(snapshot.facts)
    if args.who:
        found = lookups.person(snapshot, args.who)
        if found.key is None:
            print(f"policybot: no person matches {args.who!r}", file=sys.stderr)
            return 1
        facts = [f for f in facts if found.key in f.people]
    if args.region:
        places = snapshot.glossary.regions_in(args.region.lower()) or [args.region]
        facts = [f for f in facts if set(places) & set(f.regions)]
    if args.kind:
        facts = [f for f in facts if f.kind == args.kind]
    rows = [fact_json(f) for f in facts]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.csv:
        columns = [*REQUIRED_COLUMNS, "people", "regions", "topics"]
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    else:
        for fact in facts:
            print(f"{fact.id:<48} {fact.kind:<9} {fact.summary_zh}")
        print(f"{len(facts)} facts", file=sys.stderr)
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    snapshot = open_knowledge(settings).snapshot
    articles = lookups.sources(snapshot)
    if args.json:
        rows = [
            {**vars(a), "ingested_at": str(a.ingested_at), "facts": len(snapshot.by_article[a.id])}
            for a in articles
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for a in articles:
        date = f"{a.published or '?'}{' (est.)' if a.date_estimated else ''}"
        facts = len(snapshot.by_article.get(a.id, []))
        print(f"{a.id[:16]:<17} {date:<18} {a.outlet or '-':<10} {facts:>3} facts  {a.title}")
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    revision = Knowledge.upgrade_store(settings.resolved_database_url)
    print(f"database at revision {revision}")
    return 0


def cmd_reload(args: argparse.Namespace, settings: Settings) -> int:
    knowledge = open_knowledge(settings)
    report = knowledge.reload_seeds()
    print(report.summary())
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    knowledge = open_knowledge(settings)
    questions: Sequence[str] = (
        sys.stdin.read().splitlines() if args.question == ["-"] else [" ".join(args.question)]
    )
    for question in questions:
        if args.question == ["-"] and not question.strip():
            continue
        asked = knowledge.ask(question)
        text = render_answer(asked.answer, knowledge.snapshot)
        if args.json:
            payload = {
                "question": question,
                "answered": asked.answer.answered,
                "text": text,
                "facts": asked.answer.fact_ids,
                "lang": asked.answer.lang,
                "confidence": round(asked.answer.confidence, 3),
            }
            print(json.dumps(payload, ensure_ascii=False), flush=True)
        else:
            print(text, end="\n\n" if len(questions) > 1 else "\n")
    return 0


def _asker(knowledge: Knowledge) -> Callable[[str], tuple[bool, str, float]]:
    def ask(question: str) -> tuple[bool, str, float]:
        asked = knowledge.ask(question)
        return asked.answer.answered, render_answer(asked.answer, knowledge.snapshot), asked.seconds

    return ask


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    items = [item for path in args.files for item in read_items(Path(path))]
    if args.split != "all":
        items = [item for item in items if item.split in (None, args.split)]
    needs = sorted({item.splits for item in items})
    if any(needs) and args.corpus is None:
        print(
            "policybot: error: these questions are about a test corpus: name it with --corpus DIR",
            file=sys.stderr,
        )
        return 2
    report = Report()
    for splits in needs:
        group = [item for item in items if item.splits == splits]
        if not splits:
            report.results += evaluate(group, _asker(open_knowledge(settings))).results
            continue
        with corpus_knowledge(settings.seeds_dir, Path(args.corpus), splits) as knowledge:
            report.results += evaluate(group, _asker(knowledge)).results
    if args.verbose:
        for result in report.results:
            if not result.correct:
                print(f"MISS {result.item.id}: {result.item.q} -> {result.text[:80]!r}")
    print(report.table())
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import run_console

    if "POLICYBOT_LOG_LEVEL" not in os.environ:  # keep the conversation readable
        logging.getLogger().setLevel(logging.WARNING)
    return run_console(settings)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_bot

    return run_bot(settings)


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import healthy, heartbeat

    if not healthy(settings):
        print("unhealthy: no recent heartbeat from the running bot")
        return 1
    state = heartbeat(settings)
    leader = state.get("leader")
    role = "role unknown" if leader is None else "leader" if leader else "standby"
    print(f"ok · {role} · knowledge version {state.get('knowledge_version', '?')}")
    return 0


def package_version() -> str:
    """The installed distribution's version (pyproject.toml's, once installed)."""
    try:
        return version("policybot")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policybot", description="China AI policy bot: facts, answers, Telegram."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    facts = sub.add_parser("facts", help="list or export the fact table")
    out = facts.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON array")
    out.add_argument("--csv", action="store_true", help="CSV with a header row")
    out.add_argument(
        "--export-yaml",
        metavar="DIR",
        help="write the reviewed facts as curated seed files (DIR/facts/*.yaml, DIR/articles/*.txt)",
    )
    facts.add_argument("--who", help="only facts about this person (any script, pinyin)")
    facts.add_argument("--region", help="only facts about this region")
    facts.add_argument("--kind", choices=[kind.value for kind in Kind])
    facts.set_defaults(handler=cmd_facts)

    sources = sub.add_parser("sources", help="list the articles")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(handler=cmd_sources)

    database = sub.add_parser("db", help="database maintenance")
    database.add_argument("action", choices=["upgrade"], help="apply the migrations")
    database.set_defaults(handler=cmd_db)

    reload = sub.add_parser("reload", help="re-read the seeds into the store")
    reload.set_defaults(handler=cmd_reload)

    ask = sub.add_parser("ask", help="answer a question ('-' reads one question per line from stdin)")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("question", nargs="+")
    ask.set_defaults(handler=cmd_ask)

    ev = sub.add_parser("eval", help="score the answers on question files (dev_qa.jsonl format)")
    ev.add_argument("files", nargs="+")
    ev.add_argument("-v", "--verbose", action="store_true", help="print the misses")
    ev.add_argument(
        "--corpus", help="the test corpus folder (dev/, holdout/, …) that questions with a split ask about"
    )
    ev.add_argument(
        "--split",
        default="all",
        help="only the corpus questions of this split (dev, holdout, …; default all)",
    )
    ev.set_defaults(handler=cmd_eval)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (no token needed)")
    chat.set_defaults(handler=cmd_chat)

    run = sub.add_parser("run", help="run the Telegram bot")
    run.set_defaults(handler=cmd_run)

    health = sub.add_parser(
        "health",
        help="exit 0 when the running bot wrote a heartbeat recently; its role and knowledge version",
    )
    health.set_defaults(handler=cmd_health)

    cli_ingest.register(sub)
    cli_review.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(
            f"policybot: error: setting {'.'.join(map(str, first['loc']))}: {first['msg']}", file=sys.stderr
        )
        return 2
    configure_logging(settings.log_level)
    try:
        handler: Callable[[argparse.Namespace, Settings], int] = args.handler
        status = handler(args, settings)
        sys.stdout.flush()  # a reader that went away is noticed here, not at interpreter exit
        return status
    except KnowledgeError as exc:
        print(f"policybot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return quiet_after_closed_pipe()


def quiet_after_closed_pipe() -> int:
    """The reader of stdout has gone (`policybot facts | head`): stop without a traceback, status 0.

    What is still buffered would fail again when Python flushes stdout at exit, so stdout is
    pointed at /dev/null first (the recipe of Python's `signal` documentation).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0
