"""Where an outlet's name comes from: patterns that name one, and the outlets of known sites."""

from __future__ import annotations

import re

from knowledge.sources.chars import _HAN

_OUTLET_SUFFIX_RE = re.compile(
    r"(?:报|報|网|網|社|台|刊|新闻|新聞|杂志|雜誌|周刊|週刊|频道|頻道|客户端|客戶端|财经|財經|日报|日報)$"
)
_COPYRIGHT_SOURCE_RE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<name>[^\s“”\"'‘’」』,，。;；)）]{2,20})")
_MORE_FROM_RE = re.compile(rf"查看更多(?P<name>[{_HAN}]{{2,10}}?)(?:文章|新闻|新聞|资讯|資訊)")
_RETURN_TO_RE = re.compile(rf"返回(?P<name>[{_HAN}]{{2,6}}?)\s*[,，]?\s*查看更多")

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
