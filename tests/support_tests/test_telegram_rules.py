"""The fake keeps Telegram's rules, checked through the real python-telegram-bot: one getUpdates consumer
at a time, webhook conflicts, server faults on sends, message limits in UTF-16 units, inline keyboards,
callback queries answered once, edits in place and edited_message updates."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Conflict, NetworkError, TimedOut
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.support.fakebot import (
    TOKEN,
    FakeBotAPI,
    callback_query,
    edited_text,
    group_text,
    private_text,
)
from tests.support.fakebot.delivery import OTHER_POLL, SET_WEBHOOK, WEBHOOK_ACTIVE


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    """A plain initialized Bot talking to the fake."""
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as instance:
        yield instance


async def post(fake: FakeBotAPI, method: str, payload: dict[str, Any]) -> tuple[int, str]:
    """Call a method with a JSON body, as any client may; return the status and the description."""
    async with httpx.AsyncClient() as client:
        reply = await client.post(f"{fake.base_url}{TOKEN}/{method}", json=payload)
    return reply.status_code, str(reply.json().get("description", ""))


# ---------------------------------------------------------------------- getUpdates and webhooks


async def test_a_newer_get_updates_ends_the_pending_one_with_409(fake: FakeBotAPI) -> None:
    async with (
        Bot(TOKEN, base_url=fake.base_url) as first,
        Bot(TOKEN, base_url=fake.base_url) as second,
    ):
        older = asyncio.create_task(first.get_updates(timeout=5))
        await asyncio.sleep(0.3)  # the first long poll is pending
        newer = asyncio.create_task(second.get_updates(timeout=5))
        with pytest.raises(Conflict):
            await older
        fake.push_update(private_text(7, "to whoever polls"))
        [update] = await newer
    assert update.message is not None and update.message.text == "to whoever polls"
    [conflict] = [call for call in fake.calls_to("getUpdates") if call.status == 409]
    assert conflict.description == OTHER_POLL
    assert OTHER_POLL == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )


async def test_get_updates_is_refused_while_a_webhook_is_set(fake: FakeBotAPI, bot: Bot) -> None:
    pending = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.3)
    async with Bot(TOKEN, base_url=fake.base_url) as other:
        assert await other.set_webhook("https://bot.example.org/hook")
        with pytest.raises(Conflict):
            await pending
        with pytest.raises(Conflict):
            await other.get_updates(timeout=0)
    descriptions = [call.description for call in fake.calls_to("getUpdates")]
    assert descriptions == [SET_WEBHOOK, WEBHOOK_ACTIVE]
    assert WEBHOOK_ACTIVE.startswith("Conflict: can't use getUpdates method while webhook is active")


# ---------------------------------------------------------------------- server faults


async def test_an_injected_500_fails_one_send_and_the_retry_goes_through(fake: FakeBotAPI, bot: Bot) -> None:
    fake.fail_sends(500, times=1, chat_id=5)
    await bot.send_message(6, "another chat is not affected")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(5, "first try")
    await bot.send_message(5, "second try")
    assert fake.texts_to(5) == ["second try"]
    assert [call.status for call in fake.calls_to("sendMessage")] == [200, 500, 200]


async def test_a_stalled_send_times_out_and_is_lost_unless_it_delivers(fake: FakeBotAPI, bot: Bot) -> None:
    fake.stall_sends(30, times=1)
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_message(5, "lost", read_timeout=0.3)
    fake.stall_sends(30, deliver=True, times=1)
    with pytest.raises(TimedOut):
        await bot.send_message(5, "accepted, but the client gave up", read_timeout=0.3)
    await fake.wait_for(lambda: fake.sent, what="the delivered send")
    assert time.monotonic() - started < 10  # the holds ended when the client hung up
    assert fake.texts_to(5) == ["accepted, but the client gave up"]
    await bot.send_message(5, "after the faults")
    assert fake.texts_to(5)[-1] == "after the faults"


def test_send_faults_are_only_for_sends(fake: FakeBotAPI) -> None:
    with pytest.raises(ValueError, match="send faults apply to"):
        fake.fail_sends(500, methods=("getUpdates",))


# ---------------------------------------------------------------------- message limits


async def test_text_length_is_counted_in_utf16_code_units(fake: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(5, "😀" * 2048)  # 4096 UTF-16 units, 2048 Python characters
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(5, "😀" * 2049)
    await bot.send_message(5, "字" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(5, "字" * 4097)
    assert fake.failed_calls[-1].description == "Bad Request: message is too long"
    await bot.send_message(5, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # counted after parsing


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("a <div>b</div>", 'Unsupported start tag "div" at byte offset 2'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("算力<x>", 'Unsupported start tag "x" at byte offset 6'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
        ("<tg-emoji emoji-id='x'>👍</tg-emoji>", "Invalid custom emoji identifier specified"),
    ],
)
async def test_malformed_html_is_refused_as_telegram_says_it(
    fake: FakeBotAPI, bot: Bot, html: str, reason: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(5, html, parse_mode="HTML")
    assert fake.failed_calls[-1].description == f"Bad Request: can't parse entities: {reason}"
    assert fake.sent == []


async def test_every_tag_telegram_supports_becomes_its_entity(bot: Bot) -> None:
    html = (
        "😀<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>"
        '<del>d</del><span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler>'
        '<a href="https://example.org/x?a=1&amp;b=2">l</a><a href="tg://user?id=42">m</a>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><code>c</code>'
        '<pre><code class="language-python">p</code></pre><blockquote>q</blockquote>'
        "<blockquote expandable>x</blockquote> &lt;3 &amp; &quot;ok&quot; &copy; &#x4e2d;"
    )
    message = await bot.send_message(5, html, parse_mode="HTML")
    kinds = [(entity.type, entity.offset) for entity in message.entities]
    assert kinds == [
        ("bold", 2),
        ("bold", 3),
        ("italic", 4),
        ("italic", 5),
        ("underline", 6),
        ("underline", 7),
        ("strikethrough", 8),
        ("strikethrough", 9),
        ("strikethrough", 10),
        ("spoiler", 11),
        ("spoiler", 12),
        ("text_link", 13),
        ("text_mention", 14),
        ("custom_emoji", 15),
        ("code", 17),
        ("pre", 18),
        ("blockquote", 19),
        ("expandable_blockquote", 20),
    ]
    assert message.text is not None and message.text.endswith('x <3 & "ok" &copy; 中')
    link, mention, pre = message.entities[11], message.entities[12], message.entities[15]
    assert link.url == "https://example.org/x?a=1&b=2"
    assert mention.user is not None and mention.user.id == 42
    assert pre.language == "python"


async def test_inline_keyboards_are_checked_like_telegram(fake: FakeBotAPI, bot: Bot) -> None:
    fits = "算" * 21  # 63 bytes
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data=fits)]])
    await bot.send_message(5, "fits", reply_markup=keyboard)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data=fits + "算")]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(5, "66 bytes", reply_markup=too_long)
    shapes = [
        ({"inline_keyboard": [{"text": "x", "callback_data": "x"}]}, "should be an Array of Arrays"),
        (
            {"inline_keyboard": [[{"text": "label only"}]]},
            "Text buttons are unallowed in the inline keyboard",
        ),
        ({"inline_keyboard": [[{"callback_data": "x"}]]}, 'Field "text" must be of type String'),
        ({"inline_keyboard": [[{"text": "x", "callback_data": ""}]]}, "BUTTON_DATA_INVALID"),
        ({"inline_keyboard": [[{"text": "x", "callback_data": "x"}] * 101]}, "REPLY_MARKUP_TOO_LONG"),
    ]
    for markup, wording in shapes:
        status, description = await post(
            fake, "sendMessage", {"chat_id": 5, "text": "x", "reply_markup": markup}
        )
        assert (status, wording in description) == (400, True), description
    assert fake.texts_to(5) == ["fits"]


# ---------------------------------------------------------------------- buttons, edits and edited messages


async def test_a_button_press_is_answered_once_and_edits_the_message_in_place(
    fake: FakeBotAPI, bot: Bot
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("✅", callback_data="accept:1")]])
    sent = await bot.send_message(-100777, "fact 1", reply_markup=keyboard)
    query = callback_query(9001, -100777, "accept:1", message=sent.to_dict())
    fake.push_update(query)
    [update] = await bot.get_updates(timeout=0)
    assert update.callback_query is not None and update.callback_query.data == "accept:1"
    assert await update.callback_query.answer("accepted")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await update.callback_query.answer("again")
    edited = await bot.edit_message_text("fact 1 ✅", chat_id=-100777, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.reply_markup is None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("fact 1 ✅", chat_id=-100777, message_id=sent.message_id)
    shown = fake.message(-100777, sent.message_id)
    assert shown is not None and shown["text"] == "fact 1 ✅" and "edit_date" in shown
    assert fake.answered_callbacks[query["callback_query"]["id"]]["text"] == "accepted"
    assert [record.body for record in fake.edited] == ["fact 1 ✅"]


async def test_an_edited_question_arrives_as_edited_message(fake: FakeBotAPI) -> None:
    seen: list[tuple[str, str]] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        seen.append(("edited" if update.edited_message else "new", message.text))

    app = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, record))
    question = group_text(-100888, 4242, "上海算力目标", message_id=55)
    async with fake.polling(app):
        fake.push_update(question)
        fake.push_update(edited_text(question, "上海算力目标是多少"))
        await fake.wait_for(lambda: len(seen) == 2)
    assert seen == [("new", "上海算力目标"), ("edited", "上海算力目标是多少")]
    stored = fake.message(-100888, 55)
    assert stored is not None and stored["text"] == "上海算力目标是多少"
    parsed = Update.de_json({**edited_text(question, "x"), "update_id": 1}, None)
    assert parsed.edited_message is not None and parsed.edited_message.edit_date is not None
    with pytest.raises(ValueError, match="text message"):
        edited_text(callback_query(1, 1, "x"), "y")
