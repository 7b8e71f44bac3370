"""Schedules, catch-up and the delivery ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from knowledge import schedule as schedules
from knowledge.render.digest import build_digest, render_digest
from knowledge.service import Knowledge
from knowledge.store import ledger as subs
from knowledge.store.models import Subscription

TOPICS = {"compute", "data", "talent"}
CUES = {"算力": "compute", "数据": "data"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([], schedules.Schedule("daily", "09:00")),
        (["daily", "7:05"], schedules.Schedule("daily", "07:05")),
        (
            ["weekly", "fri", "18:30", "compute", "数据"],
            schedules.Schedule("weekly", "18:30", 4, ("compute", "data")),
        ),
        (["每周", "周一", "08:00"], schedules.Schedule("weekly", "08:00", 0)),
    ],
)
def test_schedules_parse(words: list[str], expected: schedules.Schedule) -> None:
    assert schedules.parse_schedule(words, TOPICS, topic_for=CUES) == expected


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["weekly"], "weekly needs a day"),
        (["daily", "25:00"], "not a time"),
        (["astrology"], "unknown topic"),
    ],
)
def test_bad_schedules_say_what_is_wrong(words: list[str], message: str) -> None:
    with pytest.raises(schedules.ScheduleError, match=message):
        schedules.parse_schedule(words, TOPICS, topic_for=CUES)


def _subscription(**changes: object) -> Subscription:
    values: dict[str, object] = {
        "chat_id": -1,
        "chat_type": "group",
        "cadence": "daily",
        "at_time": "09:00",
        "timezone": "Asia/Shanghai",
        "weekday": None,
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        "last_run_at": None,
    }
    values.update(changes)
    return Subscription(**values)


def test_a_digest_due_while_the_bot_was_down_is_caught_up() -> None:
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
    ran_yesterday = _subscription(last_run_at=now - timedelta(days=1))
    assert subs.missed(ran_yesterday, now)  # 09:00 today passed since
    ran_after_nine = _subscription(last_run_at=now - timedelta(minutes=30))
    assert not subs.missed(ran_after_nine, now)
    weekly = _subscription(cadence="weekly", weekday=0, last_run_at=now - timedelta(days=1))  # Monday 09:00
    assert subs.last_due(weekly, now).astimezone(UTC) == datetime(2026, 11, 24, 1, 0, tzinfo=UTC) - timedelta(
        days=1
    )
    assert not subs.missed(weekly, now)


def test_a_subscription_starts_after_what_is_known_and_migrates(database_url: str, seeds_dir: Path) -> None:
    knowledge = Knowledge.open(database_url, seeds_dir)
    try:
        schedule = schedules.Schedule("daily", "09:00")
        sub, created = knowledge.unit(
            lambda s: subs.subscribe(
                s,
                chat_id=-42,
                chat_type="group",
                chat_title="t",
                thread_id=None,
                schedule=schedule,
                timezone="Asia/Shanghai",
                user_id=1,
            )
        )
        assert created
        assert sub.cursor_seq == 5  # starts after the five seed articles
        moved = knowledge.unit(lambda s: subs.migrate(s, -42, -10042))
        assert moved is not None
        assert moved.cursor_seq == 5
    finally:
        knowledge.close()


def test_digest_lists_new_articles_with_key_facts_and_filters_topics(knowledge: Knowledge) -> None:
    snapshot = knowledge.snapshot
    everything = build_digest(snapshot, after_seq=0)
    assert len(everything.items) == 5
    assert everything.to_seq == 5
    html = render_digest(everything, snapshot, "html")
    assert "Policy digest: 5 new articles" in html
    assert all(item.article.title.replace("&", "&amp;")[:10] in html for item in everything.items)
    chips = build_digest(snapshot, after_seq=0, topics=["chips"])
    assert 0 < len(chips.items) < 5
    assert all("chips" in fact.topics for item in chips.items for fact in item.facts)
    assert chips.to_seq == 5  # filtered-out articles are not offered again
    assert build_digest(snapshot, after_seq=5).empty
