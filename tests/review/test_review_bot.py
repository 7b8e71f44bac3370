"""/review end to end: the real python-telegram-bot application long-polling the fake Bot API.

An admin accepts one fact, rejects one and edits one from the cards; `policybot ask` then shows
the accepted quote without the "not reviewed" label, never the rejected fact, and the edited
summary; a non-admin's button press and reply change nothing; /reload and a re-ingest of the
changed article keep all three decisions.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from bot.cli import commands as cli
from bot.settings import Settings, get_settings
from knowledge import reviews
from knowledge.ingest.pipeline import ingest_bytes
from knowledge.service import Knowledge
from knowledge.store.models import Fact, Review
from tests.support.e2e import ADMIN, USER, running
from tests.support.fakebot import FakeBotAPI, SentMessage, callback_query, command, group_text, private_text
from tests.support.review import ARTICLE, CHANGED, EDITED_EN, EDITED_ZH, S2, Three, choose_three

GROUP = -100777
NOT_REVIEWED = "未经人工核对"


@pytest.fixture
def reviewing(env: Settings) -> Settings:
    """The bot's settings, its store already holding the seeds and the Linchuan article."""
    knowledge = Knowledge.open(env.resolved_database_url, env.seeds_dir)
    assert ingest_bytes(knowledge, ARTICLE, name="linchuan.txt").status == "added"
    knowledge.close()
    return env


def card_now(fake: FakeBotAPI, card: SentMessage) -> SentMessage:
    """The card as it reads now: its last edit, else as sent."""
    edits = [m for m in fake.edited if (m.chat_id, m.message_id) == (card.chat_id, card.message_id)]
    return edits[-1] if edits else card


def text(message: SentMessage) -> str:
    """What the chat shows (the fake parses the HTML the bot sent)."""
    return str(message.message.get("text") or "")


def shown_id(card: SentMessage) -> str:
    match = re.search(r"^\w+ · (\S+)$", text(card), re.M)
    assert match, text(card)
    return match.group(1)


def button(card: SentMessage, label: str) -> str:
    rows = card.message["reply_markup"]["inline_keyboard"]
    data = next(key["callback_data"] for row in rows for key in row if key["text"].startswith(label))
    assert len(data.encode()) <= 64
    return str(data)


async def press(fake: FakeBotAPI, card: SentMessage, label: str, user: int = ADMIN) -> SentMessage:
    """Press a button on the card as `user`; wait until the query is answered (and the card edited)."""
    current = card_now(fake, card)
    answered, edits = len(fake.calls_to("answerCallbackQuery")), len(fake.edited)
    fake.push_update(callback_query(user, card.chat_id, button(current, label), message=current.message))
    await fake.wait_for_calls("answerCallbackQuery", answered + 1, timeout=20)
    if user == ADMIN and label != "✏️":
        await fake.wait_for(lambda: len(fake.edited) > edits, timeout=20)
    return card_now(fake, card)


async def go_to(fake: FakeBotAPI, card: SentMessage, fact_id: str) -> None:
    """Skip until the card shows `fact_id`."""
    for _ in range(50):
        if shown_id(card_now(fake, card)) == fact_id:
            return
        await press(fake, card, "⏭")
    raise AssertionError(f"{fact_id} never came up")


def statuses(knowledge: Knowledge, ids: tuple[str, ...]) -> list[str | None]:
    def read(session: Session) -> list[str | None]:
        return [(row.status if (row := session.get(Fact, i)) else None) for i in ids]

    return knowledge.unit(read)


def ask(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Settings, q: str) -> str:
    """`policybot ask` on the bot's store."""
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", str(env.database_url))
    monkeypatch.setenv("POLICYBOT_SEEDS_DIR", str(env.seeds_dir))
    monkeypatch.setenv("POLICYBOT_DATA_DIR", str(env.data_dir))
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    get_settings.cache_clear()
    capsys.readouterr()
    assert cli.main(["ask", q]) == 0
    get_settings.cache_clear()
    return capsys.readouterr().out


def check_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: Settings, three: Three
) -> None:
    fang = ask(monkeypatch, capsys, env, "方志远指出了什么问题")
    assert three.accepted.quote in fang
    block = fang[fang.index(three.accepted.quote) :].split("\n\n")[0]
    assert NOT_REVIEWED not in block  # reviewed: shown as curated
    han = ask(monkeypatch, capsys, env, "韩知秋建议每年投入多少")
    assert S2 in han and three.rejected.summary_zh not in han  # its sentence is there, the fact is not
    quality = ask(monkeypatch, capsys, env, "韩知秋认为什么")
    assert EDITED_ZH in quality and three.edited.summary_zh not in quality


