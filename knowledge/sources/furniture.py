"""Page furniture (copyright, editors, counters, links) and bylines glued to the text."""

from __future__ import annotations

import re

from knowledge.sources.chars import _HAN, _SENTENCE_END, _names
from knowledge.sources.fields import _URL_LINE_RE, _Meta
from knowledge.sources.outlets import _COPYRIGHT_SOURCE_RE, _MORE_FROM_RE, _OUTLET_SUFFIX_RE, _RETURN_TO_RE

_END_MARKER_RE = re.compile(
    r"^(?:相关文章|相關文章|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|相关新闻|相關新聞|"
    r"相关推荐|相關推薦|热门推荐|熱門推薦|热门文章|熱門文章|猜你喜欢|猜你喜歡|更多精彩|为您推荐|為您推薦|"
    r"相关链接|相關鏈接|相关解读|相關解讀|相关稿件|相關稿件)"
    r"\s*[:：]?\s*$"
)
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)\s|版权声明|版權聲明|版权所有|版權所有|copyright|免责声明|免責聲明|声明[:：]|聲明[:：]|"
    r"凡注明|凡本网注明|凡本網注明|未经.{0,12}授权|未經.{0,12}授權|本文(?:系|为|為).{0,16}(?:原创|原創|稿件))",
    re.IGNORECASE,
)
_SHORT_FURNITURE_RE = re.compile(
    r"^[【\[]?(?:热门标签|熱門標籤|热门搜索|熱門搜索|查看更多|点击查看|點擊查看|阅读原文|閱讀原文|阅读全文|閱讀全文|"
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
