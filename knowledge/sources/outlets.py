"""Where an outlet's name comes from: patterns that name one, and the outlets of known sites."""

from __future__ import annotations

import re

from knowledge.lexicon.lexicons import lexicon
from knowledge.sources.chars import _HAN

_OUTLET_SUFFIX_RE = re.compile(
    r"(?:报|報|网|網|社|台|刊|新闻|新聞|杂志|雜誌|周刊|週刊|频道|頻道|客户端|客戶端|财经|財經|日报|日報)$"
)
_COPYRIGHT_SOURCE_RE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<name>[^\s“”\"'‘’」』,，。;；)）]{2,20})")
_MORE_FROM_RE = re.compile(rf"查看更多(?P<name>[{_HAN}]{{2,10}}?)(?:文章|新闻|新聞|资讯|資訊)")
_RETURN_TO_RE = re.compile(rf"返回(?P<name>[{_HAN}]{{2,6}}?)\s*[,，]?\s*查看更多")

_DOMAIN_OUTLETS = lexicon().outlet_domains

# Outlet evidence, strongest first.
_OUTLET_RANKS = ("field", "issuer", "byline", "copyright", "url", "more", "return")
