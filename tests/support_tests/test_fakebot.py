"""End-to-end tests proving FakeBotAPI works with the real python-telegram-bot over HTTP (the `fake`
fixture is the test support's, from tests/support/plugin.py)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, EndPointNotFound, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.fakebot import (
    BOT_ID,
    TOKEN,
    FakeBotAPI,
    callback_query,
    chat_member,
    command,
    document_message,
    group_text,
    inline_keyboard,
    migrate_from_chat,
    migrate_to_chat,
    my_chat_member,
    private_text,
)

App = Application[Any, Any, Any, Any, Any, Any]
# RetryAfter.__init__ itself warns that retry_after will become a timedelta (PTB 22.2+).
ignore_retry_after_deprecation = pytest.mark.filterwarnings(
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    """A plain initialized Bot talking to the fake."""
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as instance:
        yield instance


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after as seconds (int or timedelta depending on PTB settings)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def build_app(fake: FakeBotAPI, errors: list[TelegramError]) -> App:
    """The application under test: echo, /subscribe, callback and my_chat_member handlers."""
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .get_updates_read_timeout(2.0)
        .build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Echo text, recording Telegram errors raised by the send."""
        assert update.message is not None
        assert update.message.text is not None
        try:
            await update.message.reply_text("echo: " + update.message.text)
        except TelegramError as exc:
            errors.append(exc)

    async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Reply with the parsed command arguments."""
        assert update.message is not None
        await update.message.reply_text("subscribed: " + " ".join(context.args or []))

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer the query and edit the message it came from."""
        query = update.callback_query
        assert query is not None
        await query.answer("noted")
        await query.edit_message_text(f"chose {query.data}")

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Download an uploaded document and report its content."""
        assert update.message is not None
        assert update.message.document is not None
        file = await update.message.document.get_file()
        data = await file.download_as_bytearray()
        await update.message.reply_text(f"got {len(data)} bytes: {data.decode()}")

    async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet a group the bot was added to."""
        change = update.my_chat_member
        assert change is not None
        await context.bot.send_message(change.chat.id, f"now {change.new_chat_member.status}")

    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    return app


@pytest.fixture
async def running(fake: FakeBotAPI) -> AsyncIterator[list[TelegramError]]:
    """Run build_app with long polling against the fake; yield the handler error list."""
    errors: list[TelegramError] = []
    app = build_app(fake, errors)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1, drop_pending_updates=False)
        try:
            yield errors
        finally:
            await app.updater.stop()
            await app.stop()


async def test_private_text_is_echoed(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """A pushed private message reaches the MessageHandler and its reply is recorded."""
    fake.push_update(private_text(5, "hello"))
    [reply] = await fake.wait_for_messages(5)
    assert reply.text == "echo: hello"
    assert reply.message["chat"] == {"id": 5, "type": "private", "first_name": "User5", "username": "user5"}
    assert reply.message["from"]["id"] == BOT_ID
    assert "reply_to_message" not in reply.message  # PTB does not quote in private chats
    assert [call.method for call in fake.calls[:2]] == ["getMe", "deleteWebhook"]
    assert fake.unknown_calls == []
    assert fake.internal_errors == []
    assert running == []


async def test_group_command_with_entities_is_handled(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """A /command@bot in a forum topic reaches CommandHandler; the reply quotes it in the topic."""
    update = group_text(
        -1001234,
        7,
        "/subscribe@policybot_test_bot daily 09:00",
        chat_type="supergroup",
        is_forum=True,
        message_thread_id=42,
    )
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 29}]
    fake.push_update(update)
    [reply] = await fake.wait_for_messages(-1001234)
    assert reply.text == "subscribed: daily 09:00"
    assert reply.params["message_thread_id"] == 42
    assert reply.message["is_topic_message"] is True
    assert reply.message["reply_to_message"]["message_id"] == update["message"]["message_id"]
    assert reply.message_id == update["message"]["message_id"] + 1


