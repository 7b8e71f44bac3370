"""Datelines that open a report, and breadcrumb trails above it.

A Chinese news report opens with its outlet, place and date before the first sentence:
``每日甘肃网庆阳讯(记者…)``, ``央广网北京7月13日消息(记者…)``, ``新华社北京3月5日电``,
``本报讯(记者…)``, ``【香港商报网讯】记者…报道``. The dateline is page furniture: it leaves the
text, and gives the outlet (unless it is ``本报``) and the reporters. A breadcrumb trail
(``长江网 > 新闻 > 武汉新闻``) or a menu (``无障碍 | 长者模式 | 繁體``) is furniture too.
"""

from __future__ import annotations

import re

from knowledge.sources.chars import _HAN, _names
from knowledge.sources.fields import _Meta

_OUTLET_END = r"(?:网|網|报|報|社|台|新闻|新聞|客户端|客戶端|频道|頻道)"
_OWN_OUTLET = r"(?:本报|本報|本刊|本网|本網|本台|本站)"
_DATELINE_RE = re.compile(
    rf"^(?P<open>[【\[])?(?P<outlet>{_OWN_OUTLET}|[{_HAN}A-Za-z0-9·]{{1,16}}?{_OUTLET_END}(?![网網报報]))"
    rf"(?P<place>[{_HAN}]{{2,8}}?)?(?P<date>\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)?"
    r"(?P<kind>讯|訊|电|電|消息)(?P<close>[】\]])?"
    r"\s*(?:[(（](?P<credit>[^()（）]{0,60})[)）]"
    r"|(?P<reporter>(?:记者|記者)\s*[^，。,；;\s]{2,12}?\s*(?:报道|報道)))?"
)
_CREDIT_RE = re.compile(r"记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影|编辑|編輯")
_CREDIT_WORDS_RE = re.compile(r"[^\s()（）]*?(?:记者|記者|通讯员|通訊員|实习生|實習生)")
_MENU_SEPARATORS_RE = re.compile(r"\s*[>›»＞|｜]\s*")
_TAG_LINE_RE = re.compile(rf"^[{_HAN}A-Za-z]{{1,8}}\s*[:：]\s*(?P<tags>\S{{1,12}}(?:\s+\S{{1,12}})+)$")


def is_menu_line(line: str) -> bool:
    """A breadcrumb trail or a menu: three or more short items joined by ``>`` or ``|``
    (``长江网 > 新闻 > 武汉新闻``, ``无障碍 | 长者模式 | 繁體``), or a label and three or more short
    words apart by spaces (``熱門關鍵字: 人工智慧 算力 AI基本法``, ``标签：算力券 大模型 数据``)."""
    if len(line) > 80 or re.search(r"[。！？!?，,；;]", line):
        return False
    items = _MENU_SEPARATORS_RE.split(line.strip())
    if len(items) >= 3 and all(0 < len(item) <= 12 for item in items):
        return True
    tags = _TAG_LINE_RE.match(line.strip())
    return tags is not None and len(tags.group("tags").split()) >= 3


def strip_dateline(meta: _Meta, line: str) -> str:
    """The line without the dateline it opens with; its outlet and reporters go to `meta`."""
    m = _DATELINE_RE.match(line)
    if m is None:
        return line
    credit = m.group("credit")
    bracketed = bool(m.group("open") and m.group("close"))
    if credit is not None and not _CREDIT_RE.search(credit):
        return line  # (…) that is not a reporters' credit
    if not (credit or m.group("reporter") or m.group("date") or bracketed or m.group("kind") in "讯訊"):
        return line  # "…消息" / "…电" with neither date nor credit: too weak
    rest = line[m.end() :].lstrip(" ,，:：")
    if len(rest) < 8:
        return line
    outlet = m.group("outlet")
    if not re.fullmatch(_OWN_OUTLET, outlet):
        meta.add_outlet("byline", outlet)
    names = credit or m.group("reporter") or ""
    names = re.sub(r"(?:报道|報道)$", "", names)
    meta.add_authors(_names(_CREDIT_WORDS_RE.sub(" ", names)))
    return rest
