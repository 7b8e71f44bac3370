"""Blocking knowledge work (files, HTTP, database, re-indexing) off the event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
# One knowledge-changing job at a time (inbox, feeds, /reload, /ingest): two of them would
# otherwise race for the same inbox file or feed cursor.
_changes = threading.Lock()


async def off_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `work` in a worker thread, after any other such job, while the bot keeps serving chats."""

    def one_at_a_time() -> T:
        with _changes:
            return work(*args, **kwargs)

    return await asyncio.to_thread(one_at_a_time)
