"""The admin /ingest command end to end: the real python-telegram-bot application long-polling the fake
Bot API server, an uploaded file downloaded through it, and a URL fetched from a web site on 127.0.0.1."""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.settings import Settings
from handlers.context import PolicyApp
from knowledge.service import Knowledge
from knowledge.store.models import Article
from tests.support.e2e import ADMIN, GROUP_A, USER, running, subscribe_groups, texts
from tests.support.fakebot import FakeBotAPI, command, document_message, private_text
from tests.support.site import ARTICLE_PATH, Site

pytestmark = pytest.mark.slow  # the whole bot through the fake Bot API

# The fixtures `fake`, `env` and `site` (the 合肥 article page) come from tests/support/plugin.py.

# A made-up city, official and document: nothing here is real.
LANZHOU = """标题: 澜州推出人工智能算力券 每年总额不超过4500万元

来源: 澜江日报

发布时间: 2026-12-03

12月2日,澜州市数据局印发《澜州市人工智能算力券实施细则(2027—2029年)》,每年发放总额不超过4500万元的“算力券”,支持中小企业和高校团队租用智能算力。
澜州市数据局局长韩若溪表示,首批算力券将于明年3月开放申领,单个企业每年最高可获得150万元补贴。
根据细则,到2028年底,澜州计划建成智能算力规模超过3000 PFLOPS的公共算力平台。
"""
LANZHOU_TITLE = "澜州推出人工智能算力券 每年总额不超过4500万元"
INGEST_TIMEOUT = 20.0  # parsing, fact extraction and the re-index of every fact take a few seconds


def knowledge_of(app: PolicyApp) -> Knowledge:
    knowledge = app.bot_data.knowledge
    assert knowledge is not None
    return knowledge


def stored_articles(knowledge: Knowledge) -> int:
    return int(knowledge.unit(lambda s: s.scalar(select(func.count()).select_from(Article))) or 0)


def upload(fake: FakeBotAPI, chat_id: int, data: bytes, file_name: str, mime_type: str) -> dict[str, Any]:
    """The chat sends a file (the bot sees the message and ignores it); return that message."""
    file_id = f"file-{file_name}"
    fake.add_file(file_id, data, file_name=file_name, mime_type=mime_type)
    update = document_message(
        chat_id, chat_id, file_id, file_name=file_name, mime_type=mime_type, file_size=len(data)
    )
    fake.push_update(update)
    message: dict[str, Any] = update["message"]
    return message


async def test_uploaded_article_is_stored_answered_and_digested_once(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        await subscribe_groups(fake, GROUP_A)
        document = upload(fake, ADMIN, LANZHOU.encode("utf-8"), "lanzhou.txt", "text/plain")
        fake.push_update(command(ADMIN, "/ingest", reply_to_message=document))
        [stored] = await fake.wait_for(
            lambda: [t for t in texts(fake, ADMIN) if "added" in t], timeout=INGEST_TIMEOUT
        )
        assert LANZHOU_TITLE in stored and "facts" in stored
        assert len(fake.calls_to("getFile")) == 1

        fake.push_update(private_text(USER, "澜州算力券每年总额多少"))
        [answer] = await fake.wait_for_messages(USER)
        assert "4500万" in answer.body
        assert "「" in answer.body and "澜江日报" in answer.body

        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("Digests sent: 1/1" in t for t in texts(fake, ADMIN)))
        [digest] = [t for t in texts(fake, GROUP_A) if "Policy digest" in t]
        assert LANZHOU_TITLE in digest
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("no new items" in t for t in texts(fake, ADMIN)))
        assert len([t for t in texts(fake, GROUP_A) if "Policy digest" in t]) == 1


async def test_article_url_is_fetched_stored_and_answered(
    fake: FakeBotAPI, env: Settings, site: Site
) -> None:
    question = "合肥算力券每年总额多少"
    async with running(fake, env):
        fake.push_update(private_text(USER, question))
        [before] = await fake.wait_for_messages(USER)
        assert "5000万" not in before.body
        fake.push_update(command(ADMIN, f"/ingest {site.url(ARTICLE_PATH)}"))
        [stored] = await fake.wait_for_messages(ADMIN, timeout=INGEST_TIMEOUT)
        assert stored.body.startswith("added: 合肥发放“算力券” 每年总额不超过5000万元")
        assert site.hits[ARTICLE_PATH] == 1

        fake.push_update(private_text(USER, question))
        [_, answer] = await fake.wait_for_messages(USER, count=2)
        assert "5000万" in answer.body
        assert "「" in answer.body and "皖江科技报" in answer.body


async def test_non_admin_ingest_is_refused_and_stores_nothing(
    fake: FakeBotAPI, env: Settings, site: Site
) -> None:
    async with running(fake, env) as app:
        knowledge = knowledge_of(app)
        facts, articles = len(knowledge.snapshot.facts), stored_articles(knowledge)
        document = upload(fake, USER, LANZHOU.encode("utf-8"), "lanzhou.txt", "text/plain")
        fake.push_update(command(USER, "/ingest", reply_to_message=document))
        fake.push_update(command(USER, f"/ingest {site.url(ARTICLE_PATH)}"))
        refusals = await fake.wait_for_messages(USER, count=2)
        assert all("only the bot's administrators" in r.body for r in refusals)
        assert fake.calls_to("getFile") == []
        assert site.hits[ARTICLE_PATH] == 0
        assert len(knowledge.snapshot.facts) == facts
        assert stored_articles(knowledge) == articles


async def test_random_bytes_get_a_clear_error_and_change_nothing(fake: FakeBotAPI, env: Settings) -> None:
    noise = random.Random(20261203).randbytes(4096)
    async with running(fake, env) as app:
        knowledge = knowledge_of(app)
        facts, articles = len(knowledge.snapshot.facts), stored_articles(knowledge)
        document = upload(fake, ADMIN, noise, "report.bin", "application/octet-stream")
        fake.push_update(command(ADMIN, "/ingest", reply_to_message=document))
        [reply] = await fake.wait_for_messages(ADMIN, timeout=INGEST_TIMEOUT)
        assert reply.body.startswith("failed: report.bin: binary file")
        assert "not an article" in reply.body
        assert len(knowledge.snapshot.facts) == facts
        assert stored_articles(knowledge) == articles


async def test_a_slow_ingest_does_not_hold_up_other_chats(
    fake: FakeBotAPI, env: Settings, site: Site
) -> None:
    """The fetch runs in a worker thread: while the page is held back, other chats are still answered."""
    release = threading.Event()
    body = LANZHOU.encode("utf-8")

    def held(request: BaseHTTPRequestHandler) -> None:
        release.wait(INGEST_TIMEOUT)
        request.send_response(200)
        request.send_header("Content-Type", "text/plain; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    site.routes["/held"] = held
    try:
        async with running(fake, env):
            fake.push_update(command(ADMIN, f"/ingest {site.url('/held')}"))
            await fake.wait_for(lambda: site.hits["/held"] == 1)
            fake.push_update(private_text(USER, "宁夏算力券"))
            [answer] = await fake.wait_for_messages(USER)
            assert "4000万" in answer.body
            assert fake.messages_to(ADMIN) == []  # the ingestion is still waiting for the page
            release.set()
            [outcome] = await fake.wait_for_messages(ADMIN, timeout=INGEST_TIMEOUT)
            assert outcome.body.startswith(f"added: {LANZHOU_TITLE}")
    finally:
        release.set()