async def test_command_builder_in_group(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """command() builds a plain-group command that CommandHandler parses into args."""
    fake.push_update(command(-77, "/subscribe weekly mon"))
    [reply] = await fake.wait_for_messages(-77)
    assert reply.text == "subscribed: weekly mon"
    assert reply.message["chat"]["type"] == "group"


async def test_callback_query_is_delivered(fake: FakeBotAPI, bot: Bot, running: list[TelegramError]) -> None:
    """A button press on a real bot message is answered and the message is edited."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Daily", callback_data="freq:daily")]])
    sent = await bot.send_message(5, "How often?", reply_markup=markup)
    [record] = fake.messages_to(5)
    assert record.message["reply_markup"] == inline_keyboard([("Daily", "freq:daily")])
    fake.push_update(callback_query(5, 5, "freq:daily", message=record.message))
    [edit] = await fake.wait_for(lambda: fake.edited)
    assert edit.message["text"] == "chose freq:daily"
    assert edit.message["message_id"] == sent.message_id
    assert "reply_markup" not in edit.message
    [answer] = fake.calls_to("answerCallbackQuery")
    assert answer.ok
    assert answer.params["text"] == "noted"


async def test_callback_query_builder_without_message(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """callback_query() builds the bot message itself; editing it works because the fake stored it."""
    fake.push_update(callback_query(8, -300, "x", message_id=55))
    [edit] = await fake.wait_for(lambda: fake.edited)
    assert (edit.chat_id, edit.message_id, edit.text) == (-300, 55, "chose x")


async def test_blocked_chat_raises_forbidden_in_handler(
    fake: FakeBotAPI, running: list[TelegramError]
) -> None:
    """An injected 403 surfaces as telegram.error.Forbidden inside the handler's send."""
    fake.fail_chat(9, "blocked")
    fake.push_update(private_text(9, "hi"))
    [error] = await fake.wait_for(lambda: list(running))
    assert isinstance(error, Forbidden)
    assert error.message == "Forbidden: bot was blocked by the user"
    assert fake.messages_to(9) == []
    assert fake.calls_to("sendMessage")[-1].status == 403


async def test_kicked_group_and_clear_failures(fake: FakeBotAPI, bot: Bot) -> None:
    """kicked gives the group-chat 403; clear_failures restores delivery."""
    fake.fail_chat(-500, "kicked")
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the group chat"):
        await bot.send_message(-500, "x")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(-500, "typing")
    fake.clear_failures(-500)
    assert (await bot.send_message(-500, "back")).chat.type == "group"


@ignore_retry_after_deprecation
async def test_rate_limited_chat_gives_retry_after(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """An injected 429 surfaces as RetryAfter with retry_after; the next send succeeds."""
    fake.rate_limit_chat(11, retry_after=3, times=1)
    fake.push_update(private_text(11, "one"))
    [error] = await fake.wait_for(lambda: list(running))
    assert isinstance(error, RetryAfter)
    assert retry_seconds(error) == 3
    fake.push_update(private_text(11, "two"))
    [reply] = await fake.wait_for_messages(11)
    assert reply.text == "echo: two"
    assert fake.count_429 == 1


@ignore_retry_after_deprecation
async def test_global_send_limit() -> None:
    """max_sends_per_second answers 429 once the sliding 1 s window is full."""
    with FakeBotAPI(max_sends_per_second=3) as limited:
        async with Bot(TOKEN, base_url=limited.base_url) as limited_bot:
            outcomes: list[str] = []
            for index in range(5):
                try:
                    await limited_bot.send_message(100 + index, "x")
                    outcomes.append("ok")
                except RetryAfter as exc:
                    outcomes.append(f"429:{retry_seconds(exc):g}")
        assert outcomes == ["ok", "ok", "ok", "429:1", "429:1"]
        assert limited.count_429 == 2
        assert limited.peak_sends_per_second == 3
        assert len(limited.sent) == 3


async def test_migrated_chat_gives_chat_migrated(fake: FakeBotAPI, bot: Bot) -> None:
    """migrate_chat makes sends fail with ChatMigrated carrying the new id."""
    fake.migrate_chat(-600, -100600)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-600, "x")
    assert caught.value.new_chat_id == -100600
    assert (await bot.send_message(-100600, "x")).chat.type == "supergroup"


async def test_pushed_migration_update_applies(fake: FakeBotAPI, bot: Bot) -> None:
    """A pushed migrate_to_chat service message migrates the chat like Telegram does."""
    fake.push_updates(migrate_to_chat(-700, -100700), migrate_from_chat(-100700, -700))
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-700, "x")
    assert caught.value.new_chat_id == -100700


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("creator", ChatMemberOwner),
        ("administrator", ChatMemberAdministrator),
        ("member", ChatMemberMember),
        ("restricted", ChatMemberRestricted),
        ("left", ChatMemberLeft),
        ("kicked", ChatMemberBanned),
    ],
)
async def test_get_chat_member_status(
    fake: FakeBotAPI, bot: Bot, status: str, expected: type[object]
) -> None:
    """getChatMember answers the configured status as the right ChatMember subclass."""
    fake.set_chat_member(-800, 21, status)
    member = await bot.get_chat_member(-800, 21)
    assert type(member) is expected
    assert member.status == status
    assert member.user.id == 21


