"""The inbox folder: files dropped there are ingested and moved to done/ or failed/."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from knowledge.errors import KnowledgeError
from knowledge.ingest.pipeline import _ingest_path
from knowledge.ingest.results import IngestResult, _failed, _one_line, guarded
from knowledge.ingest.workspace import Workspace
from knowledge.lexicon.glossary import load_glossary

_SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", ".swp", ".error.txt")
_inbox_lock = threading.Lock()
# ---------------------------------------------------------------------------
# The inbox


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists() and not (folder / f"{name}.error.txt").exists():
        return target
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    stem, dot, suffix = name.partition(".")
    for n in range(1, 1000):
        candidate = folder / f"{stem}-{stamp}{'-' + str(n) if n > 1 else ''}{dot}{suffix}"
        if not candidate.exists():
            return candidate
    raise OSError(f"no free file name for {name} in {folder}")


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, path.name)
    shutil.move(str(path), str(target))
    return target


def _inbox_files(inbox_dir: Path) -> list[Path]:
    return sorted(
        path
        for path in inbox_dir.iterdir()
        if path.is_file() and not path.name.startswith((".", "~")) and not path.name.endswith(_SKIP_SUFFIXES)
    )


def ingest_inbox(knowledge: Workspace, inbox_dir: Path) -> list[IngestResult]:
    """Ingest every file in `inbox_dir` like the seeds; move it to ``done/`` or ``failed/``.

    A file that cannot be parsed goes to ``failed/`` with ``<name>.error.txt`` beside it. A file
    that failed for another reason (the database is down) stays in the inbox for the next run.
    """
    with _inbox_lock:
        try:
            inbox_dir.mkdir(parents=True, exist_ok=True)
            files = _inbox_files(inbox_dir)
        except OSError as exc:
            return [
                _failed(str(inbox_dir), f"{inbox_dir}: cannot read the inbox folder ({exc.strerror or exc})")
            ]
        if not files:
            return []
        try:
            glossary = load_glossary(knowledge.glossary_path)
        except KnowledgeError as exc:
            return [_failed(str(inbox_dir), str(exc))]
        results: list[IngestResult] = []
        for path in files:
            result, bad_file = guarded(path.name, partial(_ingest_path, knowledge, path, "file", glossary))
            result = dataclasses.replace(result, source=path.name)
            try:
                if result.status != "failed":
                    _move(path, inbox_dir / "done")
                elif bad_file:
                    target = _move(path, inbox_dir / "failed")
                    target.with_name(target.name + ".error.txt").write_text(
                        result.message + "\n", encoding="utf-8"
                    )
            except FileNotFoundError:
                pass  # another run moved it meanwhile
            except OSError as exc:
                result = dataclasses.replace(
                    result,
                    message=_one_line(f"{result.message} (could not move the file: {exc.strerror or exc})"),
                )
            results.append(result)
        if any(result.changed for result in results):
            knowledge.refresh(glossary)
        return results
