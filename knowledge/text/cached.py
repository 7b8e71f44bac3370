"""Data built once per machine and cached as a file (jieba's trie, the dictionary's): load, build, clean up.

A cache is named by a hash of what it was built from, so a new version of the source builds a new
file. Several installs (virtual environments) may share the cache folder, each with its own
version: a cache is only deleted when no install has read it for `STALE_AFTER` seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import platformdirs

log = logging.getLogger(__name__)

T = TypeVar("T")
STALE_AFTER = 30 * 24 * 3600  # seconds unread after which a cache of another version is deleted
_UNREADABLE = (OSError, ValueError, RuntimeError)


def cache_dir() -> Path:
    return platformdirs.user_cache_path("policybot")


def cache_path(prefix: str, key: str) -> Path:
    """The cache file for `key` (versions and sizes of everything the cache is built from)."""
    return cache_dir() / f"{prefix}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.trie"


def remove_unused(current: Path) -> None:
    """Mark `current` as in use and delete the caches of its kind no install has read for long."""
    now = time.time()
    with contextlib.suppress(OSError):
        os.utime(current, (now, now))
    prefix = current.name.rsplit("-", 1)[0]
    for other in current.parent.glob(f"{prefix}-*.trie"):
        with contextlib.suppress(OSError):
            if other != current and now - other.stat().st_mtime > STALE_AFTER:
                other.unlink()


def load_or_build(
    cache: Path, *, read: Callable[[Path], T], build: Callable[[], T], module: str, source: Path, what: str
) -> T:
    """The cache read, else built by `python -m module SOURCE CACHE` in a child process and read.

    The child keeps a build's transient memory out of a long-running process. When no cache can be
    written (or it goes away before it is read), `build` runs here and nothing is cached.
    """
    try:
        return read(cache)
    except _UNREADABLE as error:
        if cache.exists():
            log.warning("%s cache %s unreadable (%s): rebuilding it", what, cache, error)
    command = [sys.executable, "-m", module, str(source), str(cache)]
    built = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if built.returncode == 0:
        try:
            return read(cache)
        except _UNREADABLE as error:  # removed or replaced meanwhile
            reason = str(error)
    else:
        reason = (built.stderr.strip().splitlines() or [f"exit {built.returncode}"])[-1]
    log.warning("could not cache %s in %s (%s): it is rebuilt at each start", what, cache, reason)
    return build()
