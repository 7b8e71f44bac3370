"""Resident memory: opening the knowledge and answering import nothing they do not use.

Each of these costs memory for the bot's whole life: Alembic ~11 MiB (needed only to migrate),
trafilatura and lxml ~9 MiB (only for an HTML page), scipy and bm25s (only the QA benchmark's
baseline), pypinyin's phrase dictionary ~40 MiB (`knowledge.text.pinyin`), jieba's tagger ~53 MiB (only to
extract facts from a new article) and OpenCC's s2t tables ~27 MiB (only a traditional reply).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from knowledge.service import Knowledge
from knowledge.store import db

ROOT = Path(__file__).resolve().parents[2]
NOT_IMPORTED = ("alembic", "trafilatura", "lxml", "scipy", "bm25s", "pypinyin.phrases_dict", "jieba.posseg")

REOPEN = """
import json, sys
from pathlib import Path
import knowledge.ingest.feeds, knowledge.ingest.pipeline
from knowledge.text import forms as text
from knowledge.service import Knowledge
knowledge = Knowledge.open(sys.argv[1], Path(sys.argv[2]))
for question in ("上海算力目标是多少", "What did Zhou Hongyi propose?", "liu qingfeng"):
    assert knowledge.ask(question).answer.answered
imported = [name for name in sys.argv[3:] if name in sys.modules]
print(json.dumps({"imported": imported, "converters": text._converter.cache_info().currsize}))
"""


@pytest.mark.slow
def test_a_restart_imports_only_what_answering_needs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    Knowledge.open(url, ROOT / "seeds").close()  # the first start migrates, with Alembic
    done = subprocess.run(
        [sys.executable, "-c", REOPEN, url, str(ROOT / "seeds"), *NOT_IMPORTED],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"imported": [], "converters": 1}  # t2s only


def test_head_is_the_newest_migration_and_a_store_at_head_is_left_alone(tmp_path: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [db.HEAD]
    engine = db.make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        assert db.current_revision(engine) is None
        db.upgrade(engine)
        assert db.current_revision(engine) == db.HEAD
        db.upgrade(engine)  # at head: nothing to do
        assert db.current_revision(engine) == db.HEAD
    finally:
        engine.dispose()
