"""The review queue and its decisions in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import reviews
from knowledge.answer import lookups
from knowledge.facts import Status
from knowledge.ingest.pipeline import ingest_bytes
from knowledge.render.answers import render_facts
from knowledge.render.digest import build_digest, render_digest
from knowledge.render.reply import render_answer
from knowledge.reviews import ReviewError
from knowledge.service import Knowledge
from knowledge.store.models import Fact, Review
from tests.support.review import (
    ARTICLE,
    CHANGED,
    EDITED_EN,
    EDITED_ZH,
    S1,
    S1_CHANGED,
    S5,
    capture,
    decide_three,
    pick,
)

NOT_REVIEWED = ("未经人工核对", "not reviewed")


def statuses(knowledge: Knowledge, ids: tuple[str, ...]) -> dict[str, str | None]:
    def read(session: Session) -> dict[str, str | None]:
        return {i: (row.status if (row := session.get(Fact, i)) else None) for i in ids}

    return knowledge.unit(read)


def test_the_queue_holds_extracted_facts_newest_article_first(store: Knowledge) -> None:
    first = reviews.queue(store)
    assert first and {item.status for item in first} == {"extracted"}
    assert reviews.queue_length(store) == len(first)
    assert all(item.quote in ARTICLE.decode() for item in first)
    newer = capture(
        "江宁区科技局局长许安然表示,江宁将每年发放总额不超过800万元的算力券。",
        title="江宁发放算力券",
        url="https://news.example.invalid/jiangning.html",
    )
    assert ingest_bytes(store, newer, name="jiangning.txt").status == "added"
    queue = reviews.queue(store)
    assert "江宁" in queue[0].quote  # the newest article comes first
    assert len(queue) > len(first)
    curated = {f.id for f in store.snapshot.facts if f.status == "curated"}
    assert curated and not curated & {item.id for item in queue}


def test_three_decisions_change_what_the_bot_shows_and_are_logged(store: Knowledge) -> None:
    three = decide_three(store, actor="telegram:9001")
    assert statuses(store, three.ids) == dict(
        zip(three.ids, ["reviewed", "rejected", "reviewed"], strict=True)
    )
    snapshot = store.snapshot
    assert three.rejected.id not in snapshot.by_id  # rejected: gone from answers, lists, digests
    assert snapshot.fact(three.edited.id).summary_zh == EDITED_ZH  # type: ignore[union-attr]
    assert snapshot.fact(three.edited.id).summary_en == EDITED_EN  # type: ignore[union-attr]

    accepted = snapshot.fact(three.accepted.id)
    assert accepted is not None
    text = render_facts([accepted], snapshot, "zh")
    assert accepted.quote in text and not any(label in text for label in NOT_REVIEWED)

    han = lookups.person(snapshot, "韩知秋")
    assert han.facts and three.rejected.id not in {f.id for f in han.facts}
    digest = build_digest(snapshot, after_seq=0, limit=50)
    assert three.rejected.summary_zh not in render_digest(digest, snapshot)
    assert three.rejected.id not in {i.id for i in reviews.queue(store)}

    log = store.unit(lambda s: list(s.scalars(select(Review).order_by(Review.id))))
    assert [(r.fact_id, r.action, r.actor) for r in log] == [
        (three.accepted.id, "accept", "telegram:9001"),
        (three.rejected.id, "reject", "telegram:9001"),
        (three.edited.id, "edit", "telegram:9001"),
    ]
    assert all(r.at is not None for r in log)
    assert log[1].before["status"] == "extracted" and log[1].after["status"] == "rejected"
    assert log[2].before["summary_zh"] == three.edited.summary_zh
    assert log[2].after["summary_zh"] == EDITED_ZH


def test_reviewed_facts_are_listed_before_extracted_ones(store: Knowledge) -> None:
    three = decide_three(store)
    fang = lookups.person(store.snapshot, "方志远").facts
    statements = [f for f in fang if f.kind == three.accepted.kind]
    assert len(statements) > 1 and statements[0].id == three.accepted.id
    asked = store.ask("方志远指出了什么问题")
    assert three.accepted.id in asked.answer.fact_ids
    assert "成本偏高" in render_answer(asked.answer, store.snapshot)


def test_rejected_facts_keep_who_and_when_and_can_be_restored(store: Knowledge) -> None:
    three = decide_three(store, actor="cli:ana")
    [rejected] = reviews.listing(store, Status.REJECTED)
    assert (rejected.id, rejected.decided_by) == (three.rejected.id, "cli:ana")
    assert rejected.decided_at is not None
    outcome = reviews.restore(store, [three.rejected.id], actor="cli:ana")
    assert outcome.changed == [three.rejected.id]
    assert three.rejected.id in store.snapshot.by_id
    assert three.rejected.id in {i.id for i in reviews.queue(store)}
    again = reviews.accept(store, [three.accepted.id], actor="cli:ana")
    assert again.unchanged == [three.accepted.id] and not again.changed
    actions = [r.action for r in reviews.history(store, three.rejected.id)]
    assert actions == ["reject", "restore"]


def test_bad_decisions_change_nothing(store: Knowledge) -> None:
    queue = reviews.queue(store)
    curated = next(f.id for f in store.snapshot.facts if f.status == "curated")
    with pytest.raises(ReviewError, match="no fact"):
        reviews.accept(store, [queue[0].id, "x-no-such-fact"], actor="t")
    with pytest.raises(ReviewError, match="curated"):
        reviews.reject(store, [curated], actor="t")
    with pytest.raises(ReviewError, match="unknown people"):
        reviews.edit(store, queue[0].id, actor="t", people=["nobody-at-all"])
    with pytest.raises(ReviewError, match="unknown kind"):
        reviews.edit(store, queue[0].id, actor="t", kind="rumour")
    with pytest.raises(ReviewError, match="unknown regions"):
        reviews.edit(store, queue[0].id, actor="t", regions=["亚特兰蒂斯"])
    assert reviews.queue(store) == queue
    assert store.unit(lambda s: s.scalars(select(Review)).all()) == []


def test_an_edit_may_set_kind_people_and_regions(store: Knowledge) -> None:
    item = pick(reviews.queue(store), S1, "statement")
    edited = reviews.edit(store, item.id, actor="t", kind="figure", people=["方志远"], regions=["上海"])
    assert (edited.kind, edited.status, edited.regions) == ("figure", "reviewed", ("上海",))
    assert len(edited.people) == 1 and edited.people[0].startswith("x-")
    assert edited.summary_zh == item.summary_zh  # untouched fields stay


def test_reload_and_reingest_keep_all_three_decisions(store: Knowledge) -> None:
    three = decide_three(store)
    doomed = pick(reviews.queue(store), S1, "statement")  # its sentence changes below
    reviews.accept(store, [doomed.id], actor="t")
    expected = dict(zip(three.ids, ["reviewed", "rejected", "reviewed"], strict=True))

    store.reload_seeds()
    assert statuses(store, three.ids) == expected
    assert ingest_bytes(store, ARTICLE, name="again.txt").status == "duplicate"
    assert statuses(store, three.ids) == expected

    result = ingest_bytes(store, CHANGED, name="changed.txt")
    assert result.status == "updated", result.message
    assert statuses(store, three.ids) == expected
    assert store.snapshot.fact(three.edited.id).summary_zh == EDITED_ZH  # type: ignore[union-attr]
    assert three.rejected.id not in store.snapshot.by_id
    queue = reviews.queue(store)
    kept = {(three.accepted.quote, three.accepted.kind), (three.rejected.quote, three.rejected.kind)}
    kept.add((three.edited.quote, three.edited.kind))
    assert not kept & {(item.quote, item.kind) for item in queue}  # decided facts are not queued again
    assert any(S5 in item.quote for item in queue) and any(S1_CHANGED in item.quote for item in queue)
    assert statuses(store, (doomed.id,)) == {doomed.id: None}  # its quote is gone from the article
    assert [r.action for r in reviews.history(store, doomed.id)] == ["accept"]
