"""Parse captured news articles (plain-text web captures) into clean articles.

Admins upload articles as text files: copies of web pages with their page
furniture still attached. This module decodes such files and splits them into
metadata (title, outlet, authors, date, URL) and a clean body. Everything here is
a generic heuristic over patterns common to Chinese news pages; nothing depends
on a particular article.

Decoding (`decode_article_bytes`)
    UTF-8 (with or without BOM; a file cut inside its last character keeps what is
    there), UTF-16 with a BOM, then GB18030 and Big5. Any byte string decodes as
    GB18030 or Big5 by accident quite often, so both are tried and the decoding
    whose non-ASCII characters are mostly common Chinese characters and
    punctuation wins. Empty files, binary files (NUL bytes or many control bytes)
    and bytes that give no plausible text raise `ArticleError`.

Cleaning (`parse_article_text`)
    * Pinyin annotations glued into words by some converters (``發(fā)展``) are
      removed everywhere; real parentheses (``（CES）``, ``(FP16)``) are kept.
    * Labelled fields (标题/原标题, 作者, 来源/來源, 发布时间, 链接, 摘要 ...) are read
      as metadata and leave the body. A capture that starts with fields and has
      the article on a body field (总结/正文/内容) is read field by field; labelled
      lines after the body field (generated keywords, summaries) are dropped.
    * Page furniture leaves the body: tag clouds, view counters, "N年前 (YYYY)发布"
      capture lines, editor and copyright lines, "查看更多"/"返回搜狐" links,
      "相关文章" and everything after it, trailing lists of related links.
    * Bylines and editor notes glued to the end of the last paragraph
      (``…新高地。本版文/本报记者 张三``) are cut after the sentence they follow.
    * The title line and its duplicates, and a 摘要 that repeats the lead, are
      dropped. The body keeps its original script and wording.

Title
    A 标题/原标题 field; else the first short heading-like line; else the first
    sentence (or its first clauses) of the text, at most 40 characters.

Outlet
    A 来源 field; else an outlet named in a byline (``华夏时报(www…)记者``); else a
    copyright notice naming a source (``來源:中國西藏網``); else the site of the
    article URL (``baijiahao.baidu.com`` is 百家号); else a "查看更多X文章" or
    "返回X,查看更多" link. Always in simplified characters; None when nothing
    names one.

Date
    A stated publication date (发布时间/日期 fields, a date-first header line) is
    exact. Otherwise `published` is an estimate and `date_estimated` is True. The
    estimate is made from, in this order:

    1. a date in the article URL path (``/2024-03/05/``);
    2. a capture line giving the year (``1年前 (2023)发布``), refined to the latest
       month of that year the text mentions as a past event;
    3. the most recent explicitly dated past event in the title and body:
       ``YYYY年M月(D日)``, ``YYYY-MM-DD``, ``今年M月`` and ``M月D日`` (the last two
       take the year of step 2, else the latest year the text mentions, else
       the plan start year of step 4), else the latest bare ``YYYY年`` mention.
       The article cannot be older than an event it reports, so this is a lower
       bound; it is given to the month at most;
    4. failing all that, the latest start year of a plan period such as
       ``(2023—2025年)``: such plans are reported around their start.

    Target years are never used as events: years after ``到/至/力争/预计/计划/目标``,
    before ``前/以前/起施行``, years that end a plan period in the same text, years
    followed closely by ``将/力争/有望``, and years after today.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import opencc

from knowledge.errors import ArticleError

__all__ = [
    "ParsedArticle",
    "decode_article_bytes",
    "parse_article_file",
    "parse_article_text",
    "strip_pinyin_annotations",
]


@dataclass(frozen=True)
class ParsedArticle:
    """An article split into metadata and a clean body."""

    title: str
    outlet: str | None  # publishing outlet / source, in simplified characters
    authors: tuple[str, ...]  # reporters/authors when given
    published: str | None  # ISO prefix: "2024-03-05", "2023-05", "2023"
    date_estimated: bool  # True when `published` is an estimate rather than stated
    url: str | None
    body: str  # clean body in the original script, paragraphs joined with "\n"
    raw: str  # the decoded original text, unchanged


# ---------------------------------------------------------------------------
# Character classes and small helpers

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = f"a-zü{_TONED}"
_PINYIN_RE = re.compile(
    rf"(?<=[{_HAN}])[(（](?=[{_PINYIN_LETTERS}]*[{_TONED}])[{_PINYIN_LETTERS}]{{1,7}}[)）]"
)
_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_SENTENCE_END = "。！？!?…”’」』"
_SENTENCE_SPLIT_RE = re.compile(r"[。！？!?；;\n]")
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_NAME_RE = re.compile(rf"^(?:[{_HAN}]{{2,4}}|[{_HAN}]{{1,8}}(?:[·•][{_HAN}]{{1,8}})+)$")
_NAME_PREFIX_RE = re.compile(
    r"^(?:本报|本報|本刊|本台|本网|本網|特约|特約|首席|实习生|實習生|实习|實習|"
    r"记者|記者|通讯员|通訊員|本文作者|作者|撰文)+"
)
_NAME_SKIP_RE = re.compile(r"(?:报道|報道|报导|報導|综合|綜合|整理|编译|編譯|摄|攝|电|電)$")
_T2S: list[opencc.OpenCC] = []


def _t2s(text: str) -> str:
    if not _T2S:
        _T2S.append(opencc.OpenCC("t2s"))
    return str(_T2S[0].convert(text))


def _norm(text: str) -> str:
    """A comparison key: NFKC, no whitespace, no trailing ellipsis."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"(?:\.{2,}|…+)$", "", key)


