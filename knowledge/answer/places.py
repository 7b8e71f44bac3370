"""Administrative levels of places, behind a small interface (the glossary now, a gazetteer later)."""

from __future__ import annotations

from typing import Literal

from knowledge.lexicon.glossary import Glossary

PlaceLevel = Literal["province", "city", "county"]
PROVINCE_LEVEL = frozenset({"province", "municipality", "autonomous_region", "sar"})
BOTH = frozenset({"municipality"})  # 北京, 上海: province-level cities, listed under either


def place_level(name: str, glossary: Glossary) -> PlaceLevel | None:
    """ "province" for province-level places (municipalities included), "city", "county", or None
    for what is no Chinese administrative place (the country, a foreign country, an area)."""
    level = glossary.region_level.get(name)
    if level in PROVINCE_LEVEL:
        return "province"
    if level == "city":
        return "city"
    if level == "county":
        return "county"
    return None


def in_class(name: str, wanted: str, glossary: Glossary) -> bool:
    """Whether a place answers "which provinces / cities / places" (`wanted`: province | city | any)."""
    level = place_level(name, glossary)
    if level is None:
        return False
    if wanted == "any" or level == wanted:
        return True
    return wanted == "city" and glossary.region_level.get(name) in BOTH