async def test_chat_administrators_and_get_chat(fake: FakeBotAPI, bot: Bot) -> None:
    """getChatAdministrators lists configured admins; getChat knows chats seen in updates."""
    fake.set_chat_member(-900, 1, "creator")
    fake.set_chat_member(-900, 2, "administrator", can_promote_members=True, custom_title="mod")
    fake.set_chat_member(-900, 3, "member")
    admins = await bot.get_chat_administrators(-900)
    assert [(type(a), a.user.id) for a in admins] == [(ChatMemberOwner, 1), (ChatMemberAdministrator, 2)]
    assert isinstance(admins[1], ChatMemberAdministrator)
    assert admins[1].custom_title == "mod"
    assert isinstance(await bot.get_chat_member(-900, 99), ChatMemberMember)  # default status
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat(-901)
    fake.push_update(group_text(-901, 1, "hi", title="Policy Watch"))
    chat = await bot.get_chat(-901)
    assert (chat.title, chat.type) == ("Policy Watch", "group")


async def test_file_download(fake: FakeBotAPI, bot: Bot) -> None:
    """getFile plus a GET on base_file_url returns the registered bytes."""
    fake.add_file("file-1", "政策 text".encode(), file_path="documents/政策.txt")
    file = await bot.get_file("file-1")
    assert file.file_path == f"{fake.base_file_url}{TOKEN}/documents/政策.txt"
    assert bytes(await file.download_as_bytearray()) == "政策 text".encode()
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_uploaded_document_round_trip(fake: FakeBotAPI, bot: Bot) -> None:
    """A multipart sendDocument is stored and can be downloaded again."""
    message = await bot.send_document(
        5, document=b"abc,def\n", filename="data.csv", caption="<b>csv</b>", parse_mode=ParseMode.HTML
    )
    assert message.document is not None
    assert message.document.file_name == "data.csv"
    assert message.caption == "csv"
    assert message.caption_entities[0].type == "bold"
    downloaded = await (await bot.get_file(message.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == b"abc,def\n"
    assert fake.sent[-1].method == "sendDocument"


async def test_document_update_handler_downloads(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """A pushed document message lets the handler fetch the file through getFile."""
    fake.add_file("doc-x", b"hello file")
    fake.push_update(document_message(12, 12, "doc-x", file_name="a.txt", file_size=10))
    [reply] = await fake.wait_for_messages(12)
    assert reply.text == "got 10 bytes: hello file"


async def test_my_chat_member_is_delivered(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """my_chat_member (allowed by default) reaches ChatMemberHandler."""
    fake.push_update(my_chat_member(-1000, 7, "left", "administrator"))
    [reply] = await fake.wait_for_messages(-1000)
    assert reply.text == "now administrator"


async def test_unknown_method_is_recorded(fake: FakeBotAPI, bot: Bot) -> None:
    """Unknown methods answer 404 Not Found and are recorded."""
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("fooBar", api_kwargs={"chat_id": 1})
    [call] = fake.unknown_calls
    assert (call.method, call.status, call.params) == ("fooBar", 404, {"chat_id": 1})
    assert call.response == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_get_updates_offset_limit_and_allowed_updates(fake: FakeBotAPI, bot: Bot) -> None:
    """offset confirms, limit caps, allowed_updates filters, timeout=0 returns at once."""
    ids = fake.push_updates(private_text(1, "a"), private_text(1, "b"), callback_query(1, 1, "c", 3))
    assert ids == [1, 2, 3]
    first = await bot.get_updates(limit=2, timeout=0)
    assert [u.update_id for u in first] == [1, 2]
    rest = await bot.get_updates(offset=2, timeout=0, allowed_updates=["message"])
    assert [u.update_id for u in rest] == [2]  # the callback_query is not allowed, so it is dropped
    assert await bot.get_updates(offset=3, timeout=0) == ()
    assert fake.pending_updates == []


async def test_get_updates_long_polls(fake: FakeBotAPI, bot: Bot) -> None:
    """getUpdates blocks until timeout when idle and returns promptly when an update arrives."""
    started = time.monotonic()
    assert await bot.get_updates(timeout=dtm.timedelta(seconds=0.3)) == ()
    assert time.monotonic() - started >= 0.3
    loop = asyncio.get_running_loop()
    loop.call_later(0.1, fake.push_update, private_text(1, "late"))
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    assert len(updates) == 1
    assert time.monotonic() - started < 1.0


async def test_webhook_calls(fake: FakeBotAPI, bot: Bot) -> None:
    """setWebhook/getWebhookInfo/deleteWebhook round-trip; getUpdates conflicts while it is set."""
    assert await bot.set_webhook("https://example.com/hook", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.com/hook"
    with pytest.raises(TelegramError, match=r"(?i)webhook is active"):
        await bot.get_updates(timeout=0)
    with pytest.raises(BadRequest, match=r"(?i)HTTPS URL"):
        await bot.set_webhook("http://example.com/hook")
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""


async def test_html_parse_mode_and_validation(fake: FakeBotAPI, bot: Bot) -> None:
    """HTML is parsed into entities; malformed HTML fails like Telegram; edits must change something."""
    html = "<b>AI</b> &amp; <a href='https://x.cn'>法规</a>"
    message = await bot.send_message(5, html, parse_mode="HTML")
    assert message.text == "AI & 法规"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 2), ("text_link", 5, 2)]
    assert fake.sent[-1].text == html
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(5, "a <div>b</div>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(5, "  ")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(html, chat_id=5, message_id=message.message_id, parse_mode="HTML")
    edited = await bot.edit_message_text("AI & 法规", chat_id=5, message_id=message.message_id)
    assert isinstance(edited, Message)
    assert edited.entities == ()
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(5, "x", reply_to_message_id=424242)


async def test_bot_commands_and_chat_action(fake: FakeBotAPI, bot: Bot) -> None:
    """setMyCommands/getMyCommands/deleteMyCommands round-trip with validation."""
    assert await bot.set_my_commands([("subscribe", "订阅每日简报"), ("help", "帮助")])
    assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
        ("subscribe", "订阅每日简报"),
        ("help", "帮助"),
    ]
    assert fake.commands()[0] == {"command": "subscribe", "description": "订阅每日简报"}
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad-Name", "x")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert await bot.send_chat_action(5, "typing")


async def test_json_and_get_requests(fake: FakeBotAPI) -> None:
    """The fake also accepts JSON bodies and query strings, and 401s a wrong token when pinned."""
    async with httpx.AsyncClient() as client:
        reply = await client.post(f"{fake.base_url}{TOKEN}/sendMessage", json={"chat_id": 3, "text": "42"})
        assert reply.json()["result"]["text"] == "42"
        reply = await client.get(f"{fake.base_url}{TOKEN}/getMe")
        assert reply.json()["result"]["username"] == "policybot_test_bot"
    with FakeBotAPI(token=TOKEN) as pinned:
        async with httpx.AsyncClient() as client:
            reply = await client.get(f"{pinned.base_url}999:WRONG/getMe")
        assert (reply.status_code, reply.json()["description"]) == (401, "Unauthorized")


async def test_wait_for_timeout_message(fake: FakeBotAPI, bot: Bot) -> None:
    """wait_for raises AssertionError naming the condition and the last calls."""
    await bot.send_message(5, "something")
    with pytest.raises(AssertionError, match=r"(?s)2 message\(s\) sent to chat 5.*sendMessage"):
        await fake.wait_for_messages(5, count=2, timeout=0.1)


def test_push_update_rejects_unparseable_update(fake: FakeBotAPI) -> None:
    """An update python-telegram-bot cannot parse is refused before it can stop polling."""
    with pytest.raises(ValueError, match=r"(?i)cannot parse"):
        fake.push_update({"message": {"message_id": 1, "text": "no chat or date"}})
    assert fake.pending_updates == []


@pytest.mark.parametrize(
    "update",
    [
        private_text(1, "hi @someone_here /start"),
        group_text(-5, 1, "/cmd@policybot_test_bot x", reply_to_bot_message=9),
        group_text(-1005, 1, "topic", chat_type="supergroup", is_forum=True, message_thread_id=4),
        command(1, "/subscribe daily 09:00"),
        callback_query(1, -5, "data", 3),
        my_chat_member(-5, 1, "member", "kicked"),
        my_chat_member(1, 1, "member", "kicked", chat_type="private"),
        chat_member(-1005, 1, 2, "member", "restricted"),
        migrate_to_chat(-5, -1005),
        migrate_from_chat(-1005, -5),
        document_message(1, 1, "file", caption="/import now"),
    ],
)
def test_builders_parse(update: dict[str, Any]) -> None:
    """Every builder produces an update that telegram.Update.de_json accepts."""
    parsed = Update.de_json({**update, "update_id": 1}, None)
    assert parsed.update_id == 1
    assert parsed.effective_chat is not None


async def test_many_messages_throughput(fake: FakeBotAPI, running: list[TelegramError]) -> None:
    """Fifty queued updates are all answered, in per-chat order."""
    for index in range(50):
        fake.push_update(private_text(1000 + index % 5, f"m{index}"))
    await fake.wait_for(lambda: len(fake.sent) >= 50, timeout=10)
    assert fake.texts_to(1000) == [f"echo: m{i}" for i in range(0, 50, 5)]


async def test_polling_helper_and_clean_shutdown() -> None:
    """FakeBotAPI.polling runs an app; after both exit no fake server thread is left."""
    with FakeBotAPI() as fake:
        app = build_app(fake, [])
        async with fake.polling(app, poll_timeout=1):
            fake.push_update(private_text(3, "x"))
            await fake.wait_for_messages(3)
        assert not app.running
        assert fake.failed_calls == []
        polls = fake.calls_to("getUpdates")
        assert {c.status for c in polls} <= {200, 499}  # 499: the long poll PTB cancelled on stop
        assert any(c.ok and c.params["timeout"] == 0 for c in polls)  # the confirming poll
    assert not fake.running
    assert [t.name for t in threading.enumerate() if t.name.startswith("fakebot")] == []
