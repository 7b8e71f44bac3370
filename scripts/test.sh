#!/usr/bin/env bash
# Lint, type-check, check the layer rules and run the whole test suite, on SQLite and on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

ruff check .
ruff format --check .
mypy
lint-imports  # the layer rules in pyproject.toml

# PostgreSQL: the server named by POLICYBOT_TEST_POSTGRES_URL, else the local one (started if it is down).
if [[ -z "${POLICYBOT_TEST_POSTGRES_URL:-}" ]]; then
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
        version="$(ls /etc/postgresql 2>/dev/null | head -n1 || true)"
        [[ -n "$version" ]] && pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && break; sleep 0.5; done
    fi
    if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        export POLICYBOT_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:5432/test"
    else
        echo "############################################################################"
        echo "## WARNING: no PostgreSQL server could be started: PostgreSQL tests SKIPPED ##"
        echo "############################################################################"
    fi
fi

exec pytest -q -p no:cacheprovider "$@"
