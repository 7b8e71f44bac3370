"""Labelled fields of a capture (标题, 作者, 来源, 发布时间, 链接 …) and the metadata they give."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.sources.chars import _names, _t2s
from knowledge.sources.dates import _iso
from knowledge.sources.outlets import _OUTLET_RANKS, _OUTLET_SUFFIX_RE

# ---------------------------------------------------------------------------
# Fields and furniture

_FIELD_KINDS: dict[str, tuple[str, ...]] = {
    "title": ("原标题", "原標題", "标题", "標題", "题目", "題目", "名称", "名稱", "title"),
    # Government notice pages: the metadata table (索引号 / 发布机构 / 名称 / 文号 / 发布日期 / 成文日期).
    "issuer": ("发布机构", "發布機構", "发文机关", "發文機關", "发文单位", "發文單位"),
    "written": ("成文日期", "成文時間", "成文时间"),
    "author": ("作者", "撰文", "记者", "記者", "author", "by"),
    "outlet": ("来源", "來源", "出处", "出處", "source"),
    "date": (
        "发布时间",
        "發布時間",
        "發佈時間",
        "发布日期",
        "發布日期",
        "發佈日期",
        "发稿时间",
        "發稿時間",
        "发表时间",
        "發表時間",
        "发表日期",
        "發表日期",
        "发布于",
        "發布於",
        "發佈於",
        "时间",
        "時間",
        "日期",
        "date",
        "published",
    ),
    "url": ("原文链接", "原文鏈接", "原文地址", "链接", "鏈接", "网址", "網址", "url", "link"),
    "abstract": ("摘要", "导语", "導語", "内容提要", "內容提要", "提要", "summary"),
    "drop": (
        "关键词",
        "關鍵詞",
        "关键字",
        "關鍵字",
        "标签",
        "標籤",
        "tags",
        "keywords",
        "索引号",
        "索引號",
        "文号",
        "文號",
        "发文字号",
        "發文字號",
        "主题分类",
        "主題分類",
        "主题词",
        "主題詞",
        "信息分类",
        "信息分類",
        "有效性",
    ),
}
_BODY_FIELD_LABELS = ("总结", "總結", "正文", "内容", "內容", "全文", "content", "text")
_LABEL_KIND = {label: kind for kind, labels in _FIELD_KINDS.items() for label in labels}
_LABEL_KIND.update(dict.fromkeys(_BODY_FIELD_LABELS, "body"))
_LABEL_ALT = "|".join(sorted(map(re.escape, _LABEL_KIND), key=len, reverse=True))
_FIELD_START_RE = re.compile(rf"^(?P<label>{_LABEL_ALT})\s*[:：]\s*", re.IGNORECASE)
_FIELD_ANY_RE = re.compile(rf"(?:^|(?<=\s))(?P<label>{_LABEL_ALT})\s*[:：]\s*", re.IGNORECASE)
_GENERIC_LABEL_RE = re.compile(r"^(?P<label>[^\s:：，。,;；“”\"、]{1,12})\s*[:：]")
# A "label:" that is really someone speaking: 王延峰说：“…”
_SPEECH_RE = re.compile(
    r"说|說|表示|指出|认为|認為|强调|強調|介绍|介紹|写道|寫道|声称|聲稱|问|問|答|提到|谈到|談到|建议|建議|提出|透露|坦言|直言"
)
_SHORT_FIELD_MAX = 120
_TRAILING_KINDS = ("date", "outlet", "author", "url", "issuer", "written")

_DATE_VALUE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?)?"
)
_HEADER_DATE_RE = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日/]?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?P<rest>\s.*)?$"
)
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”，。]+", re.IGNORECASE)
_URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


@dataclass
class _Meta:
    """Metadata collected while reading the lines."""

    title: str | None = None
    abstract: str | None = None
    url: str | None = None
    exact_date: str | None = None
    written_date: str | None = None  # 成文日期 of a notice: its date when no publication date is given
    capture_year: int | None = None
    authors: list[str] = field(default_factory=list)
    outlets: dict[str, str] = field(default_factory=dict)

    def add_outlet(self, rank: str, name: str) -> None:
        name = re.sub(r"[(（][^()（）]*[)）]", "", name).strip(" 《》“”\"'‘’「」:：")
        if len(name) >= 2 and rank not in self.outlets:
            self.outlets[rank] = name

    def add_authors(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self.authors:
                self.authors.append(name)

    def outlet(self) -> str | None:
        rank = self.outlet_rank()
        return _t2s(self.outlets[rank]) if rank else None

    def outlet_rank(self) -> str | None:
        """The strongest kind of evidence that names an outlet (`_OUTLET_RANKS`)."""
        return next((rank for rank in _OUTLET_RANKS if rank in self.outlets), None)


def _split_fields(line: str) -> list[tuple[str, str]]:
    """``作者:甲 来源:乙`` -> [("author", "甲"), ("outlet", "乙")]; long values stay whole."""
    first = _FIELD_START_RE.match(line)
    if first is None:
        return []
    kind = _LABEL_KIND[first.group("label").lower()]
    if kind in ("title", "abstract", "body"):
        return [(kind, line[first.end() :].strip())]
    matches = [m for m in _FIELD_ANY_RE.finditer(line) if m.start() >= first.start()]
    pairs: list[tuple[str, str]] = []
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = line[m.end() : nxt.start() if nxt else len(line)].strip()
        pairs.append((_LABEL_KIND[m.group("label").lower()], value))
    return pairs


def _field_kind(line: str) -> str | None:
    pairs = _split_fields(line)
    return pairs[0][0] if pairs else None


def _apply_field(meta: _Meta, kind: str, value: str) -> bool:
    """Record one field; False when the value does not fit the label (then it is text)."""
    if kind == "title":
        if value and meta.title is None:
            meta.title = value
        return bool(value)
    if kind == "abstract":
        if value and meta.abstract is None:
            meta.abstract = value
        return True
    if kind in ("date", "written"):
        m = _DATE_VALUE_RE.search(value)
        iso = _iso(m.group("y"), m.group("m"), m.group("d")) if m else None
        if iso is None:
            return False
        if kind == "date" and meta.exact_date is None:
            meta.exact_date = iso
        elif kind == "written" and meta.written_date is None:
            meta.written_date = iso
        return True
    if kind == "issuer":
        meta.add_outlet("issuer", re.split(r"\s", value.strip(), maxsplit=1)[0])
        return True
    if kind == "outlet":
        url = _URL_RE.search(value)
        if url and meta.url is None:
            meta.url = url.group(0)
        name = re.split(r"[\s|｜,，;；]", _URL_RE.sub("", value).strip(), maxsplit=1)[0]
        meta.add_outlet("field", name)
        return True
    if kind == "author":
        # "记者：您怎么看……？" in an interview is a question, not a byline.
        names = [] if re.search("[。？！?!“”]", value) else _names(value)
        meta.add_authors(names)
        return bool(names) or not value
    if kind == "url":
        url = _URL_RE.search(value)
        if url and meta.url is None:
            meta.url = url.group(0)
        return True
    return kind == "drop"


def _read_field_line(meta: _Meta, line: str) -> bool:
    """Read a labelled metadata line; True when the line is metadata, not body text."""
    pairs = _split_fields(line)
    if not pairs:
        return False
    kind = pairs[0][0]
    if kind == "body":
        return False
    if kind not in ("title", "abstract") and len(line) > _SHORT_FIELD_MAX:
        return False
    results = [_apply_field(meta, k, v) for k, v in pairs if k != "body"]
    return results[0]


def _read_header_date(meta: _Meta, line: str) -> bool:
    """A short date-first header line such as ``2024-03-05 20:30 来源：新华网``."""
    m = _HEADER_DATE_RE.match(line)
    if m is None or len(line) > 80 or re.search("[。，,！？]", line):
        return False
    iso = _iso(m.group("y"), m.group("m"), m.group("d"))
    if iso is None:
        return False
    if meta.exact_date is None:
        meta.exact_date = iso
    rest = (m.group("rest") or "").strip()
    if rest:
        fields = _FIELD_ANY_RE.search(rest)
        if fields is not None:
            for kind, value in _split_fields(rest[fields.start() :]):
                _apply_field(meta, kind, value)
        else:
            token = rest.split()[0]
            if _OUTLET_SUFFIX_RE.search(token):
                meta.add_outlet("field", token)
    return True
