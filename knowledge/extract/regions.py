"""Which place a fact is about: the subject of its sentence, else the article's place.

A sentence often names more places than it is about: "庆阳为单个申领主体设定的年度上限为200万元,
这一标准与北京、江苏等地持平" is 庆阳's figure, not Beijing's or Jiangsu's. So a fact gets one place:

1. the places of the text (the figure's clause, or the sentence) found by the gazetteer, without
   those in a comparison (与/和/比/高于/低于/超过… X, X等地持平), inside a longer name (浙江大学)
   or in a person's affiliation (湖南湘江新区智算中心主任孙卫东);
2. of those, the article's own place when it is among them, else the first (the subject comes
   first in Chinese news writing);
3. none: the article's place — the place of its title, else of its issuer/outlet or dateline
   ("每日甘肃网庆阳讯") when the body names it again.

"全国" is never a fact's place here: national is what a fact with no place is.
"""

from __future__ import annotations

import re

from knowledge.extract.names import _SURNAMES_1
from knowledge.facts import ArticleRecord
from knowledge.lexicon.glossary import Glossary
from knowledge.lexicon.places import COUNTY
from knowledge.text.forms import to_simplified

NATIONAL = "全国"
# A place right after one of these (through a list of places) is what the subject is compared with.
_COMPARED_BEFORE = re.compile(
    r"(?:与|和|同|跟|比|较|比起|相较于|较之|相比|对比|高于|低于|超过|超出|不及|领先|相当于|仿照|参照|借鉴)$"
)
_COMPARED_AFTER = re.compile(
    r"^(?:等地|等省|等城市|等中部城市|等西部城市|等东部城市|等)?(?:相比|持平|相当|一样|类似)"
)
_LIST_GAP = re.compile(r"^[、和及与]?$")
_DATELINE = re.compile(r"^.{0,24}?(?:讯|电|消息)")
# A place in a person's affiliation (湖南湘江新区智算中心主任孙卫东) is where they work, not what they say.
_AFFILIATION = re.compile(
    r"^[^，,。；;：:“”、]{0,16}?(?:主任|董事长|总经理|院长|局长|处长|厅长|教授|主席|书记|市长|省长|区长|县长|"
    r"所长|总裁|首席专家|研究员|负责人|秘书长|理事长)"
)


def _places(glossary: Glossary, text: str) -> list[tuple[int, int, str]]:
    found = []
    places = glossary.places
    for start, end, key in places.find(text):
        if key == NATIONAL:
            continue
        if places.level(key) == COUNTY and start > 0 and text[start - 1] in _SURNAMES_1:
            continue  # 孙卫东 is a person, not 卫东区
        found.append((start, end, key))
    return found


def _compared(text: str, places: list[tuple[int, int, str]]) -> set[int]:
    """Positions (in `places`) of places named as a comparison."""
    compared: set[int] = set()
    for index, (start, end, _) in enumerate(places):
        # Walk back over a list of places (北京、江苏) to the word before it.
        head = start
        back = index
        while back > 0 and _LIST_GAP.match(text[places[back - 1][1] : head]):
            back -= 1
            head = places[back][0]
        if _COMPARED_BEFORE.search(text[max(0, head - 4) : head]):
            compared.add(index)
            continue
        # Walk forward over the list to what follows it (…等地持平).
        tail = end
        ahead = index
        while ahead + 1 < len(places) and _LIST_GAP.match(text[tail : places[ahead + 1][0]]):
            ahead += 1
            tail = places[ahead][1]
        if _COMPARED_AFTER.match(text[tail : tail + 8]) and back > 0:
            compared.add(index)
    return compared


def subject_places(glossary: Glossary, text: str, own: list[str] | None = None) -> list[str]:
    """The place `text` is about (a list of one), or [] when it names none but in comparisons."""
    simple = to_simplified(text)
    places = _places(glossary, simple)
    compared = _compared(simple, places)
    kept = [
        key
        for index, (_, end, key) in enumerate(places)
        if index not in compared and (key in (own or ()) or not _AFFILIATION.match(simple[end:]))
    ]
    if not kept:
        return []
    for key in own or ():
        if key in kept:
            return [key]
    return [kept[0]]


def article_places(glossary: Glossary, article: ArticleRecord) -> list[str]:
    """The article's own place: of its title, else of its issuer or dateline if the body names it
    at least twice more."""
    places = subject_places(glossary, article.title)
    if places:
        return places
    body = to_simplified(article.body)
    dateline = _DATELINE.match(body[:40])
    candidates = [key for _, _, key in _places(glossary, to_simplified(article.outlet or ""))]
    if dateline:
        candidates += [key for _, _, key in _places(glossary, dateline.group(0))]
        body = body[dateline.end() :]
    named = [key for _, _, key in _places(glossary, body)]
    for key in candidates:
        if named.count(key) >= 2:
            return [key]
    return []
