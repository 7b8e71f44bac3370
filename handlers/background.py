"""Blocking work off the event loop: knowledge changes one at a time, and database calls."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
# One knowledge-changing job at a time (inbox, feeds, /reload, /ingest): two of them would
# otherwise race for the same inbox file or feed cursor.
_changes = threading.Lock()
# Database calls have threads of their own: a stalled database holds these, never the event
# loop nor the threads that ingestion and the library use.
_database = ThreadPoolExecutor(max_workers=16, thread_name_prefix="db")


async def off_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `work` in a worker thread, after any other such job, while the bot keeps serving chats."""

    def one_at_a_time() -> T:
        with _changes:
            return work(*args, **kwargs)

    return await asyncio.to_thread(one_at_a_time)


async def db_call(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a database call on a database thread; the event loop goes on serving meanwhile."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_database, partial(work, *args, **kwargs))
