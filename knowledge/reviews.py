"""The review loop for the front ends: each call is one unit of work, a decision rebuilds the snapshot.

What comes back are views (`Item`, `Decision`, `Outcome`, `Exported`), never rows: the queries
live in `store.reviews` and `store.curated_export`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from knowledge.facts import Status
from knowledge.service import Knowledge
from knowledge.sources.seeds import read_seeds
from knowledge.store import reviews
from knowledge.store.curated_export import Exported, export_reviewed
from knowledge.store.reviews import Decision, Item, Outcome, ReviewError

__all__ = [
    "Decision",
    "Exported",
    "Item",
    "Outcome",
    "ReviewError",
    "accept",
    "edit",
    "export_yaml",
    "history",
    "listing",
    "queue",
    "queue_length",
    "reject",
    "restore",
]


def queue(knowledge: Knowledge) -> list[Item]:
    """Extracted facts waiting for review, newest article first."""
    return knowledge.unit(reviews.queue)


def queue_length(knowledge: Knowledge) -> int:
    return knowledge.unit(reviews.queue_length)


def listing(knowledge: Knowledge, status: Status) -> list[Item]:
    return knowledge.unit(lambda session: reviews.listing(session, status))


def history(knowledge: Knowledge, fact_id: str) -> list[Decision]:
    return knowledge.unit(lambda session: reviews.history(session, fact_id))


def accept(knowledge: Knowledge, ids: Sequence[str], *, actor: str) -> Outcome:
    return knowledge.change(lambda session: reviews.accept(session, ids, actor=actor))


def reject(knowledge: Knowledge, ids: Sequence[str], *, actor: str) -> Outcome:
    return knowledge.change(lambda session: reviews.reject(session, ids, actor=actor))


def restore(knowledge: Knowledge, ids: Sequence[str], *, actor: str) -> Outcome:
    return knowledge.change(lambda session: reviews.restore(session, ids, actor=actor))


def edit(
    knowledge: Knowledge,
    fact_id: str,
    *,
    actor: str,
    summary_zh: str | None = None,
    summary_en: str | None = None,
    kind: str | None = None,
    people: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
) -> Item:
    """Correct a fact (regions checked against the glossary); the fact is then reviewed."""
    known = set(knowledge.snapshot.glossary.region_en)
    return knowledge.change(
        lambda session: reviews.edit(
            session,
            fact_id,
            actor=actor,
            summary_zh=summary_zh,
            summary_en=summary_en,
            kind=kind,
            people=people,
            regions=regions,
            known_regions=known,
        )
    )


def export_yaml(knowledge: Knowledge, folder: Path) -> tuple[Exported, int | None]:
    """Reviewed facts as curated seed files, then the folder read back as seeds to prove it valid.

    Returns what was written and how many curated facts the folder validates to (None when it
    holds no article files to check against); DataError names the file and entry that is wrong.
    """
    glossary = knowledge.snapshot.glossary
    topics = set(glossary.topic_labels)
    exported = knowledge.unit(lambda session: export_reviewed(session, folder, topics=topics))
    if not exported.files or not (folder / "articles").is_dir():
        return exported, None
    return exported, len(read_seeds(folder, glossary).facts)
