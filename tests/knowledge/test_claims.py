"""The delivery ledger's claims and the knowledge version, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from knowledge.service import Knowledge
from knowledge.store import claims
from knowledge.store.ledger import missed
from knowledge.store.models import Delivery, Question, Subscription, utcnow
from tests.support.subscribers import subscribe_daily


@pytest.fixture
def store(database_url: str, seeds_dir: Path) -> Iterator[Knowledge]:
    knowledge = Knowledge.open(database_url, seeds_dir)
    yield knowledge
    knowledge.close()


def queue(knowledge: Knowledge, chat_id: int, parts: list[str], to_seq: int = 9) -> int | None:
    def work(session: Session) -> int | None:
        subscription = session.get(Subscription, chat_id)
        assert subscription is not None
        return claims.enqueue(session, subscription, to_seq=to_seq, article_ids=["a"], parts=parts)

    return knowledge.unit(work)


def test_a_digest_is_queued_once_however_many_runs_fall_due(store: Knowledge) -> None:
    subscribe_daily(store, [-1], user_id=1)
    stale = store.unit(lambda s: s.get(Subscription, -1))  # both runs read the cursor before either queued

    assert stale is not None

    def run(session: Session) -> int | None:
        assert stale is not None
        return claims.enqueue(session, stale, to_seq=9, article_ids=["a"], parts=["x"])

    first, second = store.unit(run), store.unit(run)
    assert first is not None and second is None
    rows = store.unit(lambda s: list(s.scalars(select(Delivery))))
    assert [(r.chat_id, r.from_seq, r.to_seq) for r in rows] == [(-1, 5, 9)]
    assert store.unit(lambda s: s.get(Subscription, -1)).cursor_seq == 9  # type: ignore[union-attr]


def test_a_claim_is_exclusive_until_its_lease_runs_out(store: Knowledge) -> None:
    subscribe_daily(store, [-1], user_id=1)
    queue(store, -1, ["part one", "part two"])
    now = utcnow()
    mine = store.unit(lambda s: claims.claim_next(s, "a", now=now))
    assert mine is not None and mine.remaining == ["part one", "part two"]
    assert store.unit(lambda s: claims.claim_next(s, "b", now=now + timedelta(seconds=59))) is None
    assert store.unit(lambda s: claims.confirm_part(s, mine, 101, now=now))  # renews: 60 s from now
    assert store.unit(lambda s: claims.claim_next(s, "b", now=now + timedelta(seconds=59))) is None
    # a dead worker's lease runs out: another takes over and resumes after the confirmed part
    later = now + timedelta(seconds=61)
    theirs = store.unit(lambda s: claims.claim_next(s, "b", now=later))
    assert theirs is not None and theirs.remaining == ["part two"] and theirs.attempts == 2
    assert not store.unit(lambda s: claims.confirm_part(s, mine, 102, now=later))  # lost: no effect
    assert store.unit(lambda s: claims.confirm_part(s, theirs, 103, now=later))
    row = store.unit(lambda s: s.scalars(select(Delivery)).one())
    assert (row.status, row.message_ids, row.lease_until) == ("sent", [101, 103], None)
    assert store.unit(lambda s: claims.claim_next(s, "c", now=later + timedelta(hours=1))) is None


def test_a_failed_send_waits_for_its_retry_unless_an_admin_hurries_it(store: Knowledge) -> None:
    subscribe_daily(store, [-1], user_id=1)
    delivery_id = queue(store, -1, ["x"])
    assert delivery_id is not None
    claim = store.unit(lambda s: claims.claim_next(s, "a"))
    assert claim is not None
    assert store.unit(lambda s: claims.release(s, claim, "chat not found", retry_in=30)) == "pending"
    assert store.unit(lambda s: claims.claim_next(s, "a")) is None
    assert store.unit(lambda s: claims.open_delivery(s, -1)) is not None  # no second digest queued meanwhile
    store.unit(lambda s: claims.hurry(s, [delivery_id]))
    again = store.unit(lambda s: claims.claim_next(s, "a"))
    assert again is not None
    assert store.unit(lambda s: claims.release(s, again, "blocked", retry_in=None)) == "failed"
    assert store.unit(lambda s: claims.statuses(s, [delivery_id])) == {delivery_id: ("failed", 2, False)}


def test_concurrent_workers_claim_each_delivery_exactly_once(store: Knowledge) -> None:
    chats = [-i for i in range(1, 61)]
    subscribe_daily(store, chats, user_id=1)
    for chat in chats:
        queue(store, chat, ["x"])
    claimed: list[int] = []
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            while (claim := store.unit(lambda s: claims.claim_next(s, name))) is not None:
                claimed.append(claim.chat_id)
                store.unit(lambda s, c=claim: claims.confirm_part(s, c, 1))  # type: ignore[misc]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(claimed) == sorted(chats)
    assert store.unit(claims.backlog) == 0


def test_topic_filtered_articles_are_skipped_without_a_delivery(store: Knowledge) -> None:
    subscribe_daily(store, [-1], user_id=1)
    store.unit(lambda s: claims.skip_to(s, -1, from_seq=5, to_seq=7))
    store.unit(lambda s: claims.skip_to(s, -1, from_seq=5, to_seq=8))  # stale: the cursor moved already
    assert store.unit(lambda s: s.get(Subscription, -1)).cursor_seq == 7  # type: ignore[union-attr]
    assert store.unit(lambda s: list(s.scalars(select(Delivery)))) == []
    assert not missed(store.unit(lambda s: s.get(Subscription, -1)), utcnow())  # type: ignore[arg-type]


def test_another_process_sees_a_change_within_seconds(database_url: str, seeds_dir: Path) -> None:
    one = Knowledge.open(database_url, seeds_dir)
    other = Knowledge.open(database_url, seeds_dir)
    try:
        other.watch(interval=0.5)
        before = other.version
        one.refresh()  # what an ingest or a reload does after its change
        assert one.version == before + 1
        deadline = time.monotonic() + 5
        while other.version != one.version and time.monotonic() < deadline:
            time.sleep(0.05)
        assert other.version == one.version
    finally:
        one.close()
        other.close()


def test_an_answer_survives_a_failing_statistics_write(store: Knowledge) -> None:
    store.unit(lambda s: s.execute(text("DROP TABLE questions")))
    asked = store.ask("宁夏算力券多少", record=True)
    assert asked.answer.answered
    store.flush_stats()
    assert store.ask("上海算力目标是多少", record=True).answer.answered  # the writer keeps going


def test_statistics_are_written_in_the_background(store: Knowledge) -> None:
    store.ask("宁夏算力券多少", record=True)
    store.ask("What is the capital of France?", record=True)
    store.flush_stats()
    rows = store.unit(lambda s: sorted(q.answered for q in s.scalars(select(Question))))
    assert rows == [False, True]
