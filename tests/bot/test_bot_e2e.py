"""The whole bot: the real python-telegram-bot application, built as `policybot run` builds it,
long-polling a fake Bot API server on 127.0.0.1. Nothing of the library or the project is mocked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import healthy
from bot.settings import Settings
from knowledge.service import Knowledge
from knowledge.store.models import Delivery
from tests.support.e2e import ADMIN, GROUP_A, GROUP_B, USER, running, subscribe_groups, subscriptions, texts
from tests.support.fakebot import (
    BOT_USERNAME,
    FakeBotAPI,
    command,
    group_text,
    migrate_to_chat,
    my_chat_member,
    private_text,
)
from tests.support.subscribers import subscribe_daily

pytestmark = pytest.mark.slow  # the whole bot through the fake Bot API

ARTICLE = """标题: 江城发布人工智能算力券新政

发布时间: 2026-11-20

江城市经济和信息化局局长李明远表示,江城将每年发放总额不超过3000万元的“算力券”,支持中小企业使用智能算力。
根据《江城市人工智能算力券管理办法(2026-2028年)》,单个企业每年最高可获得200万元补贴。
"""


async def test_private_question_is_answered_with_quote_and_source(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.push_update(private_text(USER, "上海算力目标是多少"))
        [reply] = await fake.wait_for_messages(USER)
        assert "1000 PFLOPS" in reply.body
        assert "「" in reply.body and "经济参考报" in reply.body
        assert [c["command"] for c in fake.commands()][:3] == ["start", "help", "ask"]


async def test_the_health_check_passes_from_the_start_of_a_run(fake: FakeBotAPI, env: Settings) -> None:
    assert not healthy(env)
    async with running(fake, env):
        assert healthy(env)  # at once, not a heartbeat interval later


async def test_html_in_questions_never_breaks_a_reply(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.push_update(private_text(USER, "<b>上海</b> & 算力 <script>"))
        fake.push_update(private_text(USER, "Tell me a joke"))
        replies = await fake.wait_for_messages(USER, count=2)
        assert all(call.ok for call in fake.calls_to("sendMessage"))
        assert "don't have that" in replies[1].body


async def test_group_questions_need_a_mention_or_a_reply(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.push_update(group_text(GROUP_A, USER, "上海算力目标是多少"))  # not addressed to the bot
        fake.push_update(group_text(GROUP_A, USER, f"@{BOT_USERNAME} 宁夏算力券"))
        [reply] = await fake.wait_for_messages(GROUP_A)
        assert "4000万" in reply.body


async def test_only_chat_admins_subscribe_and_anyone_previews(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.set_chat_member(GROUP_A, USER, "member")
        fake.push_update(command(GROUP_A, "/subscribe daily 08:30", user_id=USER))
        [refusal] = await fake.wait_for_messages(GROUP_A)
        assert "administrator" in refusal.body
        assert GROUP_A not in subscriptions(env)
        await subscribe_groups(fake, GROUP_A)
        assert subscriptions(env)[GROUP_A].at_time == "09:00"
        fake.push_update(command(GROUP_A, "/digest", user_id=USER))
        await fake.wait_for(lambda: any("Nothing new" in t for t in texts(fake, GROUP_A)))
        fake.push_update(command(GROUP_A, "/settings", user_id=USER))
        await fake.wait_for(lambda: any("daily, 09:00" in t for t in texts(fake, GROUP_A)))


async def test_inbox_article_reaches_each_subscriber_exactly_once(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        await subscribe_groups(fake, GROUP_A, GROUP_B)
        assert env.inbox_dir is not None
        (env.inbox_dir / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
        fake.push_update(command(ADMIN, "/reload"))
        await fake.wait_for(lambda: any("Reloaded" in t for t in texts(fake, ADMIN)))
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("Digests sent: 2/2" in t for t in texts(fake, ADMIN)))
        for chat in (GROUP_A, GROUP_B):
            digests = [t for t in texts(fake, chat) if "Policy digest" in t]
            assert len(digests) == 1
            assert "江城发布人工智能算力券新政" in digests[0]
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("no new items" in t for t in texts(fake, ADMIN)))
        assert all(len([t for t in texts(fake, c) if "Policy digest" in t]) == 1 for c in (GROUP_A, GROUP_B))


async def test_blocked_chat_is_deactivated_and_admins_told(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        await subscribe_groups(fake, GROUP_A, GROUP_B)
        assert env.inbox_dir is not None
        (env.inbox_dir / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
        fake.push_update(command(ADMIN, "/reload"))
        await fake.wait_for(lambda: any("Reloaded" in t for t in texts(fake, ADMIN)))
        fake.fail_chat(GROUP_B, "kicked")
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("Digests sent: 1/2" in t for t in texts(fake, ADMIN)))
        assert any("stopped" in t for t in texts(fake, ADMIN))
    rows = subscriptions(env)
    assert rows[GROUP_A].active
    assert not rows[GROUP_B].active
    assert "kicked" in (rows[GROUP_B].deactivated_reason or "")


async def test_rate_limited_digest_is_waited_out_and_arrives_once(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        await subscribe_groups(fake, GROUP_A)
        assert env.inbox_dir is not None
        (env.inbox_dir / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
        fake.push_update(command(ADMIN, "/reload"))
        await fake.wait_for(lambda: any("Reloaded" in t for t in texts(fake, ADMIN)))
        fake.rate_limit_chat(GROUP_A, retry_after=1, times=1)
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("Digests sent: 1/1" in t for t in texts(fake, ADMIN)), timeout=10)
        assert fake.count_429 >= 1
        assert len([t for t in texts(fake, GROUP_A) if "Policy digest" in t]) == 1


async def test_restart_midway_loses_nothing_and_resends_nothing(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        await subscribe_groups(fake, GROUP_A, GROUP_B)
        assert env.inbox_dir is not None
        (env.inbox_dir / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
        fake.push_update(command(ADMIN, "/reload"))
        await fake.wait_for(lambda: any("Reloaded" in t for t in texts(fake, ADMIN)))
        fake.fail_chat(GROUP_B, "not_found")  # B's send fails; its items must survive the restart
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("Digests sent: 1/2" in t for t in texts(fake, ADMIN)))
    fake.clear_failures()
    async with running(fake, env):  # a new process on the same database
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: sum("Digests sent" in t for t in texts(fake, ADMIN)) == 2)
    assert len([t for t in texts(fake, GROUP_A) if "Policy digest" in t]) == 1
    assert len([t for t in texts(fake, GROUP_B) if "Policy digest" in t]) == 1
    knowledge = Knowledge.open(env.resolved_database_url, env.seeds_dir)
    statuses = knowledge.unit(lambda s: sorted((d.chat_id, d.status) for d in s.scalars(select(Delivery))))
    knowledge.close()
    assert statuses == [(GROUP_B, "sent"), (GROUP_A, "sent")]


async def test_non_admin_reload_changes_nothing(fake: FakeBotAPI, env: Settings, seeds_copy: Path) -> None:
    async with running(fake, env) as app:
        before = len(app.bot_data.knowledge.snapshot.facts)  # type: ignore[union-attr]
        shutil.rmtree(seeds_copy / "facts")
        (seeds_copy / "facts").mkdir()
        fake.push_update(command(USER, "/reload"))
        [refusal] = await fake.wait_for_messages(USER)
        assert "only the bot's administrators" in refusal.body
        assert len(app.bot_data.knowledge.snapshot.facts) == before  # type: ignore[union-attr]


async def test_broken_data_on_reload_keeps_the_old_knowledge(
    fake: FakeBotAPI, env: Settings, seeds_copy: Path
) -> None:
    async with running(fake, env) as app:
        knowledge = app.bot_data.knowledge
        assert knowledge is not None
        before = len(knowledge.snapshot.facts)
        broken = seeds_copy / "facts" / "002_17060ea96ac66312.yaml"
        broken.write_text(
            broken.read_text(encoding="utf-8").replace("quote: ", "quote: 不存在的", 1), "utf-8"
        )
        fake.push_update(command(ADMIN, "/reload"))
        [reply] = await fake.wait_for_messages(ADMIN)
        assert "Reload failed" in reply.body
        assert "002_17060ea96ac66312.yaml" in reply.body
        assert len(knowledge.snapshot.facts) == before
        fake.push_update(private_text(USER, "宁夏算力券"))
        [answer] = await fake.wait_for_messages(USER)
        assert "4000万" in answer.body


async def test_migration_moves_the_subscription(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        await subscribe_groups(fake, -555)
        fake.push_update(migrate_to_chat(-555, -100555))
        await fake.wait_for(lambda: -100555 in subscriptions(env))
    rows = subscriptions(env)
    assert -555 not in rows
    assert rows[-100555].active


async def test_added_to_group_introduces_itself_and_removal_deactivates(
    fake: FakeBotAPI, env: Settings
) -> None:
    async with running(fake, env):
        fake.push_update(my_chat_member(GROUP_A, USER, "left", "member"))
        [intro] = await fake.wait_for_messages(GROUP_A)
        assert "/subscribe" in intro.body
        await subscribe_groups(fake, GROUP_A)
        fake.push_update(my_chat_member(GROUP_A, USER, "member", "kicked"))
        await fake.wait_for(lambda: not subscriptions(env)[GROUP_A].active)


async def test_who_pages_with_a_more_button(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.push_update(command(USER, "/who liu qingfeng"))
        [reply] = await fake.wait_for_messages(USER)
        assert "刘庆峰" in reply.body
        assert reply.reply_markup is not None


async def test_forum_digest_goes_to_the_topic_where_subscribe_was_sent(
    fake: FakeBotAPI, env: Settings
) -> None:
    forum = -100333
    async with running(fake, env):
        fake.set_chat_member(forum, ADMIN, "creator")
        fake.push_update(
            group_text(
                forum,
                ADMIN,
                "/subscribe weekly fri 18:00",
                chat_type="supergroup",
                is_forum=True,
                message_thread_id=77,
            )
        )
        await fake.wait_for(lambda: any("Subscribed" in t for t in texts(fake, forum)))
        assert env.inbox_dir is not None
        (env.inbox_dir / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
        fake.push_update(command(ADMIN, "/reload"))
        await fake.wait_for(lambda: any("Reloaded" in t for t in texts(fake, ADMIN)))
        fake.push_update(command(ADMIN, "/digest_now"))
        await fake.wait_for(lambda: any("Policy digest" in t for t in texts(fake, forum)))
    [digest] = [m for m in fake.messages_to(forum) if "Policy digest" in (m.text or "")]
    assert int(digest.params["message_thread_id"]) == 77
    assert subscriptions(env)[forum].weekday == 4


async def test_every_update_is_logged_in_one_line_without_the_token(
    fake: FakeBotAPI, env: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    async with running(fake, env):
        fake.push_update(private_text(USER, "宁夏算力券"))
        await fake.wait_for_messages(USER)
    events = [r.getMessage() for r in caplog.records if r.getMessage().startswith("event=")]
    assert any(e.startswith("event=update ") for e in events)
    assert any(e.startswith("event=answer ") for e in events)
    assert all("\n" not in e for e in events)


async def test_digest_fan_out_keeps_to_the_rate_and_replies_go_first(env: Settings) -> None:
    """90 groups at the fake's 30 sends/s: no 429, each group once, a question answered meanwhile."""
    groups = [-100_500_000 - i for i in range(90)]
    with FakeBotAPI(max_sends_per_second=30) as fake:
        settings = env.model_copy(update={"telegram_api_url": fake.base_url})
        async with running(fake, settings) as app:
            assert app.bot_data.knowledge is not None
            subscribe_daily(app.bot_data.knowledge, groups, user_id=ADMIN)
            assert settings.inbox_dir is not None
            (settings.inbox_dir / "jiangcheng.txt").write_text(ARTICLE, encoding="utf-8")
            fake.push_update(command(ADMIN, "/reload"))
            await fake.wait_for(lambda: any("Reloaded" in t for t in texts(fake, ADMIN)))
            fake.push_update(command(ADMIN, "/digest_now"))
            await fake.wait_for(lambda: len(fake.sent) > 20)  # the fan-out is under way
            fake.push_update(private_text(USER, "宁夏算力券多少"))
            [reply] = await fake.wait_for_messages(USER)
            done = "Digests sent: 90/90"
            await fake.wait_for(lambda: any(done in t for t in texts(fake, ADMIN)), timeout=15)
            last_digest = max(message.time for chat in groups for message in fake.messages_to(chat))
        assert all(len(fake.messages_to(chat)) == 1 for chat in groups)
        assert fake.count_429 <= 1
        assert fake.peak_sends_per_second <= 30
        assert last_digest - reply.time > 1.0  # the reply did not wait for the fan-out