def _han_count(text: str) -> int:
    return len(_HAN_CHAR_RE.findall(text))


def _is_real_sentence(text: str) -> bool:
    return any(
        _han_count(part) >= 10 or len(_LATIN_WORD_RE.findall(part)) >= 8
        for part in _SENTENCE_SPLIT_RE.split(text)
    )


def _names(segment: str) -> list[str]:
    """Person names in a byline segment such as ``陶炜 张智 南京报道``."""
    names: list[str] = []
    for token in re.split(r"[\s、,，;；/／|｜]+", segment):
        token = _NAME_PREFIX_RE.sub("", token.strip("()（）[]【】"))
        token = token.removesuffix("等")
        if not token or _NAME_SKIP_RE.search(token) or not _NAME_RE.match(token):
            continue
        names.append(token)
    return names


def strip_pinyin_annotations(text: str) -> str:
    """Remove pinyin glued after characters: ``發(fā)展`` -> ``發展``.

    Only a parenthesis right after a Chinese character holding one lowercase
    syllable with a tone mark is removed, so ``（CES）``, ``(FP16)``, ``(AI)`` and
    ``(2023-2025年)`` stay.
    """
    return _PINYIN_RE.sub("", text)


# ---------------------------------------------------------------------------
# Decoding

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CJK_SYMBOLS_RE = re.compile("[\u2010-\u2027\u3000-\u303f\uff01-\uff5e\u00b7\u00d7]")


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """The common Chinese characters: GB2312 (simplified) and Big5 level 1 (traditional)."""
    chars: set[str] = set()
    pairs = itertools.chain(
        ((lead, trail, "gb2312") for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF)),
        (
            (lead, trail, "big5")
            for lead in range(0xA4, 0xC7)
            for trail in itertools.chain(range(0x40, 0x7F), range(0xA1, 0xFF))
        ),
    )
    for lead, trail, codec in pairs:
        try:
            chars.add(bytes((lead, trail)).decode(codec))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common hanzi or CJK punctuation."""
    common = _common_hanzi()
    good = bad = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        if ch in common or _CJK_SYMBOLS_RE.match(ch):
            good += 1
        else:
            bad += 1
    return good / (good + bad) if good + bad else 1.0


def decode_article_bytes(data: bytes, *, source: str) -> str:
    """Decode an uploaded article: UTF-8 (BOM optional), then GB18030, then Big5.

    A UTF-8 file cut inside its last character is decoded up to that character.
    Raises `ArticleError` naming `source` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise ArticleError(f"{source}: empty file (no text)")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF8):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(f"{source}: broken UTF-16 text at byte {exc.start}") from None
    if b"\x00" in data:
        raise ArticleError(f"{source}: binary file (contains NUL bytes), not an article text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(data) // 20):
        raise ArticleError(f"{source}: binary file (mostly control bytes), not an article text")

    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(body):
            # Truncated inside the last character: keep the complete part.
            return body[: exc.start].decode("utf-8")
        utf8_error = exc

    candidates: list[tuple[float, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), text))
    if candidates:
        score, text = max(candidates, key=lambda c: c[0])  # max keeps GB18030 on ties
        if score >= 0.8:
            return text
    lenient = body.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= len(lenient) // 200:
        return lenient  # a stray broken byte in an otherwise UTF-8 capture
    raise ArticleError(
        f"{source}: cannot decode the text as UTF-8, GB18030 or Big5 "
        f"(invalid UTF-8 at byte {utf8_error.start})"
    )


