"""What every `policybot` sub-command shares: opening the knowledge with the settings."""

from __future__ import annotations

import sys

from bot.progress import StderrProgress
from bot.settings import Settings
from knowledge.service import Knowledge


def open_knowledge(settings: Settings) -> Knowledge:
    knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir, progress=StderrProgress())
    if knowledge.load_warning:
        print(f"policybot: warning: {knowledge.load_warning}", file=sys.stderr)
    return knowledge
