"""What the `policybot` sub-commands share: opening the configured knowledge, or a test corpus's."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from bot.progress import StderrProgress
from bot.settings import Settings
from knowledge.errors import KnowledgeError
from knowledge.ingest.corpus import ingest_corpus
from knowledge.service import Knowledge


def open_knowledge(settings: Settings) -> Knowledge:
    knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir, progress=StderrProgress())
    if knowledge.load_warning:
        print(f"policybot: warning: {knowledge.load_warning}", file=sys.stderr)
    return knowledge


@contextlib.contextmanager
def corpus_knowledge(seeds_dir: Path, root: Path, splits: Sequence[str]) -> Iterator[Knowledge]:
    """A throwaway SQLite store holding the seeds and the corpus splits, closed and deleted after use."""
    if not (root / "dev").is_dir():
        raise KnowledgeError(f"{root}: not a test corpus (no dev/ folder)")
    with tempfile.TemporaryDirectory(prefix="policybot-corpus-") as folder:
        knowledge = Knowledge.open(f"sqlite:///{Path(folder) / 'store.sqlite3'}", seeds_dir)
        try:
            for result in ingest_corpus(knowledge, root, splits):
                if result.status == "failed":
                    print(f"policybot: warning: {result.line()}", file=sys.stderr)
            yield knowledge
        finally:
            knowledge.close()