# ---------------------------------------------------------------------------
# Fields and furniture

_FIELD_KINDS: dict[str, tuple[str, ...]] = {
    "title": ("原标题", "原標題", "标题", "標題", "题目", "題目", "title"),
    "author": ("作者", "撰文", "记者", "記者", "author", "by"),
    "outlet": ("来源", "來源", "出处", "出處", "source"),
    "date": (
        "发布时间",
        "發布時間",
        "發佈時間",
        "发布日期",
        "發布日期",
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
    "drop": ("关键词", "關鍵詞", "关键字", "關鍵字", "标签", "標籤", "tags", "keywords"),
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
_TRAILING_KINDS = ("date", "outlet", "author", "url")

_DATE_VALUE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?)?"
)
_HEADER_DATE_RE = re.compile(
    r"^(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?P<rest>\s.*)?$"
)
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”，。]+", re.IGNORECASE)
_URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

_END_MARKER_RE = re.compile(
    r"^(?:相关文章|相關文章|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|相关新闻|相關新聞|"
    r"相关推荐|相關推薦|热门推荐|熱門推薦|热门文章|熱門文章|猜你喜欢|猜你喜歡|更多精彩|为您推荐|為您推薦)"
    r"\s*[:：]?\s*$"
)
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)\s|版权声明|版權聲明|版权所有|版權所有|copyright|免责声明|免責聲明|声明[:：]|聲明[:：]|"
    r"凡注明|凡本网注明|凡本網注明|未经.{0,12}授权|未經.{0,12}授權|本文(?:系|为|為).{0,16}(?:原创|原創|稿件))",
    re.IGNORECASE,
)
_SHORT_FURNITURE_RE = re.compile(
    r"^(?:热门标签|熱門標籤|热门搜索|熱門搜索|查看更多|点击查看|點擊查看|阅读原文|閱讀原文|阅读全文|閱讀全文|"
    r"返回搜狐|返回首页|返回首頁|分享到|分享至|扫一扫|掃一掃|微信扫一扫|微信掃一掃|打开.{0,8}(?:APP|App|app)|"
    r"下载.{0,8}客户端|點擊進入|点击进入|打印本页|打印本頁|关闭窗口|關閉窗口|【纠错】|【糾錯】|\[纠错\]|"
    r"(?:点赞|點讚|收藏|举报|舉報|评论|評論|分享|阅读|閱讀)\s*\d*\s*$)"
)
_COUNTER_RE = re.compile(r"^[\d\s.,:万萬千kKwW+]+$")
_CAPTURE_RE = re.compile(
    r"\d+\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|个月|個月|月|年)前\s*"
    r"(?:[(（]\s*(?P<y>(?:19|20)\d{2})\s*[)）])?\s*(?:发布|發布|發佈|更新|发表|發表)"
)
_EDITOR_LABELS = (
    r"栏目主编|欄目主編|责任编辑|責任編輯|本版统筹|本版統籌|本版编辑|本版編輯|值班编辑|值班編輯|"
    r"图片编辑|圖片編輯|编辑|編輯|主编|主編|统筹|統籌|校对|校對|审核|審核|审校|審校|监制|監製|"
    r"美编|美編|制图|製圖|编审|編審"
)
_EDITOR_LINE_RE = re.compile(rf"^[(（【\[]?(?:{_EDITOR_LABELS})\s*[:：/／]")
_HTML_ONLY_RE = re.compile(r"^(?:</?[a-zA-Z][^<>]{0,200}>\s*)+$")
_HTML_RESIDUE_RE = re.compile(r"</?[aA]\b|/a>|<[a-zA-Z][^<>]{0,80}>|https?://")
_LIST_ITEM_RE = re.compile(r"^(?:[-*]\s+|[•·▪●◆■]\s*|\d{1,2}[.、)]\s+)")
_BULLET_RE = re.compile(r"^(?:[-*]\s+|[•·▪●◆■]\s*)")

