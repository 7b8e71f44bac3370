"""Administrative levels of places for "which provinces / cities / places" questions, from the gazetteer."""

from __future__ import annotations

from typing import Literal

from knowledge.lexicon.glossary import Glossary

PlaceLevel = Literal["province", "city", "county"]
LEVELS: frozenset[str] = frozenset({"province", "city", "county"})


def place_level(name: str, glossary: Glossary) -> PlaceLevel | None:
    """ "province" for province-level places (municipalities included), "city", "county", or None
    for what is no Chinese administrative division (the country, a foreign country, an area)."""
    level = glossary.places.level(name)
    if level == "province":
        return "province"
    if level == "city":
        return "city"
    if level == "county":
        return "county"
    return None


def is_municipality(name: str, glossary: Glossary) -> bool:
    """北京, 上海, 天津, 重庆: province-level cities, listed under provinces and under cities."""
    place = glossary.places.places.get(name)
    return place is not None and place.level == "province" and place.name.endswith("市")


def in_class(name: str, wanted: str, glossary: Glossary) -> bool:
    """Whether a place answers "which provinces / cities / places" (`wanted`: province | city | any)."""
    level = place_level(name, glossary)
    if level is None:
        return False
    if wanted == "any" or level == wanted:
        return True
    return wanted == "city" and is_municipality(name, glossary)
