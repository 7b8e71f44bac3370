"""Reviewed facts exported as curated seed files load back as curated data; the reviews table migrates."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from knowledge import reviews
from knowledge.lexicon.curated import parse_curated_file
from knowledge.service import Knowledge
from knowledge.sources.seeds import read_seeds
from knowledge.store import db
from knowledge.store.curated_export import export_reviewed
from knowledge.store.models import Article, Base, Review
from tests.support.review import EDITED_ZH, decide_three


def topics(knowledge: Knowledge) -> set[str]:
    return set(knowledge.snapshot.glossary.topic_labels)


def test_the_export_validates_as_seeds_with_the_same_ids(store: Knowledge, tmp_path: Path) -> None:
    three = decide_three(store)
    folder = tmp_path / "export"
    exported = store.unit(lambda s: export_reviewed(s, folder, topics=topics(store)))
    assert exported.facts == 2 and not exported.skipped
    [facts_file] = sorted((folder / "facts").glob("*.yaml"))
    [article_file] = sorted((folder / "articles").glob("*.txt"))
    article_id = three.accepted.article_id
    assert facts_file.stem.endswith(article_id) and article_file.stem.endswith(article_id)
    curated = parse_curated_file(facts_file, topics=topics(store))
    assert {entry.id for entry in curated.facts} == {three.accepted.id, three.edited.id}

    bundle = read_seeds(
        folder, store.snapshot.glossary
    )  # the seeds' own validation: quotes verbatim, people declared
    assert list(bundle.articles) == [article_id]
    assert set(bundle.facts) == {three.accepted.id, three.edited.id}
    assert bundle.facts[three.edited.id].summary_zh == EDITED_ZH
    assert all(fact.status == "curated" for fact in bundle.facts.values())


def test_committed_to_the_seeds_the_export_becomes_curated(store: Knowledge, tmp_path: Path) -> None:
    three = decide_three(store)
    seq = store.snapshot.articles[three.accepted.article_id].seq
    folder = tmp_path / "export"
    store.unit(lambda s: export_reviewed(s, folder, topics=topics(store)))
    for part in ("articles", "facts"):
        for path in (folder / part).iterdir():
            shutil.copy(path, store.seeds_dir / part / path.name)

    report = store.reload_seeds()
    assert report.added["facts"] == 2 and report.added["articles"] == 0  # the ingested row is adopted
    snapshot = store.snapshot
    assert snapshot.fact(three.accepted.id).status == "curated"  # type: ignore[union-attr]
    assert snapshot.fact(three.edited.id).summary_zh == EDITED_ZH  # type: ignore[union-attr]
    assert three.rejected.id not in snapshot.by_id
    article = snapshot.articles[three.accepted.article_id]
    assert (article.seq, article.origin) == (seq, "seed")  # digests that carried it do not again
    assert store.unit(lambda s: s.scalar(select(Article.id).where(Article.id == article.id))) == article.id
    assert len(store.unit(lambda s: s.scalars(select(Review)).all())) == 3  # the log stays
    assert store.unit(lambda s: export_reviewed(s, tmp_path / "again", topics=topics(store))).facts == 0
    assert three.accepted.id not in {i.id for i in reviews.queue(store)}


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()
