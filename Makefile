# Two commands set everything up on a fresh machine: `make chat` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help chat run test test-fast lint bench eval clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/policybot: pyproject.toml setup.py requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m knowledge.text.jieba_trie
	$(BIN)/python -m knowledge.lexicon.dictionary
	@touch $@

$(BIN)/pytest: $(BIN)/policybot requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	@touch $@

chat: $(BIN)/policybot ## set up, then ask the bot questions in this terminal (no token, embedded SQLite)
	$(BIN)/policybot chat

run: $(BIN)/policybot ## set up, then run the Telegram bot (needs TELEGRAM_BOT_TOKEN)
	$(BIN)/policybot run

test: $(BIN)/pytest ## set up, then lint, type-check and run every test (SQLite and PostgreSQL)
	PATH="$(abspath $(BIN)):$$PATH" scripts/test.sh

test-fast: $(BIN)/pytest ## the inner loop: every test not marked slow, on SQLite only (no lint)
	POLICYBOT_TEST_POSTGRES_URL= $(BIN)/pytest -q -p no:cacheprovider -m "not slow and not postgres" $(ARGS)

lint: $(BIN)/pytest ## ruff, mypy and the layer rules (import-linter) only
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

bench: $(BIN)/pytest ## run the QA, bot and ingestion benchmarks (each updates its section of benchmarks/RESULTS.md)
	$(BIN)/python -m benchmarks.qa && $(BIN)/python -m benchmarks.bot && $(BIN)/python -m benchmarks.ingest

eval: $(BIN)/policybot ## score the answers: seed questions, then the test corpus (dev, holdout) and analyst sets
	$(BIN)/policybot eval ../shared/eval/dev_qa.jsonl tests/qa/*.jsonl
	$(BIN)/policybot eval tests/corpus/questions.jsonl --corpus tests/corpus --split dev
	$(BIN)/policybot eval tests/corpus/questions.jsonl --corpus tests/corpus --split holdout
	$(BIN)/policybot eval tests/analyst/questions.jsonl --corpus tests/corpus

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