async def test_admins_review_in_telegram_and_answers_follow(
    fake: FakeBotAPI, reviewing: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = reviewing
    async with running(fake, env) as app:
        knowledge = app.bot_data.knowledge
        assert knowledge is not None
        three = choose_three(reviews.queue(knowledge))
        queued = reviews.queue_length(knowledge)

        fake.push_update(command(ADMIN, "/review"))
        [card] = await fake.wait_for_messages(ADMIN)
        assert "「" in text(card) and "临川日报" in text(card)
        await go_to(fake, card, three.accepted.id)
        after = await press(fake, card, "✅")
        assert f"accepted: {three.accepted.id}" in text(after)
        await go_to(fake, card, three.rejected.id)
        after = await press(fake, card, "❌")
        assert f"rejected: {three.rejected.id}" in text(after)

        await go_to(fake, card, three.edited.id)
        sent = len(fake.messages_to(ADMIN))
        await press(fake, card, "✏️")
        prompt = (await fake.wait_for_messages(ADMIN, sent + 1))[-1]
        assert three.edited.id in text(prompt)
        assert prompt.params.get("reply_markup", {}).get("force_reply") is True
        fake.push_update(
            private_text(ADMIN, f"zh: {EDITED_ZH}\nen: {EDITED_EN}", reply_to_message=prompt.message)
        )
        await fake.wait_for(lambda: f"edited: {three.edited.id}" in text(card_now(fake, card)), timeout=20)
        assert len(fake.messages_to(ADMIN)) == sent + 2  # the prompt and "saved": no answer to a question
        assert statuses(knowledge, three.ids) == ["reviewed", "rejected", "reviewed"]
        assert three.rejected.id not in knowledge.snapshot.by_id

        # A non-admin: /review refused, a button press on a card in a group and a reply change nothing.
        fake.set_chat_member(GROUP, USER, "member")
        fake.push_update(command(GROUP, "/review", user_id=ADMIN))
        group_card = (await fake.wait_for_messages(GROUP))[-1]
        first_in_group = shown_id(group_card)
        log_before = knowledge.unit(lambda s: len(s.query(Review).all()))
        edits = len(fake.edited)
        for label in ("✅", "❌", "⏭", "✏️"):
            await press(fake, group_card, label, user=USER)
        fake.push_update(
            group_text(
                GROUP,
                USER,
                "zh: 随便改一下",
                reply_to_bot_message={**prompt.message, "chat": group_card.message["chat"]},
            )
        )
        fake.push_update(command(USER, "/review"))
        refusals = await fake.wait_for_messages(USER)
        assert "administrators" in text(refusals[0])
        await fake.wait_for(lambda: any("administrators" in text(m) for m in fake.messages_to(GROUP)))
        alerts = fake.calls_to("answerCallbackQuery")[-4:]
        assert all(
            call.params.get("show_alert") and "administrators" in call.params["text"] for call in alerts
        )
        assert len(fake.edited) == edits and shown_id(card_now(fake, group_card)) == first_in_group
        assert knowledge.unit(lambda s: len(s.query(Review).all())) == log_before
        assert statuses(knowledge, three.ids) == ["reviewed", "rejected", "reviewed"]

        fake.push_update(command(ADMIN, "/stats"))
        stats = await fake.wait_for(lambda: [m for m in fake.messages_to(ADMIN) if "review queue" in text(m)])
        assert f"review queue: {queued - 3} " in text(stats[-1])

    check_answers(monkeypatch, capsys, env, three)

    async with running(fake, env) as app:
        knowledge = app.bot_data.knowledge
        assert knowledge is not None
        fake.push_update(command(ADMIN, "/reload"))
        await fake.wait_for(lambda: any("Reloaded" in text(m) for m in fake.messages_to(ADMIN)), timeout=30)
        assert statuses(knowledge, three.ids) == ["reviewed", "rejected", "reviewed"]
        assert ingest_bytes(knowledge, CHANGED, name="linchuan-v2.txt").status == "updated"
        assert statuses(knowledge, three.ids) == ["reviewed", "rejected", "reviewed"]
    check_answers(monkeypatch, capsys, env, three)
