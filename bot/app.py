"""Build the Telegram Application from settings, and run it (long polling, or a webhook when configured)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.leader import Leadership
from bot.logs import redact_secret
from bot.ratelimit import PacedRateLimiter
from bot.settings import Settings
from handlers import bot_commands, delivery, metrics, register
from handlers.background import db_call, off_loop
from handlers.context import BotContext, BotData, PolicyApp
from knowledge.errors import KnowledgeError, first_line
from knowledge.ingest.inbox import ingest_inbox
from knowledge.service import Knowledge

log = logging.getLogger(__name__)

NO_TOKEN = (
    "policybot: no Telegram token. Create a bot with @BotFather (/newbot), then run with "
    "TELEGRAM_BOT_TOKEN=<token> policybot run — or try `policybot chat`, which needs no token."
)
BAD_TOKEN = "policybot: Telegram rejected the token (TELEGRAM_BOT_TOKEN); check it with @BotFather."
HEARTBEAT = "heartbeat"
HEARTBEAT_SECONDS = 60.0
WEBHOOK_SECRET = "webhook_secret"


def build_application(settings: Settings, knowledge: Knowledge) -> PolicyApp:
    if settings.telegram_bot_token is None:
        raise ValueError("a token is required to build the Telegram application")
    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.resolved_file_url)
        .context_types(context_types)
        .defaults(Defaults(tzinfo=settings.zone, allow_sending_without_reply=True))
        .rate_limiter(PacedRateLimiter())
        # Updates wait on the network (a reply's round trip), not the CPU: with 8 at a time, 50
        # questions a second queued behind each other's sends.
        .concurrent_updates(64)
    )
    app: PolicyApp = builder.build()  # type: ignore[assignment]
    app.bot_data.knowledge = knowledge
    app.bot_data.settings = settings
    register(app)
    return app


async def post_init(app: PolicyApp) -> None:
    """Command menu, the digest sender, and the jobs: digest dispatch, inbox and feed polling, heartbeat."""
    await app.bot.set_my_commands(bot_commands())
    settings, knowledge = app.bot_data.settings, app.bot_data.knowledge
    assert isinstance(settings, Settings), "build_application sets the settings"
    assert knowledge is not None, "build_application sets the knowledge"
    role = app.bot_data.role
    lease = timedelta(seconds=settings.digest_lease_seconds)
    app.bot_data.drainer = delivery.Drainer(app.bot, knowledge, role, sorted(settings.admin_ids), lease=lease)
    metrics.QUEUE_DEPTH.set_function(app.update_queue.qsize)
    metrics.LEADER.set_function(lambda: 1 if role.leader else 0)
    metrics.KNOWLEDGE_VERSION.set_function(lambda: knowledge.version)
    if app.job_queue is None:
        log.error("event=no_job_queue detail='install python-telegram-bot[job-queue]'")
        return
    # Scheduled digests, their catch-up after a stop, and digests queued elsewhere (another
    # replica's /digest_now, an interrupted run) all go through this one job on the leader.
    app.job_queue.run_repeating(
        delivery.dispatch_job, settings.dispatch_interval_seconds, first=0.5, name="digest-dispatch"
    )
    if settings.inbox_dir is not None:
        app.job_queue.run_repeating(inbox_job, settings.inbox_interval_seconds, first=1.0, name="inbox")
    app.job_queue.run_repeating(feeds_job, settings.feed_interval_seconds, first=30.0, name="feeds")
    # The first beat now: an interval job whose first run is "now" runs an interval later, since
    # APScheduler computes its next run time a moment after that "now".
    beat(settings, app.bot_data)
    app.job_queue.run_repeating(heartbeat_job, HEARTBEAT_SECONDS, first=HEARTBEAT_SECONDS, name="heartbeat")


async def inbox_job(context: BotContext) -> None:
    inbox = context.settings.inbox_dir
    if inbox is None or not context.bot_data.role.leader:
        return
    results = await off_loop(ingest_inbox, context.knowledge, inbox)
    failed = [r for r in results if r.status == "failed"]
    for result in results:
        log.info("event=inbox_%s source=%s article=%s", result.status, result.source, result.article_id)
    for admin in sorted(context.settings.admin_ids) if failed else []:
        lines = "\n".join(f"{r.source}: {r.message}" for r in failed)
        await context.bot.send_message(
            admin, f"Inbox files that could not be ingested (moved to failed/):\n{lines}"
        )


async def feeds_job(context: BotContext) -> None:
    from knowledge.ingest.feeds import poll_feeds

    if not context.bot_data.role.leader:
        return
    for result in await off_loop(poll_feeds, context.knowledge):
        log.info("event=feed_%s source=%s article=%s", result.status, result.source, result.article_id)


async def heartbeat_job(context: BotContext) -> None:
    settings = context.settings
    assert isinstance(settings, Settings), "build_application sets the settings"
    await asyncio.to_thread(beat, settings, context.bot_data)


def beat(settings: Settings, data: BotData | None = None) -> None:
    """Record that the bot is alive, its role and knowledge version, for `policybot health`."""
    path = settings.data_dir / HEARTBEAT
    path.parent.mkdir(parents=True, exist_ok=True)
    state: dict[str, Any] = {"time": time.time()}
    if data is not None and data.knowledge is not None:
        state.update(
            leader=data.role.leader, worker=data.role.worker, knowledge_version=data.knowledge.version
        )
    path.write_text(json.dumps(state), encoding="utf-8")


def heartbeat(settings: Settings) -> dict[str, Any]:
    """The last heartbeat's contents ({} when there is none)."""
    try:
        text = (settings.data_dir / HEARTBEAT).read_text(encoding="utf-8")
        state = json.loads(text)
        return state if isinstance(state, dict) else {"time": float(state)}
    except (OSError, ValueError):
        return {}


