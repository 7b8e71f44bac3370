"""What ingestion needs of the knowledge service (`knowledge.service.Knowledge` is one).

Ingestion runs below the service: it is handed the service and reaches the store only
through units of work, so it never imports the service it serves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from knowledge.lexicon.glossary import Glossary
from knowledge.progress import Progress

T = TypeVar("T")


class Workspace(Protocol):
    @property
    def glossary_path(self) -> Path: ...

    @property
    def progress(self) -> Progress:
        """Where long work reports how far it has got."""
        ...

    def unit(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one session, committed if it returns, rolled back if it raises."""
        ...

    def refresh(self, glossary: Glossary | None = None) -> object:
        """Rebuild the snapshot from the store and swap it in."""
        ...