_AUTHOR_MARK = (
    r"(?:本版文|本文作者|作者|撰文|文)\s*[/／|｜:：]\s*(?:(?:本报|本報|本刊)?(?:特约|特約)?(?:记者|記者)\s*)?"
    r"|(?:本报|本報|本刊|本网|本網)?(?:特约|特約|首席)?(?:记者|記者|通讯员|通訊員)(?:\s*[:：]\s*|\s+)"
)
_EDITOR_MARK = rf"(?:{_EDITOR_LABELS})\s*[:：/／]"
_SOURCE_MARK = r"(?:来源|來源)\s*[:：]\s*"
_LINK_MARK = rf"返回(?P<site>[{_HAN}]{{2,6}})\s*[,，]?\s*查看更多|查看更多"
_TAIL_RE = re.compile(
    rf"[(（]?(?:(?P<author>{_AUTHOR_MARK})|(?P<editor>{_EDITOR_MARK})|(?P<source>{_SOURCE_MARK})"
    rf"|(?P<link>{_LINK_MARK}))"
)
_TAIL_MAX = 80
_BYLINE_LINE_RE = re.compile(
    rf"^(?P<outlet>[{_HAN}A-Za-z0-9]{{2,16}}?)?\s*(?:[(（][^()（）]{{0,60}}[)）])?\s*"
    r"(?:本报|本報|本刊|本台|本网|本網)?(?:特约|特約|首席|实习|實習)?(?:记者|記者|通讯员|通訊員)"
    r"(?:\s*[:：]\s*|\s+)(?P<names>[^。！？!?]{2,60})$"
)
_OUTLET_SUFFIX_RE = re.compile(
    r"(?:报|報|网|網|社|台|刊|新闻|新聞|杂志|雜誌|周刊|週刊|频道|頻道|客户端|客戶端|财经|財經|日报|日報)$"
)
_COPYRIGHT_SOURCE_RE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<name>[^\s“”\"'‘’」』,，。;；)）]{2,20})")
_MORE_FROM_RE = re.compile(rf"查看更多(?P<name>[{_HAN}]{{2,10}}?)(?:文章|新闻|新聞|资讯|資訊)")
_RETURN_TO_RE = re.compile(rf"返回(?P<name>[{_HAN}]{{2,6}}?)\s*[,，]?\s*查看更多")
_TITLE_SUFFIX_RE = re.compile(r"^(?P<main>.{8,}?)\s*(?:[|｜_]|\s[-–—]\s)\s*(?P<suffix>[^|｜_]{1,12})$")

