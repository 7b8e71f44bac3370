"""One leader among the replicas: the one holding a PostgreSQL advisory lock (on SQLite, the one process).

The leader long-polls (in polling mode), runs the scheduled jobs and sends the digests. The lock
is held by a connection of its own, checked every `interval` seconds from a thread; when the
leader dies its session ends, PostgreSQL releases the lock, and a standby takes it on its next
try. A leader that loses its connection stops leading at once (its lock is gone with it).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from handlers.context import Role
from knowledge.errors import first_line

log = logging.getLogger(__name__)

LOCK_KEY = 0x706F6C6963790001  # "policy" + 1: the leader lock's advisory-lock key (bigint)
INTERVAL_S = 2.0


class Leadership:
    def __init__(self, postgres_url: str | None, role: Role, interval: float = INTERVAL_S) -> None:
        """`postgres_url`: the store's libpq address (`Knowledge.postgres_url`); None on SQLite."""
        self.role = role
        self.interval = interval
        self.postgres = postgres_url is not None
        self._url = postgres_url or ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="leadership", daemon=True)
        role.leader = not self.postgres  # SQLite: one process, always the leader

    def start(self) -> None:
        if self.postgres:
            self.role.leader = False
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 5)

    def _set(self, leader: bool) -> None:
        if leader != self.role.leader:
            log.warning("event=%s worker=%s", "leading" if leader else "standing_by", self.role.worker)
        self.role.leader = leader

    def _run(self) -> None:
        import psycopg

        connection: Any = None
        while not self._stop.is_set():
            try:
                if connection is None:
                    connection = psycopg.connect(
                        self._url,
                        autocommit=True,
                        connect_timeout=5,
                        keepalives=1,
                        keepalives_idle=5,
                        keepalives_interval=2,
                        keepalives_count=2,
                        tcp_user_timeout=int(self.interval * 2500),
                        options="-c statement_timeout=5000",
                    )
                if self.role.leader:
                    connection.execute("SELECT 1")  # the lock lives as long as this session
                else:
                    row = connection.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
                    self._set(bool(row and row[0]))
            except Exception as exc:
                log.warning("event=leadership_check_failed error=%r", first_line(exc))
                self._set(False)
                if connection is not None:
                    try:
                        connection.close()
                    except Exception:
                        log.debug("closing the lock connection failed", exc_info=True)
                    connection = None
            self._stop.wait(self.interval)
        self._set(False)
        if connection is not None:
            connection.close()  # ends the session: the lock is released at once
