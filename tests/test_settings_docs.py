"""The README's settings table lists every field of bot.settings.Settings, with the defaults it has."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import AliasChoices

from bot.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
PREFIX = str(Settings.model_config.get("env_prefix", "")).upper()


def table() -> dict[str, str]:
    """The README's settings table: variable -> its default column."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", section, flags=re.MULTILINE)
    return {variable: default.strip() for variable, default in rows}


def variable(name: str) -> str:
    """The environment variable a field is read from (the first of its aliases, if it has any)."""
    alias = Settings.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        first = alias.choices[0]
        assert isinstance(first, str)
        return first
    return f"{PREFIX}{name.upper()}"


def test_the_table_lists_every_setting_and_nothing_else() -> None:
    documented = table()
    expected = {variable(name) for name in Settings.model_fields}
    assert sorted(expected - documented.keys()) == [], "settings missing from the README's table"
    assert sorted(documented.keys() - expected) == [], "the README's table lists settings that do not exist"
    assert len(documented) == len(Settings.model_fields)


def test_plain_defaults_are_the_documented_ones() -> None:
    documented = table()
    checked = 0
    for name, field in Settings.model_fields.items():
        if isinstance(field.default, str | int):  # the others (None, computed) are explained in words
            assert documented[variable(name)] == f"`{field.default}`", name
            checked += 1
    assert checked >= 5