_DOMAIN_OUTLETS: tuple[tuple[str, str], ...] = (
    ("baijiahao.baidu.com", "百家号"),
    ("mbd.baidu.com", "百家号"),
    ("sohu.com", "搜狐"),
    ("163.com", "网易"),
    ("qq.com", "腾讯网"),
    ("sina.com.cn", "新浪"),
    ("sina.cn", "新浪"),
    ("ifeng.com", "凤凰网"),
    ("thepaper.cn", "澎湃新闻"),
    ("people.com.cn", "人民网"),
    ("xinhuanet.com", "新华网"),
    ("news.cn", "新华网"),
    ("chinanews.com.cn", "中国新闻网"),
    ("chinanews.com", "中国新闻网"),
    ("cctv.com", "央视网"),
    ("cnr.cn", "央广网"),
    ("gmw.cn", "光明网"),
    ("chinadaily.com.cn", "中国日报网"),
    ("chinatimes.net.cn", "华夏时报"),
    ("tibet.cn", "中国西藏网"),
    ("jfdaily.com", "上观新闻"),
    ("bjnews.com.cn", "新京报"),
    ("ynet.com", "北青网"),
    ("yicai.com", "第一财经"),
    ("caixin.com", "财新网"),
    ("jiemian.com", "界面新闻"),
    ("36kr.com", "36氪"),
    ("huxiu.com", "虎嗅"),
    ("stcn.com", "证券时报网"),
    ("21jingji.com", "21世纪经济报道"),
    ("jjckb.cn", "经济参考报"),
)

# Outlet evidence, strongest first.
_OUTLET_RANKS = ("field", "byline", "copyright", "url", "more", "return")


@dataclass
class _Meta:
    """Metadata collected while reading the lines."""

    title: str | None = None
    abstract: str | None = None
    url: str | None = None
    exact_date: str | None = None
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
        for rank in _OUTLET_RANKS:
            if rank in self.outlets:
                return _t2s(self.outlets[rank])
        return None


def _iso(y: str | int, m: str | int | None = None, d: str | int | None = None) -> str | None:
    year, month, day = int(y), int(m) if m else None, int(d) if d else None
    if not 1990 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


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
    if kind == "date":
        m = _DATE_VALUE_RE.search(value)
        iso = _iso(m.group("y"), m.group("m"), m.group("d")) if m else None
        if iso is None:
            return False
        if meta.exact_date is None:
            meta.exact_date = iso
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


def _read_furniture(meta: _Meta, line: str) -> bool:
    """True when the line is page furniture; outlet and date hints are recorded."""
    if _COPYRIGHT_RE.match(line):
        source = _COPYRIGHT_SOURCE_RE.search(line)
        if source is not None:
            meta.add_outlet("copyright", source.group("name"))
        return True
    short = len(line) <= _TAIL_MAX
    if short and (_SHORT_FURNITURE_RE.match(line) or _EDITOR_LINE_RE.match(line)):
        _read_links(meta, line)
        return True
    if short and (_COUNTER_RE.match(line) or _HTML_ONLY_RE.match(line)):
        return True
    capture = _CAPTURE_RE.search(line) if len(line) <= 60 else None
    if capture is not None:
        if capture.group("y") and meta.capture_year is None:
            meta.capture_year = int(capture.group("y"))
        return True
    if _URL_LINE_RE.match(line):
        if meta.url is None:
            meta.url = line
        return True
    return bool(_LIST_ITEM_RE.match(line) and _HTML_RESIDUE_RE.search(line))


def _read_links(meta: _Meta, text: str) -> None:
    more = _MORE_FROM_RE.search(text)
    if more is not None:
        meta.add_outlet("more", more.group("name"))
    back = _RETURN_TO_RE.search(text)
    if back is not None:
        meta.add_outlet("return", back.group("name"))


