"""Fixtures of the review tests: the seeds and the Linchuan article in a store (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.ingest.pipeline import ingest_bytes
from knowledge.service import Knowledge
from tests.support.review import ARTICLE


@pytest.fixture
def store(database_url: str, seeds_copy: Path) -> Iterator[Knowledge]:
    """The seeds and the Linchuan article, on SQLite and PostgreSQL."""
    knowledge = Knowledge.open(database_url, seeds_copy)
    result = ingest_bytes(knowledge, ARTICLE, name="linchuan.txt")
    assert result.status == "added", result.message
    yield knowledge
    knowledge.close()
