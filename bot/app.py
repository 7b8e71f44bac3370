"""Build the Telegram Application from settings, and run it (long polling, or a webhook when configured)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.logs import redact_secret
from bot.ratelimit import PacedRateLimiter
from bot.settings import Settings
from handlers import bot_commands, delivery, register
from handlers.background import off_loop
from handlers.context import BotContext, BotData, PolicyApp
from knowledge.ingest.inbox import ingest_inbox
from knowledge.service import Knowledge

log = logging.getLogger(__name__)

NO_TOKEN = (
    "policybot: no Telegram token. Create a bot with @BotFather (/newbot), then run with "
    "TELEGRAM_BOT_TOKEN=<token> policybot run — or try `policybot chat`, which needs no token."
)
HEARTBEAT = "heartbeat"
HEARTBEAT_SECONDS = 60.0


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
        .defaults(Defaults(tzinfo=settings.zone))
        .rate_limiter(PacedRateLimiter())
        .concurrent_updates(8)
        .post_init(post_init)
    )
    app: PolicyApp = builder.build()  # type: ignore[assignment]
    app.bot_data.knowledge = knowledge
    app.bot_data.settings = settings
    register(app)
    return app


async def post_init(app: PolicyApp) -> None:
    """Command menu, digest jobs rebuilt from the database (with catch-up), inbox and feed polling."""
    await app.bot.set_my_commands(bot_commands())
    settings, knowledge = app.bot_data.settings, app.bot_data.knowledge
    assert isinstance(settings, Settings), "build_application sets the settings"
    assert knowledge is not None, "build_application sets the knowledge"
    if app.job_queue is None:
        log.error("event=no_job_queue detail='install python-telegram-bot[job-queue]'")
        return
    caught_up = delivery.restore(app.job_queue, knowledge)
    log.info("event=jobs_restored catch_up=%s", caught_up)
    if settings.inbox_dir is not None:
        app.job_queue.run_repeating(inbox_job, settings.inbox_interval_seconds, first=1.0, name="inbox")
    app.job_queue.run_repeating(feeds_job, settings.feed_interval_seconds, first=30.0, name="feeds")
    # The first beat now: an interval job whose first run is "now" runs an interval later, since
    # APScheduler computes its next run time a moment after that "now".
    beat(settings)
    app.job_queue.run_repeating(heartbeat_job, HEARTBEAT_SECONDS, first=HEARTBEAT_SECONDS, name="heartbeat")


async def inbox_job(context: BotContext) -> None:
    inbox = context.settings.inbox_dir
    if inbox is None:
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

    for result in await off_loop(poll_feeds, context.knowledge):
        log.info("event=feed_%s source=%s article=%s", result.status, result.source, result.article_id)


async def heartbeat_job(context: BotContext) -> None:
    settings = context.settings
    assert isinstance(settings, Settings), "build_application sets the settings"
    beat(settings)


def beat(settings: Settings) -> None:
    """Record that the bot is alive, for `policybot health` (the container's health check)."""
    path = settings.data_dir / HEARTBEAT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(time.time()), encoding="utf-8")


def healthy(settings: Settings, max_age: float = 180.0) -> bool:
    path: Path = settings.data_dir / HEARTBEAT
    try:
        return time.time() - float(path.read_text(encoding="utf-8")) < max_age
    except (OSError, ValueError):
        return False


def run_bot(settings: Settings) -> int:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    redact_secret(settings.telegram_bot_token.get_secret_value())
    knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
    if knowledge.load_warning:
        log.warning("event=seeds_not_loaded detail=%r", knowledge.load_warning)
    app = build_application(settings, knowledge)
    log.info(
        "event=starting mode=%s facts=%s",
        "webhook" if settings.webhook_url else "polling",
        len(knowledge.snapshot.facts),
    )
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=settings.webhook_url.rstrip("/") + "/telegram",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    knowledge.close()
    return 0
