"""One result per source ingested: what happened to it, in one line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.exc import SQLAlchemyError

from knowledge.errors import KnowledgeError

log = logging.getLogger(__name__)

IngestStatus = Literal["added", "updated", "duplicate", "failed"]


@dataclass(frozen=True)
class IngestResult:
    source: str  # the path, URL or name it came from
    status: IngestStatus
    article_id: str | None
    title: str | None
    facts: int  # facts extracted (0 for duplicates and failures)
    message: str  # one line: what happened, or what is wrong

    def line(self) -> str:
        """One line for people: ``added     3f2a…  Title  (7 facts)  message``."""
        ident = self.article_id or "-"
        if self.status == "failed":  # the message names the source
            return f"{self.status:<9}  {ident:<16}  {self.message}"
        facts = f"({self.facts} facts)" if self.changed else ""
        title = self.title or self.source
        return "  ".join(
            part for part in (f"{self.status:<9}", f"{ident:<16}", title, facts, self.message) if part
        )

    @property
    def changed(self) -> bool:
        return self.status in ("added", "updated")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _failed(source: str, message: str) -> IngestResult:
    return IngestResult(source, "failed", None, None, 0, _one_line(message))


def guarded(source: str, work: Callable[[], IngestResult]) -> tuple[IngestResult, bool]:
    """Run one source; (result, the source itself is at fault). Nothing escapes but KeyboardInterrupt."""
    try:
        return work(), False
    except KnowledgeError as exc:
        return _failed(source, str(exc)), True
    except SQLAlchemyError as exc:
        log.exception("database error while ingesting %s", source)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return _failed(source, f"{source}: database error ({reason}); try again later"), False
    except Exception as exc:
        log.exception("unexpected error while ingesting %s", source)
        return _failed(source, f"{source}: unexpected error {type(exc).__name__}: {exc}"), False
