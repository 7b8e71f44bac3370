"""Analyst answers through the real bot and the fake Bot API: list pages turned with buttons, and
replies to hostile input that Telegram would accept (size in UTF-16 units, tags balanced, entities whole)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot.settings import Settings
from knowledge.render.telegram import LIMIT, utf16_len
from tests.support.e2e import running
from tests.support.fakebot import FakeBotAPI, callback_query, command, private_text

USER = 4242
ALLOWED_TAGS = {"b", "i", "a", "blockquote", "code", "pre", "u", "s"}
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _Tags(HTMLParser):
    """Checks that every tag is one Telegram knows and that they nest and close."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"unknown tag <{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def problems(text: str) -> list[str]:
    """What Telegram would reject in an HTML message."""
    found: list[str] = []
    if utf16_len(text) > LIMIT:
        found.append(f"{utf16_len(text)} UTF-16 units")
    parser = _Tags()
    parser.feed(text)
    parser.close()
    found += parser.errors + [f"<{tag}> left open" for tag in parser.open]
    if _ENTITY.search(text):
        found.append("a broken entity")
    if re.search(r"<(?![/a-z])", text):
        found.append("a bare <")
    return found


def buttons(message_markup: object) -> list[tuple[str, str]]:
    assert isinstance(message_markup, dict)
    return [(b["text"], b["callback_data"]) for row in message_markup["inline_keyboard"] for b in row]


async def test_a_long_list_answer_pages_with_buttons(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.push_update(private_text(USER, "有哪些关于算力的措施？"))
        [first] = await fake.wait_for_messages(USER)
        assert first.text is not None and "第1/" in first.text and not problems(first.text)
        [(label, data)] = buttons(first.reply_markup)
        assert label == "▶" and data.startswith("page:ask:1:")
        fake.push_update(callback_query(USER, USER, data, first.message_id))
        messages = await fake.wait_for_messages(USER, count=2)
        second = messages[-1]
        assert second.text is not None and "第2/" in second.text and second.text != first.text
        labels = [label for label, _ in buttons(second.reply_markup)]
        assert labels[0] == "◀"


@pytest.mark.parametrize("unit", ["<b>&", "😀", "👩‍💻<i>"])
async def test_a_5000_character_input_gets_a_valid_reply(fake: FakeBotAPI, env: Settings, unit: str) -> None:
    text = (unit * 5000)[:5000]
    async with running(fake, env):
        fake.push_update(command(USER, f"/who {text}"))
        await fake.wait_for(lambda: len(fake.messages_to(USER)) >= 2, timeout=10)
        replies = [m.text or "" for m in fake.messages_to(USER)]
        assert len(replies) >= 2  # too long for one message: split, not dropped
        for reply in replies:
            assert problems(reply) == [], reply[:200]
        assert fake.failed_calls == []


async def test_a_reply_telegram_rejects_is_sent_again_as_plain_text(fake: FakeBotAPI, env: Settings) -> None:
    async with running(fake, env):
        fake.fail_sends(400, times=1, chat_id=USER)  # as Telegram answers HTML it cannot parse
        fake.push_update(private_text(USER, "上海算力目标是多少"))
        [reply] = await fake.wait_for_messages(USER)
        [refused] = [call for call in fake.failed_calls if call.method == "sendMessage"]
        assert refused.status == 400 and "<blockquote" in str(refused.params.get("text"))
        assert "1000 PFLOPS" in reply.body and "经济参考报" in reply.body
        assert "<blockquote" not in reply.body  # the same answer, as plain text