def healthy(settings: Settings, max_age: float = 180.0) -> bool:
    path: Path = settings.data_dir / HEARTBEAT
    if not path.exists():
        return False
    return time.time() - float(heartbeat(settings).get("time", 0)) < max_age


def run_bot(settings: Settings) -> int:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    redact_secret(settings.telegram_bot_token.get_secret_value())
    knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
    if knowledge.load_warning:
        log.warning("event=seeds_not_loaded detail=%r", knowledge.load_warning)
    knowledge.watch()
    app = build_application(settings, knowledge)
    leadership = Leadership(knowledge.postgres_url, app.bot_data.role)
    try:
        asyncio.run(serve(app, settings, knowledge, leadership))
    except InvalidToken:
        print(BAD_TOKEN, file=sys.stderr)
        return 2
    except (TelegramError, KnowledgeError, OSError) as exc:
        print(f"policybot: could not run: {redacted(first_line(exc), settings)}", file=sys.stderr)
        return 1
    finally:
        leadership.stop()
        knowledge.close()
    return 0


def redacted(text: str, settings: Settings) -> str:
    for secret in (settings.telegram_bot_token, settings.webhook_secret):
        if secret is not None and secret.get_secret_value():
            text = text.replace(secret.get_secret_value(), "[secret]")
    return text


async def serve(app: PolicyApp, settings: Settings, knowledge: Knowledge, leadership: Leadership) -> None:
    """Run until SIGINT/SIGTERM: a webhook on every replica, or long polling on the leader only."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    start_metrics(settings)
    role = app.bot_data.role
    async with app:  # initialize (getMe: a bad token fails here) … shutdown
        leadership.start()
        await post_init(app)
        await app.start()
        log.info(
            "event=starting mode=%s facts=%s knowledge_version=%s worker=%s",
            "webhook" if settings.webhook_url else "polling",
            len(knowledge.snapshot.facts),
            knowledge.version,
            role.worker,
        )
        assert app.updater is not None, "the builder makes an updater"
        if settings.webhook_url:
            secret = await webhook_secret(settings, knowledge)
            await app.updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path="telegram",
                webhook_url=settings.webhook_url.rstrip("/") + "/telegram",
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
        while not stop.is_set():
            if not settings.webhook_url and role.leader != app.updater.running:
                if role.leader:
                    log.info("event=polling_started worker=%s", role.worker)
                    await app.updater.start_polling(
                        allowed_updates=Update.ALL_TYPES, error_callback=poll_error
                    )
                else:
                    log.info("event=polling_stopped worker=%s", role.worker)
                    await app.updater.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
        if app.updater.running:
            await app.updater.stop()
        drainer = app.bot_data.drainer
        if isinstance(drainer, delivery.Drainer):
            await drainer.stop()
        await app.stop()


async def webhook_secret(settings: Settings, knowledge: Knowledge) -> str:
    """The configured secret, else one generated once and shared by every replica through the database."""
    if settings.webhook_secret is not None and settings.webhook_secret.get_secret_value():
        return settings.webhook_secret.get_secret_value()
    secret = await db_call(knowledge.shared_secret, WEBHOOK_SECRET)
    redact_secret(secret)
    log.info("event=webhook_secret source=database")
    return secret


def poll_error(error: TelegramError) -> None:
    """One line per polling error (a 409 Conflict: another poller took over), never a traceback."""
    log.warning("event=poll_error error=%s %r", type(error).__name__, first_line(error))


def start_metrics(settings: Settings) -> None:
    if not settings.metrics_port:
        return
    from prometheus_client import start_http_server

    try:
        start_http_server(settings.metrics_port, addr=settings.metrics_listen)
        log.info("event=metrics_listening addr=%s port=%s", settings.metrics_listen, settings.metrics_port)
    except OSError as exc:
        log.warning("event=metrics_unavailable port=%s error=%r", settings.metrics_port, first_line(exc))
