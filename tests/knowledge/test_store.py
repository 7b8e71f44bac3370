"""The store on SQLite and PostgreSQL: migrations, idempotent and atomic loading, clear connection errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from knowledge.errors import DataError, StoreError
from knowledge.service import Knowledge
from knowledge.store import db
from knowledge.store.models import Article, Fact, Person, Subscription


def _counts(knowledge: Knowledge) -> dict[str, int]:
    def count(session: object) -> dict[str, int]:
        assert hasattr(session, "scalar")
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Article, Person, Fact)
        }

    return knowledge.unit(count)


def _fact_ids(knowledge: Knowledge) -> list[str]:
    return knowledge.unit(lambda s: list(s.scalars(select(Fact.id).order_by(Fact.id))))


def test_migrations_reach_head_and_seeds_load(database_url: str, seeds_dir: Path) -> None:
    knowledge = Knowledge.open(database_url, seeds_dir)
    try:
        assert db.current_revision(knowledge.engine) is not None
        counts = _counts(knowledge)
        assert counts["articles"] == 5
        assert counts["facts"] > 200
        assert counts["people"] >= 15
    finally:
        knowledge.close()


def test_loading_twice_gives_the_same_table(database_url: str, seeds_dir: Path) -> None:
    knowledge = Knowledge.open(database_url, seeds_dir)
    try:
        before, ids = _counts(knowledge), _fact_ids(knowledge)
        report = knowledge.reload_seeds()
        assert report.unchanged, report.summary()
        assert _counts(knowledge) == before
        assert _fact_ids(knowledge) == ids
    finally:
        knowledge.close()
    reopened = Knowledge.open(database_url, seeds_dir)
    try:
        assert _fact_ids(reopened) == ids
    finally:
        reopened.close()


def test_a_broken_reload_changes_nothing(database_url: str, seeds_copy: Path) -> None:
    knowledge = Knowledge.open(database_url, seeds_copy)
    try:
        before, ids = _counts(knowledge), _fact_ids(knowledge)
        curated = seeds_copy / "facts" / "003_4efd2b96af175422.yaml"
        text = curated.read_text(encoding="utf-8")
        curated.write_text(text.replace("kind: figure", "kind: rumour", 1), encoding="utf-8")
        (seeds_copy / "facts" / "000_cb80481c08866e9a.yaml").unlink()  # would remove 35 facts if applied
        with pytest.raises(DataError) as caught:
            knowledge.reload_seeds()
        assert "003_4efd2b96af175422.yaml" in str(caught.value)
        assert "kind" in str(caught.value)
        assert _counts(knowledge) == before
        assert _fact_ids(knowledge) == ids
        assert len(knowledge.snapshot.facts) == before["facts"]
    finally:
        knowledge.close()


def test_a_changed_entry_is_reported_as_changed(database_url: str, seeds_copy: Path) -> None:
    knowledge = Knowledge.open(database_url, seeds_copy)
    try:
        curated = seeds_copy / "facts" / "004_57cee5672ad075ba.yaml"
        text = curated.read_text(encoding="utf-8")
        curated.write_text(text.replace("topics: [", "topics: [research, ", 1), encoding="utf-8")
        report = knowledge.reload_seeds()
        assert report.changed["facts"] == 1
        assert report.added["facts"] == report.removed["facts"] == 0
    finally:
        knowledge.close()


def test_subscriptions_keep_big_chat_ids(database_url: str, seeds_dir: Path) -> None:
    knowledge = Knowledge.open(database_url, seeds_dir)
    try:
        chat_id = -1001234567890123
        knowledge.unit(
            lambda s: s.add(
                Subscription(
                    chat_id=chat_id,
                    chat_type="supergroup",
                    cadence="daily",
                    at_time="09:00",
                    timezone="Asia/Shanghai",
                )
            )
        )
        stored = knowledge.unit(lambda s: s.get(Subscription, chat_id))
        assert stored is not None and stored.chat_id == chat_id and stored.topics == []
    finally:
        knowledge.close()


@pytest.mark.parametrize(
    "url",
    ["postgresql://nobody@127.0.0.1:9/none", "sqlite:////proc/forbidden/x.sqlite3", "nonsense://"],
)
def test_an_unreachable_database_gives_one_clear_line(url: str, seeds_dir: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Knowledge.open(url, seeds_dir)
    assert "\n" not in str(caught.value)
    assert "database" in str(caught.value)


def test_a_seed_file_takes_over_the_same_article_ingested_before(database_url: str, seeds_copy: Path) -> None:
    from knowledge.ingest.pipeline import ingest_paths_and_urls

    article = Path(__file__).resolve().parent.parent / "ingest" / "fixtures" / "shenzhen_robots.txt"
    knowledge = Knowledge.open(database_url, seeds_copy)
    try:
        [result] = ingest_paths_and_urls(knowledge, [str(article)])
        assert result.status == "added", result
        seq = knowledge.unit(lambda s: s.scalar(select(Article.seq).where(Article.id == result.article_id)))
        extracted = knowledge.unit(
            lambda s: s.scalar(select(func.count()).where(Fact.article_id == result.article_id))
        )
        assert extracted

        (seeds_copy / "articles" / f"900_{'ab' * 8}.txt").write_bytes(article.read_bytes())
        report = knowledge.reload_seeds()

        assert report.added["articles"] == 0, report.summary()
        row = knowledge.unit(lambda s: s.scalars(select(Article).where(Article.seq == seq)).one())
        assert (row.id, row.origin) == ("ab" * 8, "seed")
        moved = knowledge.unit(lambda s: s.scalar(select(func.count()).where(Fact.article_id == row.id)))
        assert moved == extracted
        assert _counts(knowledge)["articles"] == 6
    finally:
        knowledge.close()
