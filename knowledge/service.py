"""The knowledge service: the store, the seeds and the current snapshot, behind one object.

Front ends (terminal, Telegram, CLI) hold one `Knowledge`; it never imports Telegram.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from threading import Lock, Thread
from typing import TypeVar

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from knowledge.answer.compose import answer
from knowledge.answer.qa import Answer
from knowledge.answer.snapshot import Snapshot
from knowledge.errors import DataError
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.progress import SILENT, Progress
from knowledge.sources.seeds import read_seeds
from knowledge.store import db
from knowledge.store.db import sqlite_url
from knowledge.store.models import Article, Delivery, Question, Subscription
from knowledge.store.seeds import SyncReport, sync_bundle
from knowledge.store.views import read_views
from knowledge.text.jieba_trie import default_dictionary

__all__ = ["Asked", "Knowledge", "sqlite_url"]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Asked:
    answer: Answer
    seconds: float


class Knowledge:
    def __init__(self, engine: Engine, seeds_dir: Path, *, progress: Progress = SILENT) -> None:
        self.engine = engine
        self.seeds_dir = seeds_dir
        self.progress = progress  # told of long work: syncing the seeds, each ingested source, rebuilds
        self.sessions: sessionmaker[Session] = db.session_factory(engine)
        self._lock = Lock()
        self._snapshot: Snapshot | None = None
        self.load_warning: str | None = None

    @classmethod
    def open(
        cls, database_url: str, seeds_dir: Path, *, sync_seeds: bool = True, progress: Progress = SILENT
    ) -> Knowledge:
        """Connect, migrate, bring the seeds in (idempotently) and build the first snapshot."""
        # On a first start jieba's trie is built (~2 s, in a child process) while the store migrates.
        Thread(target=default_dictionary, name="jieba-trie", daemon=True).start()
        progress.stage("migrating the store")
        engine = db.make_engine(database_url)
        db.upgrade(engine)
        knowledge = cls(engine, seeds_dir, progress=progress)
        if not (sync_seeds and knowledge.sync_seeds_at_start()):
            knowledge.refresh()
        return knowledge

    @property
    def glossary_path(self) -> Path:
        return self.seeds_dir / "glossary.yaml"

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self.refresh()
        assert self._snapshot is not None
        return self._snapshot

    def unit(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one session, committed if it returns, rolled back if it raises."""
        with db.unit_of_work(self.sessions) as session:
            return work(session)

    def change(self, work: Callable[[Session], T]) -> T:
        """Change the store in one transaction, then rebuild the snapshot so answers see it at once."""
        result = self.unit(work)
        self.refresh()
        return result

    def sync_seeds_at_start(self) -> SyncReport | None:
        """Load the seeds; if they are broken but the store already has knowledge, keep it and warn."""
        try:
            return self.reload_seeds()
        except DataError as exc:
            has_data = self.unit(lambda s: s.scalar(select(func.count()).select_from(Article)) or 0)
            if not has_data:
                raise
            self.load_warning = f"seeds not loaded, kept the stored knowledge: {exc}"
            log.warning(self.load_warning)
            return None

    def reload_seeds(self) -> SyncReport:
        """Validate all seed files first, then swap them in one transaction and rebuild the snapshot."""
        self.progress.stage(f"loading the seeds from {self.seeds_dir}")
        glossary = load_glossary(self.glossary_path)
        bundle = read_seeds(self.seeds_dir, glossary)
        report = self.unit(lambda session: sync_bundle(session, bundle))
        self.refresh(glossary)
        return report

    def refresh(self, glossary: Glossary | None = None) -> Snapshot:
        """Rebuild the snapshot from the store and swap it in.

        One rebuild at a time, read and swap together: a rebuild that read the store earlier
        can never replace one that read it later.
        """
        glossary = glossary or load_glossary(self.glossary_path)
        self.progress.stage("building the search index")
        with self._lock:
            views = self.unit(read_views)
            snapshot = Snapshot(
                facts=views.facts, articles=views.articles, people=views.people, glossary=glossary
            )
            self._snapshot = snapshot
        return snapshot

    def ask(self, question: str, *, record: bool = False) -> Asked:
        started = time.perf_counter()
        result = answer(self.snapshot, question)
        seconds = time.perf_counter() - started
        if record:
            self.unit(
                lambda s: s.add(
                    Question(lang=result.lang, answered=result.answered, fact_ids=result.fact_ids)
                )
            )
        return Asked(result, seconds)

    def counts(self) -> dict[str, int]:
        """Active subscriptions, digests delivered, questions answered and abstained: for /stats."""

        def count(session: Session) -> dict[str, int]:
            def n(query: Select[int]) -> int:
                return int(session.scalar(query) or 0)

            return {
                "subscriptions": n(select(func.count()).select_from(Subscription).where(Subscription.active)),
                "deliveries": n(select(func.count()).select_from(Delivery).where(Delivery.status == "sent")),
                "answered": n(select(func.count()).select_from(Question).where(Question.answered)),
                "abstained": n(select(func.count()).select_from(Question).where(~Question.answered)),
            }

        return self.unit(count)

    @staticmethod
    def upgrade_store(database_url: str) -> str | None:
        """Apply the migrations to the store at `database_url`; its revision afterwards."""
        engine = db.make_engine(database_url)
        try:
            db.upgrade(engine)
            return db.current_revision(engine)
        finally:
            engine.dispose()

    def close(self) -> None:
        self.engine.dispose()
