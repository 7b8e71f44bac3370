"""Errors the knowledge layer reports to people: one line naming what is wrong and where."""

from __future__ import annotations

from pathlib import Path


class KnowledgeError(Exception):
    """Base class for errors the bot reports to its users or admins."""


class DataError(KnowledgeError):
    """A seed, curated or inbox file that cannot be used as it is."""

    def __init__(self, path: Path | str, entry: str, problem: str) -> None:
        self.path = Path(path)
        self.entry = entry
        self.problem = problem
        super().__init__(f"{self.path.name}: {entry}: {problem}")


class ArticleError(KnowledgeError):
    """An article file or page that cannot be parsed into an article."""


class StoreError(KnowledgeError):
    """The database cannot be reached or is not in a usable state."""


def first_line(error: BaseException) -> str:
    """An exception as one log-friendly line (driver errors run over several)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
