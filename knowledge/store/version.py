"""The knowledge version: raised by every change, watched by every replica (LISTEN/NOTIFY or polling).

Each ingest or reload raises the version in the database in its own transaction; on PostgreSQL
the same transaction sends a NOTIFY, delivered when it commits. Every process watches the version
in a thread of its own (a LISTEN connection on PostgreSQL, with a poll as a fallback at each
timeout; a poll alone on SQLite) and rebuilds its snapshot when the version moved past its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from knowledge.errors import first_line
from knowledge.store.models import KnowledgeState, utcnow

log = logging.getLogger(__name__)

CHANNEL = "policybot_knowledge"
ROW = 1


def current(session: Session) -> int:
    return int(session.scalar(select(KnowledgeState.version).where(KnowledgeState.id == ROW)) or 0)


def bump(session: Session) -> int:
    """Raise the version (and NOTIFY on PostgreSQL, sent at commit); returns the new version."""
    session.execute(
        update(KnowledgeState)
        .where(KnowledgeState.id == ROW)
        .values(version=KnowledgeState.version + 1, changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    version = current(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(version)}
        )
    return version


class Watcher:
    """Calls `check()` whenever the version may have changed, from a daemon thread, until stopped."""

    def __init__(self, engine: Engine, check: Callable[[], object], interval: float = 1.0) -> None:
        self.engine = engine
        self.check = check
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="knowledge-version", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.engine.dialect.name == "postgresql":
                    self._listen()
                else:
                    self._check()
                    self._stop.wait(self.interval)
            except Exception as exc:  # the database is away: try again a moment later
                log.warning("event=version_watch_failed error=%r", first_line(exc))
                self._stop.wait(max(self.interval, 2.0))

    def _check(self) -> None:
        try:
            self.check()
        except Exception as exc:
            log.warning("event=version_check_failed error=%r", first_line(exc))

    def _listen(self) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self._check()  # a change made before LISTEN took effect
            while not self._stop.is_set():
                for _ in connection.notifies(timeout=self.interval * 5, stop_after=1):
                    pass
                self._check()  # after a notification, and at each timeout as a poll
