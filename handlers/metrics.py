"""Prometheus metrics of the running bot (prometheus-client's default registry)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES = Counter("policybot_updates_total", "Updates handled, by kind", ["kind"])
ANSWERS = Counter("policybot_answers_total", "Questions answered or declined", ["outcome"])
REPLY_SECONDS = Histogram(
    "policybot_reply_seconds",
    "From a handler taking an update to its reply being sent",
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DIGESTS = Counter(
    "policybot_digests_total",
    "Digest deliveries by outcome (duplicate_window: a part possibly sent twice, e.g. after a timeout)",
    ["outcome"],
)
CONFIRM_SECONDS = Histogram(
    "policybot_digest_confirm_seconds",
    "From Telegram accepting a digest message to the ledger commit (the duplicate window)",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
RATE_LIMITED = Counter("policybot_telegram_429_total", "429 Too Many Requests answers from Telegram")
RETRIES = Counter("policybot_send_retries_total", "Sends retried after a 5xx or a timeout")
QUEUE_DEPTH = Gauge("policybot_update_queue_depth", "Updates received and not yet handled")
DIGEST_BACKLOG = Gauge("policybot_digest_backlog", "Digests queued and not yet confirmed (as last counted)")
LEADER = Gauge("policybot_leader", "1 while this replica is the leader (polls, runs scheduled jobs)")
KNOWLEDGE_VERSION = Gauge("policybot_knowledge_version", "The knowledge version this replica answers from")
HANDLER_ERRORS = Counter("policybot_handler_errors_total", "Errors raised by handlers, by kind", ["kind"])
