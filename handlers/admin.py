"""Admin commands: /reload, /ingest, /digest_now, /stats. Everyone else is politely refused."""

from __future__ import annotations

import logging

from telegram import Update

from handlers import delivery
from handlers.background import db_call, off_loop
from handlers.context import BotContext
from handlers.replies import Reply, send
from knowledge import reviews
from knowledge import subscriptions as subs
from knowledge.errors import KnowledgeError
from knowledge.facts import Status
from knowledge.ingest.inbox import ingest_inbox
from knowledge.ingest.pipeline import ingest_bytes, ingest_paths_and_urls
from knowledge.ingest.results import IngestResult
from knowledge.render.answers import Renderer
from knowledge.service import Knowledge

log = logging.getLogger(__name__)
REFUSAL = "Sorry, only the bot's administrators can do that. 抱歉，只有机器人管理员可以执行此操作。"
MAX_UPLOAD_BYTES = 5_000_000


async def _admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    if context.is_bot_admin(user.id if user else None):
        return True
    if update.effective_message:
        await send(update.effective_message, Reply(REFUSAL))
    log.info("event=admin_refused user=%s", user.id if user else None)
    return False


def result_line(res: IngestResult) -> str:
    if res.status == "failed":  # the message names the source and says what is wrong
        return f"failed: {res.message}"
    facts = f" ({res.facts} facts)" if res.changed else ""
    return f"{res.status}: {res.title or res.source}{facts} {res.message}".strip()


def results_text(results: list[IngestResult]) -> str:
    r = Renderer("html")
    return "\n".join(r.esc(result_line(res)) for res in results) or "Nothing to ingest. 没有要收录的内容。"


def reload_reply(knowledge: Knowledge, inbox: object) -> Reply:
    """Seeds first (validated as a whole, swapped in one transaction), then the inbox."""
    r = Renderer("html")
    try:
        report = knowledge.reload_seeds()
    except KnowledgeError as exc:
        log.warning("event=reload_failed error=%r", str(exc))
        return Reply(r.esc(f"Reload failed, the old knowledge is kept. 重新加载失败，保留原有知识。\n{exc}"))
    lines = [r.esc(f"Reloaded · 已重新加载: {report.summary()}")]
    if inbox is not None:
        from pathlib import Path

        results = ingest_inbox(knowledge, Path(str(inbox)))
        if results:
            lines.append(results_text(results))
    snapshot = knowledge.snapshot
    lines.append(r.esc(f"Now · 现有: {len(snapshot.facts)} facts, {len(snapshot.articles)} articles"))
    return Reply("\n".join(lines))


def stats_reply(knowledge: Knowledge) -> Reply:
    numbers = knowledge.counts()
    queue = reviews.queue_length(knowledge)
    snapshot = knowledge.snapshot
    curated = sum(f.status == Status.CURATED for f in snapshot.facts)
    reviewed = sum(f.status == Status.REVIEWED for f in snapshot.facts)
    lines = [
        f"facts: {len(snapshot.facts)} ({curated} curated, {reviewed} reviewed)",
        f"review queue: {queue} (/review)",
        f"articles: {len(snapshot.articles)}",
        f"people: {len(snapshot.people)}",
        f"active subscriptions: {numbers['subscriptions']}",
        f"digests delivered: {numbers['deliveries']}",
        f"questions answered / abstained: {numbers['answered']} / {numbers['abstained']}",
    ]
    return Reply("<b>Stats · 统计</b>\n" + Renderer("html").esc("\n".join(lines)))


async def reload(update: Update, context: BotContext) -> None:
    if update.effective_message and await _admin(update, context):
        reply = await off_loop(reload_reply, context.knowledge, context.settings.inbox_dir)
        await send(update.effective_message, reply)


async def ingest(update: Update, context: BotContext) -> None:
    """/ingest URL…, or /ingest as a reply to an uploaded article file."""
    message = update.effective_message
    if message is None or not await _admin(update, context):
        return
    knowledge = context.knowledge
    document = message.reply_to_message.document if message.reply_to_message else None
    if document is not None:
        if document.file_size and document.file_size > MAX_UPLOAD_BYTES:
            await send(message, Reply("That file is too large (max 5 MB). 文件过大。"))
            return
        data = bytes(await (await document.get_file()).download_as_bytearray())
        name = document.file_name or "upload.txt"
        results = [await off_loop(ingest_bytes, knowledge, data, name=name)]
    elif context.args:
        urls = [a for a in context.args if a.startswith(("http://", "https://"))]
        results = await off_loop(ingest_paths_and_urls, knowledge, urls)
        if len(results) < len(context.args):
            results.append(
                IngestResult("arguments", "failed", None, None, 0, "only http(s) URLs are accepted")
            )
    else:
        await send(message, Reply("Usage: /ingest URL, or reply /ingest to an uploaded article file."))
        return
    await send(message, Reply(results_text(results)))


async def digest_now(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not await _admin(update, context):
        return
    queued = await db_call(subs.queue_all, context.knowledge)
    if context.bot_data.drainer is not None and context.bot_data.role.leader:
        context.bot_data.drainer.kick()  # else the leader's next dispatch (within seconds) sends them
    timeout = 60.0 + len(queued) / 20
    outcomes = await delivery.wait_for(context.knowledge, queued, timeout)
    sent = sum(o.status == "sent" for o in outcomes)
    summary = (
        ", ".join(f"{o.chat_id}: {o.status}" for o in outcomes if o.status != "nothing") or "no new items"
    )
    await send(message, Reply(Renderer("html").esc(f"Digests sent: {sent}/{len(outcomes)} · {summary}")))


async def stats(update: Update, context: BotContext) -> None:
    if update.effective_message and await _admin(update, context):
        await send(update.effective_message, await db_call(stats_reply, context.knowledge))
