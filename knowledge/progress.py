"""Progress of long work (ingesting many sources, building the index), told to whoever listens.

The knowledge never prints: a front end passes a `Progress` (the CLI's writes to stderr) and
the work calls it as it goes. `SILENT` is the default.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, label: str) -> None:
        """A step of work begins (`building the search index`)."""

    def item(self, done: int, total: int, label: str) -> None:
        """Item `done` of `total` is finished; `label` says which and how it went."""


class Silent:
    """Progress that nobody hears."""

    def stage(self, label: str) -> None:
        pass

    def item(self, done: int, total: int, label: str) -> None:
        pass


SILENT: Progress = Silent()
