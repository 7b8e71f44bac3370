"""Digest delivery and scheduling on the JobQueue (APScheduler underneath; the database is the truth).

Each subscribed chat has one job named `digest:<chat_id>`. Jobs are rebuilt from the database
at start-up, and a digest that fell due while the bot was down is sent at once (APScheduler's
misfire grace would otherwise drop it silently).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot, JobQueue

from handlers.context import BotContext
from handlers.replies import NO_PREVIEW
from knowledge import subscriptions as subs
from knowledge.render.answers import split_message
from knowledge.service import Knowledge
from knowledge.subscriptions import SubscriptionView

log = logging.getLogger(__name__)

BULK = "bulk"  # rate_limit_args of sends that may wait for replies (digests)

MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 1.0
CONCURRENT = 32  # chats in delivery at once: enough to keep 30 sends/s busy
_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


@dataclass
class Outcome:
    chat_id: int
    status: str  # sent | nothing | blocked | failed | inactive
    articles: int = 0
    detail: str = ""


def retry_seconds(error: RetryAfter) -> float:
    """`retry_after` is an int in older releases and may be a timedelta in v22."""
    value = error.retry_after
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


def job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


async def _send_all(bot: ExtBot[str], chat_id: int, thread_id: int | None, parts: list[str]) -> list[int]:
    ids: list[int] = []
    for part in parts:
        message = await bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            message_thread_id=thread_id,
            link_preview_options=NO_PREVIEW,
            rate_limit_args=BULK,  # replies to people go first
        )
        ids.append(message.message_id)
    return ids


async def deliver(
    bot: ExtBot[str], knowledge: Knowledge, chat_id: int, *, notify: list[int] | None = None
) -> Outcome:
    """Send a chat everything new since its last digest, exactly once as far as the ledger can tell.

    At most `CONCURRENT` chats are in delivery at once, so a thousand digests falling due together
    queue here instead of each running its database work on the event loop first.
    """
    async with _gate():
        return await _deliver(bot, knowledge, chat_id, notify or [])


def _gate() -> asyncio.Semaphore:
    """The running loop's delivery semaphore (tests and benchmarks run several loops in turn)."""
    loop = asyncio.get_running_loop()
    if loop not in _gates:
        _gates[loop] = asyncio.Semaphore(CONCURRENT)
    return _gates[loop]


async def _deliver(bot: ExtBot[str], knowledge: Knowledge, chat_id: int, notify: list[int]) -> Outcome:
    prepared = subs.prepare_delivery(knowledge, chat_id)
    if prepared is None:
        return Outcome(chat_id, "nothing")
    delivery_id, count = prepared.delivery_id, prepared.items
    target = chat_id
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            ids = await _send_all(bot, target, prepared.thread_id, split_message(prepared.text))
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            log.warning("event=digest_retry_after chat=%s seconds=%.1f", target, wait)
            await asyncio.sleep(wait)
            continue
        except ChatMigrated as exc:
            new_id = int(exc.new_chat_id)
            log.info("event=chat_migrated old=%s new=%s", target, new_id)
            subs.migrate(knowledge, target, new_id)
            target = new_id
            continue
        except Forbidden as exc:
            reason = f"blocked: {exc.message}"
            subs.stop(knowledge, target, delivery_id, reason)
            log.warning("event=digest_blocked chat=%s reason=%r", target, exc.message)
            note = f"Digest to chat {target} stopped: {exc.message}. The subscription is deactivated."
            await _tell_admins(bot, notify, note)
            return Outcome(target, "blocked", detail=exc.message)
        except (BadRequest, NetworkError, TelegramError) as exc:
            final = attempt == MAX_ATTEMPTS or isinstance(exc, BadRequest)
            subs.fail_delivery(knowledge, delivery_id, str(exc), final=False)
            log.warning("event=digest_error chat=%s attempt=%s error=%r", target, attempt, str(exc))
            if final:
                return Outcome(target, "failed", detail=str(exc))
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            continue
        subs.finish_delivery(knowledge, delivery_id, ids)
        log.info("event=digest_sent chat=%s articles=%s messages=%s", target, count, len(ids))
        return Outcome(target, "sent", articles=count)
    return Outcome(target, "failed", detail="rate limited too often")


async def _tell_admins(bot: ExtBot[str], admins: list[int], text: str) -> None:
    for admin in admins:
        try:
            await bot.send_message(admin, text)
        except TelegramError as exc:
            log.warning("event=admin_notify_failed admin=%s error=%r", admin, str(exc))


async def deliver_all(bot: ExtBot[str], knowledge: Knowledge, admins: list[int]) -> list[Outcome]:
    chat_ids = [subscription.chat_id for subscription in subs.active(knowledge)]
    outcomes = await asyncio.gather(
        *(deliver(bot, knowledge, chat_id, notify=admins) for chat_id in chat_ids)
    )
    return list(outcomes)


async def digest_job(context: BotContext) -> None:
    job = context.job
    if job is None or not isinstance(job.data, int):
        return
    await deliver(context.bot, context.knowledge, job.data, notify=sorted(context.settings.admin_ids))


def schedule(job_queue: JobQueue[BotContext], subscription: SubscriptionView) -> None:
    """(Re)place the chat's job; weekly jobs run on one day (PTB counts days from Sunday = 0)."""
    unschedule(job_queue, subscription.chat_id)
    if not subscription.active:
        return
    hours, minutes = (int(part) for part in subscription.at_time.split(":"))
    at = time(hours, minutes, tzinfo=ZoneInfo(subscription.timezone))
    days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    if subscription.cadence == "weekly" and subscription.weekday is not None:
        days = ((subscription.weekday + 1) % 7,)
    job_queue.run_daily(
        digest_job,
        at,
        days=days,
        data=subscription.chat_id,
        name=job_name(subscription.chat_id),
        job_kwargs={"misfire_grace_time": 3600, "coalesce": True},
    )


def unschedule(job_queue: JobQueue[BotContext], chat_id: int) -> None:
    for job in job_queue.get_jobs_by_name(job_name(chat_id)):
        job.schedule_removal()


def restore(job_queue: JobQueue[BotContext], knowledge: Knowledge, now: datetime | None = None) -> list[int]:
    """Rebuild every chat's job from the database; chats whose digest fell due meanwhile run now."""
    now = now or datetime.now(UTC)
    catch_up: list[int] = []

    for subscription in subs.active(knowledge):
        schedule(job_queue, subscription)
        if subs.missed(subscription, now):
            catch_up.append(subscription.chat_id)
            job_queue.run_once(
                digest_job, 0.5, data=subscription.chat_id, name=f"catch-up:{subscription.chat_id}"
            )
    return catch_up
