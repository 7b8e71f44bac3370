"""Digest delivery: one path for scheduled, catch-up and /digest_now runs, through the ledger's claims.

A run only *queues* digests (`queue_due` for schedules and catch-up, `queue_all` for /digest_now):
each chat's new articles are rendered once and written to the ledger with a compare-and-set of
its cursor. The leader's `Drainer` then claims queued digests one at a time per worker and sends
them, confirming each part in the ledger as Telegram accepts it. A digest is therefore sent by
one worker at a time; a crash leaves it queued, and it is resumed by itself once the claim's
lease runs out (after a restart, or by another replica). The database decides what is due, not
jobs in one process's memory, so any replica can take over.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from handlers import metrics
from handlers.background import db_call
from handlers.context import BotContext, Role
from handlers.replies import NO_PREVIEW
from knowledge import subscriptions as subs
from knowledge.errors import first_line
from knowledge.service import Knowledge

log = logging.getLogger(__name__)
T = TypeVar("T")

BULK = "bulk"  # rate_limit_args of sends that may wait for replies (digests)
WORKERS = 8  # digests in flight per replica: each worker has at most one unconfirmed message
NETWORK_RETRIES = 3  # 5xx and timeouts retried in place (1, 2, 4 s) before the claim is given back
CONFIRM_RETRIES = 5


@dataclass
class Outcome:
    chat_id: int
    status: str  # sent | nothing | blocked | failed | retrying | queued
    detail: str = ""


def retry_seconds(error: RetryAfter) -> float:
    """`retry_after` is an int in older releases and may be a timedelta in v22."""
    value = error.retry_after
    return float(value.total_seconds()) if hasattr(value, "total_seconds") else float(value)


# --- waiting for /digest_now -----------------------------------------------------------------


async def wait_for(knowledge: Knowledge, queued: list[subs.Queued], seconds: float) -> list[Outcome]:
    """Wait until each queued digest was sent, failed, or failed once more and waits for a retry."""
    deadline = time.monotonic() + seconds
    ids = [i for _, i, _ in queued if i is not None]
    states: dict[int, tuple[str, int, bool]] = {}
    while ids:
        states = await db_call(subs.statuses, knowledge, ids)
        before = {i: attempts for _, i, attempts in queued if i is not None}
        if time.monotonic() > deadline or all(
            status != "pending" or (attempts > before[i] and not held)
            for i, (status, attempts, held) in states.items()
        ):
            break
        await asyncio.sleep(0.5)
    outcomes = []
    for chat, delivery_id, _ in queued:
        if delivery_id is None:
            outcomes.append(Outcome(chat, "nothing"))
            continue
        status, attempts, held = states.get(delivery_id, ("pending", 0, False))
        pending = "queued" if held or attempts == 0 else "retrying"
        outcomes.append(Outcome(chat, pending if status == "pending" else status))
    return outcomes


# --- sending (the leader's workers) ---------------------------------------------------------


async def _ledger(work: Callable[[], T]) -> T:
    """A ledger write that must not be lost: retried while the database is away for a moment."""
    for attempt in range(CONFIRM_RETRIES):
        try:
            return await db_call(work)
        except Exception as exc:
            log.warning("event=ledger_write_failed attempt=%s error=%r", attempt + 1, first_line(exc))
            await asyncio.sleep(2**attempt)
    raise RuntimeError("the ledger cannot be written")


async def send_claim(
    bot: ExtBot[str],
    knowledge: Knowledge,
    claim: subs.Claim,
    admins: list[int],
    lease: timedelta = subs.LEASE,
) -> str:
    """Send a claimed digest's remaining parts, confirming each; returns the delivery's outcome."""
    failures = 0
    while claim.remaining:
        expiring = (claim.lease_until - datetime.now(UTC)).total_seconds() < lease.total_seconds() / 2
        if expiring and not await _ledger(partial(subs.renew, knowledge, claim, lease)):
            return _lost(claim)
        try:
            message = await bot.send_message(
                claim.chat_id,
                claim.remaining[0],
                parse_mode=ParseMode.HTML,
                message_thread_id=claim.thread_id,
                link_preview_options=NO_PREVIEW,
                rate_limit_args=BULK,  # replies to people go first
            )
        except ChatMigrated as exc:
            new_id = int(exc.new_chat_id)
            log.info("event=chat_migrated old=%s new=%s", claim.chat_id, new_id)
            await _ledger(partial(subs.migrate, knowledge, claim.chat_id, new_id))
            claim.chat_id = new_id
            continue
        except Forbidden as exc:
            reason = f"blocked: {exc.message}"
            await _ledger(partial(subs.stop, knowledge, claim, reason))
            log.warning("event=digest_blocked chat=%s reason=%r", claim.chat_id, exc.message)
            note = f"Digest to chat {claim.chat_id} stopped: {exc.message}. The subscription is deactivated."
            await _tell_admins(bot, admins, note)
            metrics.DIGESTS.labels("blocked").inc()
            return "blocked"
        except (RetryAfter, BadRequest, NetworkError) as exc:
            retry_in: float = subs.retry_delay(claim.attempts)
            if isinstance(exc, RetryAfter):
                retry_in = retry_seconds(exc)
            elif not isinstance(exc, BadRequest) and failures < NETWORK_RETRIES:  # 5xx, timeout
                failures += 1
                if isinstance(exc, TimedOut):  # Telegram may have accepted it: a second copy is possible
                    metrics.DIGESTS.labels("duplicate_window").inc()
                log.warning("event=digest_retry chat=%s error=%r", claim.chat_id, first_line(exc))
                await asyncio.sleep(2 ** (failures - 1))
                continue
            status = await _ledger(partial(subs.release, knowledge, claim, str(exc), retry_in=retry_in))
            log.warning(
                "event=digest_error chat=%s status=%s error=%r", claim.chat_id, status, first_line(exc)
            )
            metrics.DIGESTS.labels("failed").inc()
            return "failed"
        accepted = time.perf_counter()
        try:
            confirmed = await _ledger(partial(subs.confirm_part, knowledge, claim, message.message_id, lease))
        except RuntimeError:
            metrics.DIGESTS.labels("duplicate_window").inc()  # sent, never confirmed: may go again
            log.error("event=digest_unconfirmed chat=%s delivery=%s", claim.chat_id, claim.delivery_id)
            raise
        metrics.CONFIRM_SECONDS.observe(time.perf_counter() - accepted)
        if not confirmed:
            return _lost(claim)
    log.info("event=digest_sent chat=%s messages=%s", claim.chat_id, len(claim.message_ids))
    metrics.DIGESTS.labels("sent").inc()
    return "sent"


def _lost(claim: subs.Claim) -> str:
    log.warning("event=digest_claim_lost chat=%s delivery=%s", claim.chat_id, claim.delivery_id)
    metrics.DIGESTS.labels("duplicate_window").inc()
    return "lost"


async def _tell_admins(bot: ExtBot[str], admins: list[int], text: str) -> None:
    for admin in admins:
        try:
            await bot.send_message(admin, text)
        except Exception as exc:
            log.warning("event=admin_notify_failed admin=%s error=%r", admin, first_line(exc))


class Drainer:
    """The leader's digest senders: `kick()` starts workers that claim and send until nothing is left."""

    def __init__(
        self,
        bot: ExtBot[str],
        knowledge: Knowledge,
        role: Role,
        admins: list[int],
        *,
        workers: int = WORKERS,
        lease: timedelta = subs.LEASE,
    ) -> None:
        self.bot, self.knowledge, self.role, self.admins = bot, knowledge, role, admins
        self.workers, self.lease = workers, lease
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._queue_due = False

    def kick(self, *, queue_due: bool = False) -> None:
        """Send what is queued (after queueing what fell due, with `queue_due`), in a task of its own."""
        self._queue_due = self._queue_due or queue_due
        if self._task is not None and not self._task.done():
            self._again = True  # more may have been queued since the workers looked
            return
        self._task = asyncio.get_running_loop().create_task(self._run(), name="digest-drain")

    async def idle(self) -> None:
        while self._task is not None and not self._task.done():
            await asyncio.wait({self._task})

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        self._again = True
        while self._again and self.role.leader:
            self._again = False
            queueing = asyncio.ensure_future(self._queue()) if self._queue_due else None
            self._queue_due = False
            while True:  # send while due digests are still being queued
                first = await self._claim(0)
                if first is None and queueing is not None and not queueing.done():
                    await asyncio.sleep(0.2)
                    continue
                if first is None:
                    break
                await asyncio.gather(self._work(0, first), *(self._work(i) for i in range(1, self.workers)))
        try:
            metrics.DIGEST_BACKLOG.set(await db_call(subs.backlog, self.knowledge))
        except Exception as exc:
            log.warning("event=backlog_count_failed error=%r", first_line(exc))

    async def _queue(self) -> None:
        try:
            queued = await db_call(subs.queue_due, self.knowledge)
        except Exception as exc:
            log.warning("event=dispatch_failed error=%r", first_line(exc))
            return
        if queued:
            log.info("event=digests_queued count=%s", len(queued))

    async def _claim(self, index: int) -> subs.Claim | None:
        if not self.role.leader:
            return None
        worker = f"{self.role.worker}/{index}"
        try:
            return await db_call(subs.claim_next, self.knowledge, worker, self.lease)
        except Exception as exc:
            log.warning("event=digest_claim_failed error=%r", first_line(exc))
            return None

    async def _work(self, index: int, claim: subs.Claim | None = None) -> None:
        claim = claim or await self._claim(index)
        while claim is not None:
            try:
                await send_claim(self.bot, self.knowledge, claim, self.admins, self.lease)
            except Exception as exc:  # the ledger is away: the claim expires and is taken up again
                log.error("event=digest_worker_stopped error=%r", first_line(exc))
                return
            claim = await self._claim(index)


async def dispatch_job(context: BotContext) -> None:
    """Every few seconds on the leader: queue what fell due, then send what is queued (never waited for)."""
    drainer = context.bot_data.drainer
    if context.bot_data.role.leader and isinstance(drainer, Drainer):
        drainer.kick(queue_due=True)


async def deliver_all(bot: ExtBot[str], knowledge: Knowledge, role: Role, admins: list[int]) -> list[Outcome]:
    """/digest_now in one process, to the end: queue every chat's digest, send them all, report each."""
    queued = await db_call(subs.queue_all, knowledge)
    drainer = Drainer(bot, knowledge, role, admins)
    drainer.kick()
    await drainer.idle()
    return await wait_for(knowledge, queued, 10.0)
