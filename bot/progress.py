"""The command line's progress on stderr, so stdout keeps only the results (and `--json` stays clean).

Each finished item of a long run is one line with a counter (`policybot: [3/60] added page.html`),
always, when there is more than one; the steps of opening the store (migrating, loading the seeds,
building the search index) are shown only to a person watching a terminal.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from typing import TextIO


class StderrProgress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = self.stream.isatty()

    def stage(self, label: str) -> None:
        if self.interactive:
            self._say(f"{label}…")

    def item(self, done: int, total: int, label: str) -> None:
        if total > 1:
            self._say(f"[{done}/{total}] {label}")

    def _say(self, line: str) -> None:
        with suppress(BrokenPipeError, ValueError):  # nobody reads stderr any more: the work goes on
            print(f"policybot: {line}", file=self.stream, flush=True)