def _read_byline_line(meta: _Meta, line: str) -> bool:
    """A standalone byline such as ``华夏时报(www.chinatimes.net.cn)记者 陶炜 张智 南京报道``."""
    if len(line) > 80 or re.search("[。！？]", line):
        return False
    m = _BYLINE_LINE_RE.match(line)
    if m is None:
        return False
    names = _names(m.group("names"))
    if not names:
        return False
    meta.add_authors(names)
    outlet = m.group("outlet")
    if (
        outlet
        and not outlet.startswith("本")  # 本报/本刊记者: the outlet is not named
        and (_OUTLET_SUFFIX_RE.search(outlet) or "(www." in line or "（www." in line)
    ):
        meta.add_outlet("byline", outlet)
    return True


def _cut_tail(meta: _Meta, line: str) -> str:
    """Cut a byline / editor note / site link glued after the last sentence of a line."""
    for m in _TAIL_RE.finditer(line):
        start = m.start()
        head, tail = line[:start].rstrip(), line[start:]
        if head and head[-1] not in _SENTENCE_END:
            continue
        if len(tail) > _TAIL_MAX or re.search("[。！？!?]", tail):
            continue
        if not _read_tail(meta, tail):
            continue
        return head
    return line


def _read_tail(meta: _Meta, tail: str) -> bool:
    """Read bylines from a tail; False when it is not a byline after all."""
    marks = list(_TAIL_RE.finditer(tail))
    if not marks or marks[0].start() != 0:
        return False
    found_editor_or_link = False
    names: list[str] = []
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        segment = tail[m.end() : nxt.start() if nxt else len(tail)]
        if m.group("author"):
            names.extend(_names(segment))
        elif m.group("source"):
            meta.add_outlet("field", re.split(r"[\s|｜,，;；)）]", segment.strip(), maxsplit=1)[0])
            found_editor_or_link = True
        else:
            found_editor_or_link = True
    if not names and not found_editor_or_link:
        return False
    meta.add_authors(names)
    _read_links(meta, tail)
    return True


def _clean_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw_line in text.splitlines():
        line = _INVISIBLE_RE.sub("", raw_line)
        if "&" in line and _ENTITY_RE.search(line):
            line = html.unescape(line)
        line = line.strip()
        if line:
            lines.append(line)
    return lines


def _field_mode_split(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """For ``标题:/链接:/总结:`` captures: (metadata lines, body lines), else None."""
    header: list[str] = []
    for index, line in enumerate(lines):
        pairs = _split_fields(line)
        if not pairs:
            return None
        kind, value = pairs[0]
        if kind != "body":
            header.append(line)
            continue
        body = [value] if value else []
        rest = lines[index + 1 :]
        for offset, follow in enumerate(rest):
            label = _GENERIC_LABEL_RE.match(follow)
            if label is not None and not _SPEECH_RE.search(label.group("label")):
                # Labelled lines after the body are generated annotations; keep
                # only publication metadata among them (no titles or abstracts).
                header.extend(x for x in rest[offset:] if _field_kind(x) in _TRAILING_KINDS)
                break
            body.append(follow)
        return header, body
    return None


def _drop_trailing_list(lines: list[str]) -> list[str]:
    """Drop a trailing block of bullet items that look like related-article headlines."""
    end = len(lines)
    while end > 0 and _BULLET_RE.match(lines[end - 1]):
        end -= 1
    block = lines[end:]
    if not block:
        return lines
    headline_like = sum(1 for item in block if len(item) <= 60 and not re.search("[。；;]$", item.rstrip()))
    if headline_like >= 0.8 * len(block):
        return lines[:end]
    return lines


def _strip_title_suffix(title: str) -> str:
    m = _TITLE_SUFFIX_RE.match(title)
    return m.group("main").strip() if m else title


def _is_heading(line: str) -> bool:
    return (
        len(line) <= 80
        and "。" not in line
        and line[-1] not in "，,、；;：:"
        and (_han_count(line) >= 4 or len(_LATIN_WORD_RE.findall(line)) >= 3)
    )


def _title_from_sentence(text: str) -> str:
    sentence = re.split(r"[。！？!?\n]", text, maxsplit=1)[0].strip()
    if len(sentence) <= 40:
        return sentence
    clauses = [m.end() for m in re.finditer(r"[，,；;：:]", sentence) if 8 <= m.end() - 1 <= 40]
    if clauses:
        return sentence[: clauses[-1] - 1]
    return sentence[:39] + "…"


# ---------------------------------------------------------------------------
# Date estimation

_RANGE_RE = re.compile(
    r"(?<!\d)(?P<a>(?:19|20)\d{2})\s*年?\s*(?:[-—–~～至到]+|－)\s*(?P<b>(?:19|20)\d{2})\s*年"
)
_FULL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d)"
)
_BARE_YEAR_RE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)(?!\s*[-—–~～至到])")
_THIS_YEAR_MONTH_RE = re.compile(r"今年\s*(?P<m>\d{1,2})\s*月")
_MONTH_DAY_RE = re.compile(r"(?<![\d年])(?<!年\s)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_TARGET_BEFORE_RE = re.compile(
    r"(?:到|至|力争|争取|爭取|计划|計劃|预计|預計|预期|預期|目标|目標|展望|将于|將於|将在|將在|有望在|迈向|邁向)\s*$"
)
_TARGET_AFTER_RE = re.compile(r"^\s*(?:年)?\s*(?:前|以前|之前|底前|末前|起施行|起实施|起實施|起执行|起執行)")
_TARGET_NEAR_AFTER_RE = re.compile(r"^[^。！？；;]{0,12}?(?:将|將|力争|力爭|有望|预计|預計|目标|目標)")
_URL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>20\d{2})[-/_]?(?P<m>0[1-9]|1[0-2])[-/_]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)


