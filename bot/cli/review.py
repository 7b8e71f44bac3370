"""The review sub-commands: `policybot review list|accept|reject|edit|restore|history`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TYPE_CHECKING

from bot.cli.common import open_knowledge
from knowledge.facts import Kind

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.reviews import Outcome


def actor() -> str:
    """Who decides from this terminal: `cli:<login>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli:unknown"


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge import reviews
    from knowledge.facts import Status

    knowledge = open_knowledge(settings)
    try:
        items = reviews.listing(knowledge, Status(args.status))
    finally:
        knowledge.close()
    if args.json:
        print(json.dumps([item.as_json() for item in items], ensure_ascii=False, indent=2))
        return 0
    for item in items:
        decided = ""
        if item.decided_at is not None:
            decided = f"  [{item.status} by {item.decided_by} at {item.decided_at:%Y-%m-%d %H:%M}]"
        print(f"{item.id}  {item.kind}  《{item.article_title}》{decided}")
        print(f"  zh: {item.summary_zh}\n  en: {item.summary_en}\n  「{item.quote}」")
    print(f"{len(items)} {args.status} facts", file=sys.stderr)
    return 0


def _report(verb: str, outcome: Outcome) -> int:
    for fact_id in outcome.changed:
        print(f"{verb}: {fact_id}")
    for fact_id in outcome.unchanged:
        print(f"already {verb}: {fact_id}")
    return 0


def cmd_decide(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge import reviews

    decide = {"accept": reviews.accept, "reject": reviews.reject, "restore": reviews.restore}[args.action]
    verb = {"accept": "accepted", "reject": "rejected", "restore": "restored"}[args.action]
    by = actor()
    knowledge = open_knowledge(settings)
    try:
        outcome = decide(knowledge, args.ids, actor=by)
    finally:
        knowledge.close()
    return _report(verb, outcome)


def cmd_edit(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge import reviews

    fields = (args.summary_zh, args.summary_en, args.kind, args.people, args.regions)
    if all(value is None for value in fields):
        print(
            "policybot: error: nothing to edit: give --summary-zh, --summary-en, --kind, …", file=sys.stderr
        )
        return 2
    by = actor()
    knowledge = open_knowledge(settings)
    try:
        item = reviews.edit(
            knowledge,
            args.id,
            actor=by,
            summary_zh=args.summary_zh,
            summary_en=args.summary_en,
            kind=args.kind,
            people=args.people,
            regions=args.regions,
        )
    finally:
        knowledge.close()
    print(f"edited and reviewed: {item.id}\n  zh: {item.summary_zh}\n  en: {item.summary_en}")
    return 0


def cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge import reviews

    knowledge = open_knowledge(settings)
    try:
        decisions = reviews.history(knowledge, args.id)
    finally:
        knowledge.close()
    for decision in decisions:
        after, before = decision.after, decision.before
        what = json.dumps({k: v for k, v in after.items() if before.get(k) != v}, ensure_ascii=False)
        print(f"{decision.at:%Y-%m-%d %H:%M:%S} {decision.actor} {decision.action} {what}")
    if not decisions:
        print(f"no decisions on {args.id}", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `policybot review …` to the `policybot` parser."""
    review = sub.add_parser("review", help="review extracted facts: list, accept, reject, edit, restore")
    actions = review.add_subparsers(dest="review_action", required=True)

    listing = actions.add_parser("list", help="the review queue (extracted facts), newest article first")
    listing.add_argument("--json", action="store_true", help="a JSON array")
    listing.add_argument(
        "--status",
        choices=["extracted", "reviewed", "rejected"],
        default="extracted",
        help="list reviewed or rejected facts (with who and when) instead of the queue",
    )
    listing.set_defaults(handler=cmd_list)

    for action, text in (
        ("accept", "mark facts reviewed: shown as curated"),
        ("reject", "hide facts from answers, lists and digests (kept, with who and when)"),
        ("restore", "put rejected or reviewed facts back in the queue"),
    ):
        decide = actions.add_parser(action, help=text)
        decide.add_argument("ids", nargs="+", metavar="ID")
        decide.set_defaults(handler=cmd_decide, action=action)

    edit = actions.add_parser(
        "edit", help="correct a fact's summaries (and kind, people, regions); it is reviewed"
    )
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--summary-zh")
    edit.add_argument("--summary-en")
    edit.add_argument("--kind", choices=[kind.value for kind in Kind])
    edit.add_argument("--people", nargs="*", metavar="PERSON", help="person ids or names (none: clear)")
    edit.add_argument("--regions", nargs="*", metavar="REGION", help="simplified place names (none: clear)")
    edit.set_defaults(handler=cmd_edit)

    history = actions.add_parser("history", help="every decision on a fact: who, when, what changed")
    history.add_argument("id", metavar="ID")
    history.set_defaults(handler=cmd_history)
