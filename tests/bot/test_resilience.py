"""The bot keeps answering while the database is locked, stalled or gone; edits get no second answer."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.settings import Settings
from tests.support.dbproxy import TcpProxy
from tests.support.e2e import running
from tests.support.fakebot import TOKEN, FakeBotAPI, command, message_update, private_text

ADMIN = 9001
USER = 4242
QUESTION = "宁夏算力券多少"


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    yield from FakeBotAPI.serve()


def settings_for(fake: FakeBotAPI, tmp_path: Path, seeds_dir: Path, database_url: str) -> Settings:
    return Settings(
        telegram_bot_token=SecretStr(TOKEN),
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        database_url=database_url,
        data_dir=tmp_path / "data",
        seeds_dir=seeds_dir,
        admin_ids=frozenset({ADMIN}),
        metrics_port=0,
    )


async def answered_within(fake: FakeBotAPI, update: dict[str, object], chat: int, seconds: float) -> str:
    """Push an update; its reply's text, which must come within `seconds`."""
    before = len(fake.messages_to(chat))
    started = time.monotonic()
    fake.push_update(update)
    await fake.wait_for(lambda: len(fake.messages_to(chat)) > before, timeout=seconds + 5)
    reply = fake.messages_to(chat)[before]
    assert reply.time - started < seconds, f"answered after {reply.time - started:.2f} s"
    return reply.text or ""


async def test_an_edited_question_gets_no_second_answer(
    fake: FakeBotAPI, tmp_path: Path, seeds_dir: Path
) -> None:
    settings = settings_for(fake, tmp_path, seeds_dir, f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    async with running(fake, settings):
        update = private_text(USER, QUESTION)
        fake.push_update(update)
        await fake.wait_for_messages(USER)
        edited = dict(update["message"])
        edited.update(text="上海算力目标是多少", edit_date=int(time.time()))
        fake.push_update(message_update(edited, kind="edited_message"))
        fake.push_update(private_text(USER, "/help"))  # a later update, so the edit was handled by then
        await fake.wait_for(lambda: len(fake.messages_to(USER)) >= 2)
        await asyncio.sleep(0.3)
        texts = [m.text or "" for m in fake.messages_to(USER)]
        assert len(texts) == 2 and "4000万" in texts[0] and "/ask" in texts[1]


@asynccontextmanager
async def locked_questions(database_url: str) -> AsyncIterator[None]:
    """Another connection holds the statistics table (PostgreSQL) or the whole database (SQLite)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(url.database), isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as pg:
        pg.execute("LOCK TABLE questions IN ACCESS EXCLUSIVE MODE")
        yield
        pg.rollback()


async def test_help_and_questions_answer_within_a_second_while_a_table_is_locked(
    fake: FakeBotAPI, tmp_path: Path, seeds_dir: Path, database_url: str
) -> None:
    async with running(fake, settings_for(fake, tmp_path, seeds_dir, database_url)) as app:
        fake.push_update(private_text(USER, QUESTION))  # warm up: the first answer loads the tokenizer
        await fake.wait_for_messages(USER)
        async with locked_questions(database_url):
            for user in range(5000, 5006, 2):  # each its own chat: one chat's pace is a message a second
                assert "4000万" in await answered_within(fake, private_text(user, QUESTION), user, 1.0)
                assert "/ask" in await answered_within(fake, command(user + 1, "/help"), user + 1, 1.0)
        assert app.bot_data.knowledge is not None
        app.bot_data.knowledge.flush_stats(10)


@pytest.mark.postgres
async def test_help_and_questions_answer_within_a_second_while_the_database_stalls_or_is_gone(
    fake: FakeBotAPI, tmp_path: Path, seeds_dir: Path, postgres_server_url: str
) -> None:
    url = make_url(postgres_server_url)
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False)) as reset:
        reset.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        reset.commit()
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        async with running(fake, settings_for(fake, tmp_path, seeds_dir, through)):
            fake.push_update(private_text(USER, QUESTION))
            await fake.wait_for_messages(USER)
            proxy.stall()
            for user in range(5000, 5006, 2):  # each its own chat: one chat's pace is a message a second
                assert "4000万" in await answered_within(fake, private_text(user, QUESTION), user, 1.0)
                assert "/ask" in await answered_within(fake, command(user + 1, "/help"), user + 1, 1.0)
            proxy.cut()
            assert "4000万" in await answered_within(fake, private_text(5100, QUESTION), 5100, 1.0)
            # a handler that needs the database fails: the admins hear of it once, without secrets
            fake.push_update(command(ADMIN, "/stats"))
            fake.push_update(command(ADMIN, "/stats"))
            await fake.wait_for(
                lambda: sum("went wrong" in (m.text or "") for m in fake.messages_to(ADMIN)) == 2, timeout=30
            )
            # the report is paced like any message to that chat: it may come after the replies
            await fake.wait_for(
                lambda: any("policybot error" in (m.text or "") for m in fake.messages_to(ADMIN))
            )
            await asyncio.sleep(1.5)  # time for a second report, which must not come
            reports = [m.text or "" for m in fake.messages_to(ADMIN) if "policybot error" in (m.text or "")]
            assert len(reports) == 1
            assert "OperationalError in knowledge.service" in reports[0] and TOKEN not in reports[0]
            proxy.resume()


async def test_a_reply_answered_500_is_sent_again(fake: FakeBotAPI, tmp_path: Path, seeds_dir: Path) -> None:
    settings = settings_for(fake, tmp_path, seeds_dir, f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    async with running(fake, settings):
        fake.fail_sends(500, times=2, chat_id=USER)
        fake.push_update(private_text(USER, QUESTION))
        await fake.wait_for(lambda: bool(fake.messages_to(USER)), timeout=10)
        failed = [call for call in fake.calls_to("sendMessage") if call.status == 500]
        assert len(failed) == 2
        [reply] = fake.messages_to(USER)  # the third attempt, once
        assert "4000万" in (reply.text or "")