def _is_target(
    text: str,
    start: int,
    end: int,
    year: int,
    month: int | None = None,
    plan_ends: frozenset[int] = frozenset(),
) -> bool:
    """Whether the date at text[start:end] is a goal or deadline rather than a past event."""
    today = datetime.date.today()
    return bool(
        _TARGET_BEFORE_RE.search(text[max(0, start - 6) : start])
        or _TARGET_AFTER_RE.match(text[end : end + 16])
        or year in plan_ends
        or (year, month or 0) > (today.year, today.month)
    )


def _dated_events(text: str) -> Iterator[tuple[int, int | None]]:
    """(year, month or None) of explicitly dated past events mentioned in `text`."""
    ranges = [(m.start(), m.end()) for m in _RANGE_RE.finditer(text)]
    plan_ends = frozenset(int(m.group("b")) for m in _RANGE_RE.finditer(text)) - {
        int(m.group("a")) for m in _RANGE_RE.finditer(text)
    }

    def in_range(pos: int) -> bool:
        return any(a <= pos < b for a, b in ranges)

    for m in _FULL_DATE_RE.finditer(text):
        year = int(m.group("y") or m.group("y2"))
        month = int(m.group("m") or m.group("m2"))
        if in_range(m.start()) or not 1 <= month <= 12:
            continue
        if _is_target(text, m.start(), m.end(), year, month):
            continue
        yield year, month
    for m in _BARE_YEAR_RE.finditer(text):
        year = int(m.group("y"))
        if in_range(m.start()) or _is_target(text, m.start(), m.end(), year, plan_ends=plan_ends):
            continue
        if _TARGET_NEAR_AFTER_RE.match(text[m.end() :]):
            continue
        yield year, None


