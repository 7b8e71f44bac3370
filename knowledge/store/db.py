"""Engines, sessions and migrations for the store (SQLite by default, PostgreSQL supported).

Alembic (~11 MiB resident, imported whole by any of its modules) is imported only to migrate:
a store already at HEAD, the newest migration (a test keeps them equal), is left alone without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from knowledge.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0003"  # the revision of the newest script in migrations/versions
STATEMENT_TIMEOUT_MS = 30_000  # PostgreSQL: the longest statement (a large seed sync stays well under)
LOCK_TIMEOUT_MS = 5_000  # PostgreSQL: the longest wait for a lock held by someone else
TCP_USER_TIMEOUT_MS = 15_000  # PostgreSQL: sent data unacknowledged this long breaks the connection
BUSY_TIMEOUT_MS = 5_000  # SQLite: the longest wait for another writer
POOL_TIMEOUT_S = 10.0  # the longest wait for a free connection from the pool


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'policybot.sqlite3'}"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on; a writer waits for another instead of failing; WAL: readers never wait for
    a writer, and a commit is one append (synchronous=NORMAL stays durable across crashes of the
    process, as SQLite documents for WAL)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine and check the database answers; StoreError in one line if not."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"database URL {url!r} is not valid: {exc}") from exc
    if parsed.drivername == "postgresql":  # prefer psycopg 3, the driver we ship
        parsed = parsed.set(drivername="postgresql+psycopg")
    safe = parsed.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the database folder {folder}: {exc.strerror}") from exc
    if parsed.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
        kwargs["pool_timeout"] = POOL_TIMEOUT_S
        kwargs["connect_args"] = {
            "connect_timeout": 5,
            # no statement waits on a lock or runs for ever; a stalled network is noticed
            "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}",
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 3,
            "keepalives_count": 3,
            "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        }
    elif parsed.get_backend_name() == "sqlite":
        kwargs["pool_timeout"] = POOL_TIMEOUT_S
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(f"database URL {safe} is not supported: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        reason = (str(exc.orig) if exc.orig else str(exc)).strip().splitlines()[0]
        raise StoreError(f"cannot reach the database {safe}: {reason}") from exc
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision`; nothing to do, without Alembic, when the store is at HEAD."""
    if revision == "head" and current_revision(engine) == HEAD:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return str(row[0]) if row else None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for one unit of work: committed if the block succeeds, rolled back if not."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
