"""Where the seeds (articles, curated facts, glossary, lexicon) are when nothing names another folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SEEDS_PACKAGE = "policybot_seeds"  # seeds/, as the installed wheel (or the editable install) names it
CHECKOUT_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def default_seeds_dir() -> Path:
    """The seeds installed with the package (`policybot_seeds`), else the checkout's seeds/ folder."""
    spec = importlib.util.find_spec(SEEDS_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (folder := Path(location)).is_dir():
            return folder
    return CHECKOUT_SEEDS