def _estimate_date(text: str, url: str | None, capture_year: int | None) -> str | None:
    """The estimated publication date of an article; see the module docstring."""
    if url:
        m = _URL_DATE_RE.search(urlsplit(url if "//" in url else "//" + url).path)
        if m is not None:
            iso = _iso(m.group("y"), m.group("m"), m.group("d"))
            if iso is not None:
                return iso
    events = list(_dated_events(text))
    plan_starts = [int(m.group("a")) for m in _RANGE_RE.finditer(text)]
    context_year = capture_year or max((y for y, _ in events), default=None)
    if context_year is None and plan_starts:
        context_year = max(plan_starts)
    if context_year is not None:
        for m in itertools.chain(_THIS_YEAR_MONTH_RE.finditer(text), _MONTH_DAY_RE.finditer(text)):
            mentioned = int(m.group("m"))
            if 1 <= mentioned <= 12 and not _is_target(text, m.start(), m.end(), context_year, mentioned):
                events.append((context_year, mentioned))
    if capture_year is not None:
        months = [mo for y, mo in events if y == capture_year and mo is not None]
        return _iso(capture_year, max(months) if months else None)
    if events:
        latest = max(events, key=lambda e: (e[0], e[1] or 0))
        return _iso(*latest)
    if plan_starts:
        return _iso(max(plan_starts))
    return None


# ---------------------------------------------------------------------------
# Parsing


def parse_article_text(text: str, *, source: str = "<text>") -> ParsedArticle:
    """Parse a decoded article capture; raises `ArticleError` naming `source` if unusable."""
    if not text.strip():
        raise ArticleError(f"{source}: empty article (no text)")
    lines = _clean_lines(strip_pinyin_annotations(text))
    meta = _Meta()

    split = _field_mode_split(lines)
    if split is not None:
        header, lines = split
        for line in header:
            if not _read_field_line(meta, line):
                _read_furniture(meta, line)

    candidates: list[str] = []
    for line in lines:
        if _END_MARKER_RE.match(line):
            break
        if (
            (split is None and (_read_field_line(meta, line) or _read_header_date(meta, line)))
            or _read_furniture(meta, line)
            or _read_byline_line(meta, line)
        ):
            continue
        line = _cut_tail(meta, line)
        if line:
            candidates.append(line)
    for line in lines:  # a source may be named after the end marker, too
        if _COPYRIGHT_RE.match(line):
            _read_furniture(meta, line)
    candidates = _drop_trailing_list(candidates)

    # Title, and the title lines leave the body.
    title = meta.title
    if title is None and len(candidates) > 1 and _is_heading(candidates[0]):
        title = candidates[0]
    if title is not None:
        keys = {_norm(title), _norm(_strip_title_suffix(title))}
        candidates = [line for line in candidates if _norm(line) not in keys]
        title = _strip_title_suffix(title)
    if not candidates:
        raise ArticleError(f"{source}: no article text, only page furniture (editor, copyright, links)")

    # An abstract that repeats the lead goes; any other abstract is kept as text.
    if meta.abstract:
        key = _norm(meta.abstract)[:40]
        if key and key not in _norm("".join(candidates)):
            candidates.insert(0, meta.abstract)

    body = "\n".join(candidates)
    if not _is_real_sentence(body):
        raise ArticleError(f"{source}: article text too short (no complete sentence)")
    if title is None:
        title = _title_from_sentence(body)

    if meta.url and meta.url.lower().startswith("www."):
        meta.url = "http://" + meta.url
    if meta.url:
        host = urlsplit(meta.url).hostname or ""
        for domain, outlet in _DOMAIN_OUTLETS:
            if host == domain or host.endswith("." + domain):
                meta.add_outlet("url", outlet)
                break

    published: str | None = meta.exact_date
    estimated = False
    if published is None:
        published = _estimate_date(f"{title}\n{body}", meta.url, meta.capture_year)
        estimated = published is not None

    return ParsedArticle(
        title=title,
        outlet=meta.outlet(),
        authors=tuple(meta.authors),
        published=published,
        date_estimated=estimated,
        url=meta.url,
        body=body,
        raw=text,
    )


def parse_article_file(path: Path) -> ParsedArticle:
    """Read, decode and parse an article file; errors name the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    text = decode_article_bytes(data, source=path.name)
    return parse_article_text(text, source=path.name)
