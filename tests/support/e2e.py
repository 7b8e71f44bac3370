"""The bot end to end: its settings against a fake Bot API, the bot run as `policybot run` runs it, and the
people, chats and look-ups the end-to-end tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import select

from bot.app import build_application, post_init
from bot.settings import Settings
from handlers.context import PolicyApp
from knowledge.service import Knowledge
from knowledge.store import db
from knowledge.store.models import Subscription
from tests.support.fakebot import TOKEN, FakeBotAPI, command

ADMIN = 9001  # a bot administrator (POLICYBOT_ADMIN_IDS)
USER = 4242  # anyone
GROUP_A, GROUP_B = -100111, -100222


def bot_settings(tmp_path: Path, seeds_dir: Path, fake: FakeBotAPI) -> Settings:
    """Settings for a bot on SQLite in tmp_path that talks to fake, with ADMIN as its administrator."""
    (tmp_path / "inbox").mkdir(exist_ok=True)
    return Settings(
        telegram_bot_token=SecretStr(TOKEN),
        telegram_api_url=fake.base_url,
        telegram_file_url=fake.base_file_url,
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        data_dir=tmp_path / "data",
        seeds_dir=seeds_dir,
        inbox_dir=tmp_path / "inbox",
        admin_ids=frozenset({ADMIN}),
        timezone="Asia/Shanghai",
    )


@asynccontextmanager
async def running(fake: FakeBotAPI, settings: Settings) -> AsyncIterator[PolicyApp]:
    """Start the bot as `policybot run` does (post_init included) and stop it afterwards."""
    knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
    app = build_application(settings, knowledge)
    try:
        async with fake.polling(app):
            await post_init(app)
            yield app
    finally:
        knowledge.close()


def texts(fake: FakeBotAPI, chat_id: int) -> list[str]:
    """The texts the bot sent to a chat ("" for a message without text)."""
    return [text or "" for text in fake.texts_to(chat_id)]


def said(fake: FakeBotAPI, chat_id: int, words: str) -> Callable[[], bool]:
    """A condition for FakeBotAPI.wait_for: the bot has sent `words` to the chat."""
    return lambda: any(words in text for text in texts(fake, chat_id))


def subscriptions(settings: Settings) -> dict[int, Subscription]:
    """The subscriptions stored in the bot's database, by chat id."""
    knowledge = Knowledge(db.make_engine(settings.resolved_database_url), settings.seeds_dir)
    rows = knowledge.unit(lambda s: {row.chat_id: row for row in s.scalars(select(Subscription))})
    knowledge.close()
    return rows


async def subscribe_groups(fake: FakeBotAPI, *chats: int) -> None:
    """ADMIN, an administrator of each chat, subscribes it to the daily 09:00 digest."""
    for chat in chats:
        fake.set_chat_member(chat, ADMIN, "administrator")
        fake.push_update(command(chat, "/subscribe daily 09:00", user_id=ADMIN))
        await fake.wait_for(said(fake, chat, "Subscribed"), what=f"/subscribe confirmed in {chat}")
