# policybot: the Telegram bot with its seeds; SQLite in /data unless POLICYBOT_DATABASE_URL says otherwise.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    POLICYBOT_DATA_DIR=/data \
    POLICYBOT_INBOX_DIR=/data/inbox

WORKDIR /app
RUN useradd --create-home --uid 10001 policybot && mkdir -p /data/inbox && chown -R policybot /data

# Dependencies first, from the pinned lock, so code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY pyproject.toml setup.py README.md LICENSE ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY handlers ./handlers
COPY seeds ./seeds
RUN pip install --no-deps .

USER policybot
# jieba's dictionary as a compact trie, cached in the home of the user that reads it.
RUN python -m knowledge.text.jieba_trie
VOLUME ["/data"]
# The bot writes a heartbeat every minute; `policybot health` fails when it is older than three minutes.
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 CMD ["policybot", "health"]
# `policybot run` applies the migrations and loads the seeds idempotently before it starts polling.
CMD ["policybot", "run"]
