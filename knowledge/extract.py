"""Automatic fact extraction for articles that have no curated entries.

`extract_facts` reads an article's clean body sentence by sentence and proposes facts in
the curated table's shape, each tied to the verbatim sentence it came from (the quote is
always a substring of the stored body) and marked `status="extracted"`:

role
    A person with the title written right before the name: ``全国人大代表、科大讯飞董事长刘庆峰``,
    ``院长陈亮``. Names come from the known-people table, from a title followed by a surname and
    one or two characters (the name's end is where a verb, particle or punctuation starts), and
    from jieba's part-of-speech names (tag ``nr``) right before a speech verb.
proposal / statement
    A sentence where a speaker (a name, a pronoun resolved to the last person named, or a
    group such as 代表们/业内专家) says something: 建议/提出/呼吁 make a proposal, 认为/表示/指出/
    说/看来… a statement. Quote-first sentences (“…”王某说) work the same way.
figure
    Numbers with units: 亿元/万元/元, %, PFLOPS, 项/条/个/位/家, 年/个月 (durations), ranges
    (1—2年), Chinese numerals in common forms (两三年, 五大方向, 千万级, 数十亿). Years and dates
    are never figures on their own: they become the figure's `period` or an `event`'s date.
policy
    A document title in 《》 (newspapers excluded), its issuer (``上海市经信委等多部门联合印发``),
    date and region; short names defined in the text (``(下称《措施》)``) are resolved to the full
    title; a few unbracketed titles with unambiguous endings (…暂行办法, …管理办法) are found too.
event
    A dated sentence (``2023年11月``, ``5月14日``) with an event verb (发布/成立/列入…).

Regions come from the glossary's gazetteer, topics from its topic cues (default "strategy").
Everything here is a heuristic over common patterns of Chinese news writing; nothing depends
on a particular article. The function is pure: no database, no global state changed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from knowledge.glossary import Glossary
from knowledge.loader import ArticleRecord, FactRecord, PersonRecord
from knowledge.pinyin import pinyin
from knowledge.text import to_simplified

__all__ = ["extract_facts", "person_id_for", "pinyin_name", "split_sentences"]

log = logging.getLogger(__name__)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"
_TERMINALS = "。！？!?"
_TRAILERS = "”’」』）)】"
_MAX_QUOTED_SENTENCE = 600
# After “…。” the sentence goes on only when the speaker follows: ”王海峰说。 / ”在陈亮看来,
_ATTRIBUTION_RE = re.compile(
    r"\s*[^，,。；;！？!?“”]{0,45}?(?:说|表示|认为|指出|介绍|谈到|提到|强调|告诉|看来|称|坦言|透露|预计|解释|写道|"
    r"回应|补充|直言|建议|呼吁|說|認為|談到|強調|介紹)"
)

# ---------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Sentence:
    text: str  # verbatim, a substring of the body
    simple: str  # simplified script, same meaning (for matching and summaries)
    index: int


def split_sentences(body: str) -> list[str]:
    """Sentences of a body, verbatim: split at 。！？ outside quotation marks, and at line ends.

    A quotation that runs on (an unclosed “) stops protecting its full stops after
    `_MAX_QUOTED_SENTENCE` characters, so one broken mark never swallows a paragraph.
    """
    sentences: list[str] = []
    for line in body.split("\n"):
        depth = 0
        start = 0
        i = 0
        while i < len(line):
            ch = line[i]
            if ch in _OPEN_QUOTES:
                depth += 1
            elif ch in _CLOSE_QUOTES:
                depth = max(0, depth - 1)
                if (
                    depth == 0
                    and i > start
                    and line[i - 1] in _TERMINALS
                    and not _ATTRIBUTION_RE.match(line, i + 1)
                ):
                    piece = line[start : i + 1].strip()
                    if piece:
                        sentences.append(piece)
                    start = i = i + 1
                    continue
            elif ch in _TERMINALS and (depth == 0 or i - start > _MAX_QUOTED_SENTENCE):
                end = i + 1
                while end < len(line) and (line[end] in _TERMINALS or line[end] in _TRAILERS):
                    if line[end] in _CLOSE_QUOTES:
                        depth = max(0, depth - 1)
                    end += 1
                if depth and i - start > _MAX_QUOTED_SENTENCE:
                    depth = 0
                piece = line[start:end].strip()
                if piece:
                    sentences.append(piece)
                start = i = end
                continue
            i += 1
        piece = line[start:].strip()
        if piece:
            sentences.append(piece)
    return sentences


# ---------------------------------------------------------------------------
# Names

_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪"
    "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜"
    "阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄平计索宣晋相初门云容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊乌母"
    "裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉"
    "植衡富尧闭由"
)
_SURNAMES_2 = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 西门 南宫 独孤 万俟 轩辕 "
    "钟离 呼延 申屠 澹台 太史 闻人 赫连"
).split()
_SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "乐": "yue",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "柏": "bai",
    "任": "ren",
    "沈": "shen",
    "华": "hua",
    "藏": "zang",
    "种": "chong",
}
# A name ends where one of these starts: verbs of saying, particles, adverbs, prepositions.
_AFTER_NAME = (
    "表示 认为 指出 说 建议 提出 介绍 谈到 提到 强调 看来 预计 称 坦言 透露 呼吁 解释 注意到 领衔 这样 "
    "日前 近日 此前 曾 也 还 则 更 就 在 对 向 与 和 等 的 告诉 接受 时 是 为 将 带领 率 一行 同 从 已 正 又 "
    "并 答 讲 补充 直言 发文 撰文 主持 出席 参加 宣布 发布 回应 分析 希望 相信 判断 估计 坦承 说道 指 "
    "呼吁 透 撰 援引 表 所 牵头 联名 提交 代表 委员 先生 女士 博士 教授 院士"
).split()
_AFTER_NAME_RE = re.compile("|".join(sorted(map(re.escape, set(_AFTER_NAME)), key=len, reverse=True)))
# A third character that is really the next word: 安晖对《…》, 刘聪表示.
_FUNCTION_CHARS = set("对在说等和与向的是为将也还则就曾已正又并从称表认指看介强预提谈坦透呼告")
_NOT_NAMES = frozenset(
    "文章 文件 方面 方案 安全 安排 全国 全面 全部 高质量 高校 高效 高端 高层 成果 成本 成为 成功 "
    "成立 明确 明年 "
    "平台 应用 应当 应该 向前 华为 时间 时代 时期 时候 关于 关键 关注 连续 宁夏 江苏 黄河 长江 万亿 万元 "
    "于是 原因 任务 石油 金融 米哈 谷歌 牛津 宋体 苏州 温州 常州 龙头 包括 相关 信息 信用 国家 国际 国内 "
    "党委 党中央 司法 司长 师生 和谐 强调 强化 强大 建议 周期 周年 周边 许多 许可 余额 雷达 易于 于此 严格 "
    "沙特 沙漠 左右 伍德 戴维 马克 马上 华人 武汉 杭州 合肥 南京 宁波 厦门 柯林 富士 尤其 元宇 卫星 卫生 "
    "郑州 齐鲁 鲁迅 曲线 管理 管控 简化 简单 车辆 车企 项目 连接 房地 毛利 杜绝 叶片 石化 路径 路线 阳光 "
    "程序 苗头 骆驼 牛市 章程 詹姆 欧洲 欧盟 欧美 方式 方向 方法 方便 林业 潘多 史上 施工 吴江 "
    "孙子 于此".split()
)

_TITLE_WORDS = (
    "全国人大代表 全国政协委员 人大代表 政协委员 代表 委员 副董事长 董事长 董事 副总裁 总裁 副总经理 总经理 "
    "首席执行官 首席技术官 首席科学家 首席经济学家 首席信息官 首席运营官 首席数据官 联合创始人 创始人 "
    "副院长 院长 副所长 所长 副局长 局长 副厅长 厅长 副部长 部长 主任助理 副主任 主任 党委书记 副书记 书记 "
    "副主席 主席 副市长 市长 副省长 省长 区长 县长 副教授 教授 副研究员 研究员 副总工程师 总工程师 工程师 "
    "院士 副秘书长 秘书长 负责人 博士生导师 博导 理事长 副会长 会长 总监 合伙人 处长 副司长 司长 副校长 "
    "校长 署长 行长 台长 社长 总编辑 主编 分析师 CEO CTO COO"
).split()
_TITLE_RE = re.compile(
    "(?:"
    + "|".join(sorted(map(re.escape, _TITLE_WORDS), key=len, reverse=True))
    + r"|首席[\u4e00-\u9fff]{1,4}官)"
)
_TITLE_AT_END = re.compile("(?:" + _TITLE_RE.pattern + ")$")
_TITLE_BOUNDARY = '，,。；;：:“”"（）()！？!?《》 \t【】[]'
_TITLE_LEAD_RE = re.compile(
    r"^(?:在|据|由|对|比如|例如|如|其中|而|但|和|与|以及|及|是|为|的|了|此外|同时|另外|据悉|此前|日前|近日|"
    r"记者|采访|专访|告诉|曾任|现任|担任|作为|身为|原|前)+"
)
_TITLE_EN = (
    ("全国人大代表", "NPC deputy"),
    ("全国政协委员", "CPPCC member"),
    ("人大代表", "people's congress deputy"),
    ("政协委员", "CPPCC member"),
    ("副董事长", "vice chairman"),
    ("董事长", "chairman"),
    ("副总裁", "vice president"),
    ("总裁", "president"),
    ("副总经理", "deputy general manager"),
    ("总经理", "general manager"),
    ("首席执行官", "CEO"),
    ("首席技术官", "CTO"),
    ("首席科学家", "chief scientist"),
    ("首席经济学家", "chief economist"),
    ("联合创始人", "co-founder"),
    ("创始人", "founder"),
    ("副院长", "vice president/dean"),
    ("院长", "president/dean"),
    ("副所长", "deputy director"),
    ("所长", "director"),
    ("副局长", "deputy director"),
    ("局长", "director"),
    ("副厅长", "deputy director"),
    ("厅长", "director"),
    ("副部长", "vice minister"),
    ("部长", "minister"),
    ("主任助理", "assistant director"),
    ("副主任", "deputy director"),
    ("主任", "director"),
    ("党委书记", "party secretary"),
    ("书记", "party secretary"),
    ("副主席", "vice chairman"),
    ("主席", "chairman"),
    ("副市长", "vice mayor"),
    ("市长", "mayor"),
    ("副省长", "vice governor"),
    ("省长", "governor"),
    ("副教授", "associate professor"),
    ("教授", "professor"),
    ("副研究员", "associate research fellow"),
    ("研究员", "research fellow"),
    ("副总工程师", "deputy chief engineer"),
    ("总工程师", "chief engineer"),
    ("院士", "academician"),
    ("秘书长", "secretary-general"),
    ("负责人", "head"),
    ("博士生导师", "doctoral supervisor"),
    ("理事长", "chair"),
    ("会长", "president"),
    ("副校长", "vice president"),
    ("校长", "president"),
    ("行长", "president"),
    ("代表", "deputy"),
    ("委员", "member"),
)

_SAY_VERBS = (
    "建议 提出 呼吁 提议 倡议 认为 表示 指出 强调 介绍 谈到 提到 看来 预计 坦言 透露 解释 直言 说 称 "
    "告诉 分析 判断 相信 希望"
).split()
_PROPOSE_VERBS = {"建议", "提出", "呼吁", "提议", "倡议"}
_SAY_RE = "|".join(sorted(_SAY_VERBS, key=len, reverse=True))
_ADVERBS = (
    r"(?:还|也|则|又|更|就|进一步|同时|曾|此前|日前|近日|多次|明确|特别|再次|一再|直接|首先|最后|由此)?"
)
_GROUP_TAIL = (
    r"(?:等(?:\d+|[一二三四五六七八九十]+)?(?:位|名)?(?:市|省|全国)?"
    r"(?:人大代表|政协委员|代表|委员|专家|人)?)?"
)
_PRONOUN_RE = re.compile(
    rf"(?:^|[，,。；;：:“”\s]|(?<=此外)|(?<=同时)|(?<=为此)|(?<=因此)|(?<=对此))(?:他|她)(?!们){_ADVERBS}(?P<verb>{_SAY_RE})"
)
_GROUP_SPEAKERS = (
    "代表们 委员们 专家们 业内专家 业内人士 相关人士 分析人士 有关专家 有关负责人 相关负责人 "
    "多位代表 多位委员 "
    "与会专家 学者们 记者"
).split()
_GROUP_RE = re.compile(
    rf"(?:^|[，,。；;：:“”\s]|在)(?P<group>{'|'.join(map(re.escape, _GROUP_SPEAKERS))})"
    rf"{_ADVERBS}(?P<verb>{_SAY_RE})"
)
_TO_REPORTER = (
    r"(?:在[^，,。；;“”]{1,15}?(?:上|中|时|期间))?"  # 在发布会上表示, 在一场论坛上指出
    r"(?:(?:对|向|接受)(?:《[^》]{1,12}》)?(?:记者|媒体)(?:采访时)?|发文|撰文)?"
)
_CLAUSE_OPENERS = '，,。；;：:“”"（）()！？!? 、在据而但并则即'
_CONTINUATION_RE = re.compile(
    r"^(?:同时|此外|另外|其次|最后|首先|还|并|再次)?[，,]?\s*(?:他|她)?(?:还|也)?建议"
)
_QUOTED_RE = re.compile(r"^[“「](?P<quote>.+?)[”」]")


# ---------------------------------------------------------------------------
# Pinyin


def pinyin_name(name: str) -> str:
    """``王延峰`` -> ``Wang Yanfeng``: surname first, given name as one word, surname readings fixed."""
    surname = name[:2] if name[:2] in _SURNAMES_2 else name[:1]
    given = name[len(surname) :]
    family = _SURNAME_READINGS.get(surname) or "".join(pinyin(surname))
    rest = "".join(pinyin(given))
    return " ".join(part.capitalize() for part in (family, rest) if part)


def person_id_for(name: str, taken: Mapping[str, PersonRecord]) -> str:
    """``x-wang-yanfeng``; a different person already holding the id gets ``-2``, ``-3``…"""
    slug = re.sub(r"[^a-z0-9]+", "-", pinyin_name(name).lower()).strip("-") or "person"
    base = f"x-{slug}"
    candidate, n = base, 2
    while candidate in taken and taken[candidate].name != name:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _pinyin_words(text: str) -> str:
    """A Chinese organisation or outlet name in pinyin, one capitalised word per jieba word."""
    words = _posseg_words(text) or [text]
    out = []
    for word in words:
        if re.fullmatch(f"[{_HAN}]+", word):
            out.append("".join(pinyin(word)).capitalize())
        else:
            out.append(word)
    return " ".join(out)


# ---------------------------------------------------------------------------
# jieba part of speech (a tokenizer of its own: the global one is left alone)

_POS_LOCK = threading.Lock()
_POS: list[Any] = []


def _pos_tokenizer() -> Any:
    with _POS_LOCK:
        if not _POS:
            from knowledge.jieba_pos import CompactPOSTokenizer

            _POS.append(CompactPOSTokenizer())
        return _POS[0]


def _posseg(text: str) -> list[tuple[str, str]]:
    tokenizer = _pos_tokenizer()
    with _POS_LOCK:
        return [(pair.word, pair.flag) for pair in tokenizer.cut(text)]


def _posseg_words(text: str) -> list[str]:
    return [word for word, _ in _posseg(text)]


def _nr_starts(text: str) -> dict[int, str]:
    """Start offset -> word for jieba's person-name tokens (tag ``nr…``)."""
    starts: dict[int, str] = {}
    offset = 0
    for word, flag in _posseg(text):
        if flag.startswith("nr"):
            starts[offset] = word
        offset += len(word)
    return starts


# ---------------------------------------------------------------------------
# Figures

_MULT = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)"
_NUM = r"\d+(?:\.\d+)?"
_RANGE = rf"{_NUM}(?:\s*[—–~～\-]{{1,2}}\s*{_NUM})?"
_UNITS = (
    "亿美元 万美元 美元 亿元 万元 元 个百分点 % ％ PFLOPS EFLOPS TFLOPS GFLOPS 参数量 参数 个月 "
    "项 条 个 家 位 名 人 场 台 座 款 次 份 篇 批 类 种 所 颗 倍 年 天 周 小时 GW MW 千瓦 吨 TB PB EB"
).split()
_UNIT_RE = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_QUAL_BEFORE = r"(?P<pre>不超过|超过|不低于|不少于|最高|最多|至少|达到|达|约|近|逾|仅占|占|突破)?"
_QUAL_AFTER = r"(?P<post>以上|以下|以内|左右|余|多|内)?"
_FIGURE_RE = re.compile(
    rf"{_QUAL_BEFORE}(?<![A-Za-z0-9.\-/_])(?P<num>{_RANGE})\s*(?P<mult>{_MULT})?\s*"
    rf"(?P<unit>{_UNIT_RE})(?![A-Za-z]){_QUAL_AFTER}"
)
_CN_DIGIT = "两二三四五六七八九"
_CN_FIGURE_RES = (
    # 两三年, 十年, 三年之后, 一年以上, 6个月 in words, 四级, 五大方向, 十项
    re.compile(
        rf"(?<![第其之一二三四五六七八九十百千万亿几数])(?P<num>[{_CN_DIGIT}]{{1,2}}|[{_CN_DIGIT}]?十[{_CN_DIGIT}]?)"
        rf"(?P<unit>年|个月|项|条|位|名|倍|级|大(?=[{_HAN}]{{2}}))(?P<post>以上|以内|内|多|左右)?"
    ),
    re.compile(r"(?<![第其之一二三四五六七八九十])(?P<num>一)(?P<unit>年)(?P<post>以上|以内|内|多|左右)"),
    # 千万级, 千亿级, 万亿参数
    re.compile(
        r"(?<![\d一二三四五六七八九十百千万亿])(?P<num>万亿|千亿|百亿|十亿|千万|百万|[十百千]?[万亿])(?P<unit>级(?:参数量|参数)?|参数量|参数)"
    ),
    # 千亿元, 百亿美元
    re.compile(
        r"(?<![\d一二三四五六七八九十百千万亿])(?P<num>万亿|千亿|百亿|十亿|千万|百万)(?P<unit>元|美元)"
    ),
    # 数十亿, 数百亿(元)
    re.compile(r"(?P<num>数[十百千]+[万亿]?)(?P<unit>元|美元|人)?(?=[，,、。；;的])"),
)
_NAME_SUFFIX = r"(?:联盟|集团|公司|计划|工程|基金|论坛|俱乐部)"
_YEAR_UNIT_RE = re.compile(r"^(?:19|20)\d{2}(?:\s*[—–~～\-]{1,2}\s*(?:19|20)\d{2})?$")
_PERIOD_RE = re.compile(
    r"(?:(?:到|至|截至)?(?:19|20)\d{2}\s*[—–\-~～]{1,2}\s*(?:19|20)\d{2}年|(?:到|至|截至|截止)?(?:19|20)\d{2}年(?:底|末|前|初|年底)?(?:前)?|"
    r"每年|未来\d+年内?|未来[一二两三四五六七八九十]+年内?|\d+年内|连续\d+年)"
)
_CLAUSE_SPLIT = "，,；;。！？!?：:"

# ---------------------------------------------------------------------------
# Documents

_DOC_RE = re.compile(r"《(?P<title>[^《》]{2,80})》")
_ALIAS_RE = re.compile(
    r"[(（](?:下称|下文简称|以下简称|简称|下同称|以下称)\s*《(?P<alias>[^《》]{1,20})》[)）]"
)
_MEDIA_RE = re.compile(
    r"(?:报|报社|杂志|周刊|日报|晚报|时报|晨报|新闻|网|电视台|频道|客户端|期刊|学报|画报|月刊|观察)$"
)
_UNBRACKETED_DOC_RE = re.compile(
    rf"(?P<title>[{_HAN}]{{4,30}}?(?:暂行办法|管理办法|管理规定|暂行规定|指导意见|实施细则|条例))"
)
_UNBRACKETED_STOP = "了据照的和与及在对将是按由经过通"
_ISSUE_VERBS = r"(?:联合印发|联合发布|正式发布|印发|发布|出台|公布|颁布|制定|推出|发出|下发|审议通过)"
_ISSUER_RE = re.compile(rf"(?P<issuer>[^，,。；;：:“”]{{2,40}}?){_ISSUE_VERBS}(?:了|的)?$")
_ISSUER_LEAD_RE = re.compile(
    r"^(?:此外|同时|另外|其中|目前|近日|日前|最近|近期|此前|早在|据悉|据了解|记者了解到|记者注意到|例如|比如|如|"
    r"地方上|在|而|但|并|也|还|已|又|今年\d{1,2}月|(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?|"
    r"\d{1,2}月\d{1,2}日|于)+"
)
_ISSUER_TAIL_RE = re.compile(
    r"(?:此次|本次|这次|近期|日前|近日|最近|此前|早已|已经|已|正式|共同|联合|先后|相继|率先|也|还)*"
    r"(?:于|在)?(?:今年|去年|(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:正式|共同|联合|已|先后|相继|率先|此前|也)*$"
)

# ---------------------------------------------------------------------------
# Dates and events

_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?|(?P<this>今年|去年)(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})日)?|"
    r"(?<![\d年])(?P<m3>\d{1,2})月(?P<d3>\d{1,2})日"
)
_YEAR_EVENT_RE = re.compile(r"(?:在|于)(?P<y>(?:19|20)\d{2})年(?:出台|发布|印发|成立|颁布|制定)")
_EVENT_VERBS_RE = re.compile(
    r"发布|推出|出台|印发|成立|组建|宣布|列入|召开|上线|开源|启动|签署|举行|亮相|创立|通过|升级"
)


@dataclass
class _Person:
    id: str
    name: str
    title: str | None = None


@dataclass
class _State:
    """What the extractor remembers while reading an article from top to bottom."""

    article: ArticleRecord
    glossary: Glossary
    known: dict[str, str]  # simplified name or alias -> person id
    people: Mapping[str, PersonRecord]
    new_people: dict[str, PersonRecord] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # person id -> first title seen
    aliases: dict[str, str] = field(default_factory=dict)  # 《措施》 -> full document title
    last_person: _Person | None = None
    last_speaker: _Person | None = None
    facts: dict[str, FactRecord] = field(default_factory=dict)
    roles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # person id -> [(title, fact id)]


# ---------------------------------------------------------------------------
# Helpers


def _fact_id(article_id: str, kind: str, quote: str, value: str) -> str:
    digest = hashlib.sha1((quote + kind + value).encode("utf-8")).hexdigest()[:8]
    return f"x-{article_id[:8]}-{kind}-{digest}"


def _trim(text: str, limit: int = 80) -> str:
    text = text.strip(" ，,；;：:。")
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ，,；;：:、") + "…"


def _outlet_en(article: ArticleRecord) -> str:
    if not article.outlet:
        return "the article"
    if article.outlet.isascii():
        return article.outlet
    return f"{article.outlet} ({_pinyin_words(article.outlet)})"


def _topics(glossary: Glossary, text: str) -> list[str]:
    lowered = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    hits: dict[str, int] = {}
    for cue, topic in glossary.topic_cues.items():
        if cue.isascii():
            count = len(re.findall(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", lowered))
        else:
            count = lowered.count(cue)
        if count:
            hits[topic] = hits.get(topic, 0) + count
    ranked = sorted(hits, key=lambda topic: (-hits[topic], topic))[:3]
    return ranked or ["strategy"]


def _regions(glossary: Glossary, text: str) -> list[str]:
    found: list[str] = []
    for region in glossary.region_en:
        if region != "全国" and region in text and region not in found:
            found.append(region)
    if "在沪" in text and "上海" not in found:
        found.append("上海")
    return found


def _clause_around(text: str, start: int, end: int, *, min_len: int = 8) -> str:
    """The clause holding text[start:end], widened to the previous clause when very short."""
    left = max((text.rfind(ch, 0, start) for ch in _CLAUSE_SPLIT), default=-1) + 1
    rights = [pos for ch in _CLAUSE_SPLIT if (pos := text.find(ch, end)) != -1]
    right = min(rights) if rights else len(text)
    clause = text[left:right]
    if len(clause.strip()) < min_len and left > 0:
        prev = max((text.rfind(ch, 0, left - 1) for ch in _CLAUSE_SPLIT), default=-1) + 1
        clause = text[prev:right]
    clause = clause.strip().lstrip("”」』")
    if clause.startswith("“") and "”" not in clause:
        clause = clause[1:]
    if clause.endswith("”") and "“" not in clause:
        clause = clause[:-1]
    return clause


def _iso_date(match: re.Match[str], published: str | None) -> str | None:
    year_now = int(published[:4]) if published and published[:4].isdigit() else None
    if match.group("y"):
        year, month, day = int(match.group("y")), match.group("m"), match.group("d")
    elif match.group("this"):
        if year_now is None:
            return None
        year = year_now - (1 if match.group("this") == "去年" else 0)
        month, day = match.group("m2"), match.group("d2")
    else:
        if year_now is None:
            return None
        year, month, day = year_now, match.group("m3"), match.group("d3")
    if not 1 <= int(month) <= 12 or (day and not 1 <= int(day) <= 31):
        return None
    iso = f"{year:04d}-{int(month):02d}"
    return f"{iso}-{int(day):02d}" if day else iso


def _money_en(value: str, mult: str, unit: str) -> str | None:
    """An English rendering of Chinese magnitudes: 1500亿元 -> 150 billion yuan."""
    factors = {
        "": 1,
        "千": 10**3,
        "万": 10**4,
        "十万": 10**5,
        "百万": 10**6,
        "千万": 10**7,
        "亿": 10**8,
        "十亿": 10**9,
        "百亿": 10**10,
        "千亿": 10**11,
        "万亿": 10**12,
    }
    currency = {"元": "yuan", "亿元": "yuan", "万元": "yuan", "美元": "US dollars"}.get(unit)
    if mult not in factors or not re.fullmatch(r"\d+(?:\.\d+)?", value):
        return None
    amount = float(value) * factors[mult]
    if not mult and currency is None:
        return None
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if amount >= size:
            number = f"{amount / size:.2f}".rstrip("0").rstrip(".")
            return f"{number} {word}" + (f" {currency}" if currency else "")
    number = f"{amount:.2f}".rstrip("0").rstrip(".")
    return number + (f" {currency}" if currency else "")


_QUALIFIER_EN = {
    "不超过": "up to",
    "最高": "up to",
    "最多": "up to",
    "超过": "more than",
    "逾": "more than",
    "突破": "more than",
    "以上": "or more",
    "至少": "at least",
    "不少于": "at least",
    "不低于": "at least",
    "约": "about",
    "近": "nearly",
    "左右": "about",
    "以下": "up to",
    "以内": "within",
    "内": "within",
}
_UNIT_EN = {
    "%": "%",
    "％": "%",
    "个百分点": "percentage points",
    "项": "items",
    "条": "measures",
    "个": "",
    "家": "organisations",
    "台": "units",
    "款": "models",
    "次": "times",
    "份": "copies",
    "篇": "articles",
    "批": "batches",
    "类": "categories",
    "种": "kinds",
    "所": "institutions",
    "颗": "chips",
    "座": "sites",
    "场": "events",
    "位": "people",
    "名": "people",
    "人": "people",
    "年": "years",
    "个月": "months",
    "天": "days",
    "周": "weeks",
    "小时": "hours",
    "倍": "times",
    "级": "level",
    "参数": "parameters",
    "参数量": "parameters",
}


def _title_en(title: str) -> str:
    parts = []
    for part in re.split(r"[、，,]", title):
        for zh, en in _TITLE_EN:
            if part.endswith(zh):
                parts.append(en)
                break
    return "; ".join(dict.fromkeys(parts))


# ---------------------------------------------------------------------------
# People in a sentence


def _given_length(s: str, start: int, nr: Mapping[int, str]) -> int | None:
    """The length of the name starting at `start` (2 or 3 characters, 3-4 for compound surnames)."""
    surname_len = 2 if s[start : start + 2] in _SURNAMES_2 else 1
    if surname_len == 1 and s[start] not in _SURNAMES_1:
        return None
    token = nr.get(start)
    options: list[int] = []
    if token and surname_len + 1 <= len(token) <= surname_len + 2 and re.fullmatch(f"[{_HAN}]+", token):
        options.append(len(token))
    for given in (2, 1):
        options.append(surname_len + given)
    for length in dict.fromkeys(options):
        name = s[start : start + length]
        if len(name) < length or not re.fullmatch(f"[{_HAN}]+", name) or name in _NOT_NAMES:
            continue
        if length == surname_len + 2 and name[-1] in _FUNCTION_CHARS and token != name:
            continue
        rest = s[start + length :]
        if not rest or rest[0] in _TITLE_BOUNDARY or rest[0] in "、" or _AFTER_NAME_RE.match(rest):
            return length
    return None


def _title_before(s: str, start: int) -> str | None:
    """The title written right before a name: ``全国人大代表、科大讯飞董事长`` in ``…董事长刘庆峰``."""
    prefix = s[:start]
    if not _TITLE_AT_END.search(prefix):
        return None
    cut = max(prefix.rfind(ch) for ch in _TITLE_BOUNDARY) + 1
    title = prefix[cut:]
    if "的" in title and len(title.rsplit("的", 1)[1]) >= 4:
        title = title.rsplit("的", 1)[1]
    for _ in range(3):
        title = _TITLE_LEAD_RE.sub("", title)
    title = title.strip("、 ")
    if not 2 <= len(title) <= 70 or not _TITLE_AT_END.search(title):
        return None
    return title


def _org_of(title: str) -> str | None:
    last = re.split(r"[、，,]", title)[-1]
    match = _TITLE_AT_END.search(last)
    org = last[: match.start()] if match else ""
    org = re.sub(r"(?:副|常务|执行)$", "", org)
    return org if len(org) >= 2 and not re.fullmatch(r"(?:全国|市|省)?(?:人大|政协)", org) else None


def _resolve(state: _State, name: str) -> _Person:
    person_id = state.known.get(name)
    if person_id is None:
        taken: dict[str, PersonRecord] = {**state.people, **state.new_people}
        person_id = person_id_for(name, taken)
        if person_id not in taken:
            state.new_people[person_id] = PersonRecord(person_id, name, pinyin_name(name), [])
        state.known[name] = person_id
    return _Person(person_id, name, state.titles.get(person_id))


@dataclass
class _Mention:
    person: _Person
    start: int
    end: int
    title: str | None


def _mentions(state: _State, s: str) -> list[_Mention]:
    """People named in a simplified sentence, left to right, each span once."""
    nr = _nr_starts(s)
    spans: dict[int, tuple[int, str, str | None]] = {}
    # 1. known people (names and aliases)
    for name in sorted(state.known, key=len, reverse=True):
        for m in re.finditer(re.escape(name), s):
            if not any(a <= m.start() < b for a, (b, _, _) in ((k, v) for k, v in spans.items())):
                spans[m.start()] = (m.end(), name, _title_before(s, m.start()))
    # 2. title + name
    for m in _TITLE_RE.finditer(s):
        start = m.end()
        if start in spans or any(a <= start < b for a, (b, _, _) in spans.items()):
            continue
        length = _given_length(s, start, nr)
        if length is None:
            continue
        title = _title_before(s, start)
        if title is None:
            continue
        spans[start] = (start + length, s[start : start + length], title)
    # 3. jieba names right before a speech verb (with an optional adverb or 等N位代表)
    for start in nr:
        if start in spans or any(a <= start < b for a, (b, _, _) in spans.items()):
            continue
        if start > 0 and s[start - 1] not in _TITLE_BOUNDARY + "、在据而但并则即":
            continue
        length = _given_length(s, start, nr)
        if length is None:
            continue
        rest = s[start + length :]
        if not re.match(rf"{_GROUP_TAIL}{_ADVERBS}(?:{_SAY_RE})", rest):
            continue
        spans[start] = (start + length, s[start : start + length], None)
    mentions = []
    for start in sorted(spans):
        end, name, title = spans[start]
        person = _resolve(state, name)
        if title and (person.id not in state.titles or state.titles[person.id] in title):
            state.titles[person.id] = title
        person.title = state.titles.get(person.id)
        mentions.append(_Mention(person, start, end, title))
    return mentions


# ---------------------------------------------------------------------------
# Fact builders


def _add(state: _State, fact: FactRecord) -> None:
    if fact.id not in state.facts:
        state.facts[fact.id] = fact


def _record(
    state: _State,
    sentence: Sentence,
    *,
    kind: str,
    value: str,
    summary_zh: str,
    summary_en: str,
    people: list[str] | None = None,
    orgs: list[str] | None = None,
    keywords: list[str] | None = None,
    details: dict[str, Any] | None = None,
    regions: list[str] | None = None,
) -> FactRecord:
    article = state.article
    return FactRecord(
        id=_fact_id(article.id, kind, sentence.text, value),
        article_id=article.id,
        kind=kind,
        status="extracted",
        quote=sentence.text,
        summary_zh=summary_zh,
        summary_en=summary_en,
        topics=_topics(state.glossary, sentence.simple),
        people=people or [],
        regions=regions if regions is not None else _regions(state.glossary, sentence.simple),
        orgs=[org for org in dict.fromkeys(orgs or []) if org],
        keywords=[k for k in dict.fromkeys(keywords or []) if k],
        details={k: v for k, v in (details or {}).items() if v not in (None, "", [])},
    )


def _roles(state: _State, sentence: Sentence, mentions: list[_Mention]) -> None:
    for mention in mentions:
        if not mention.title:
            continue
        person, title = mention.person, mention.title
        seen = state.roles.setdefault(person.id, [])
        if any(title in other for other, _ in seen):
            continue  # the same or a fuller title is recorded already
        for other, fact_id in list(seen):
            if other in title:  # a fuller title replaces a shorter one
                state.facts.pop(fact_id, None)
                seen.remove((other, fact_id))
        org = _org_of(title)
        title_en = _title_en(title)
        fact = _record(
            state,
            sentence,
            kind="role",
            value=f"{person.name}|{title}",
            summary_zh=f"{person.name}是{title}。",
            summary_en=(
                f"Extracted from {_outlet_en(state.article)}: role of {pinyin_name(person.name)} "
                f"({person.name}) — {title}" + (f" ({title_en})" if title_en else "") + " — see quote."
            ),
            people=[person.id],
            orgs=[org] if org else [],
            keywords=[title, person.name],
            details={"title_zh": title, "title_en": title_en or None},
            regions=_regions(state.glossary, title),
        )
        _add(state, fact)
        seen.append((title, fact.id))


def _speaker(
    state: _State, sentence: Sentence, mentions: list[_Mention]
) -> tuple[_Person | None, str | None, str, int] | None:
    """(person, group label, verb, end of verb) of the sentence's speaker, if it has one."""
    s = sentence.simple
    best: tuple[int, _Person | None, str | None, str, int] | None = None
    for mention in mentions:
        m = re.match(rf"{_GROUP_TAIL}{_ADVERBS}{_TO_REPORTER}{_ADVERBS}(?P<verb>{_SAY_RE})", s[mention.end :])
        at_clause_start = (
            mention.start == 0 or s[mention.start - 1] in _CLAUSE_OPENERS or mention.title is not None
        )
        if m and at_clause_start:
            position = mention.start
            if best is None or position < best[0]:
                best = (position, mention.person, None, m.group("verb"), mention.end + m.end())
    if best is None:
        pronoun = _PRONOUN_RE.search(s)
        if pronoun and state.last_person is not None and not mentions:
            best = (pronoun.start(), state.last_person, None, pronoun.group("verb"), pronoun.end())
    if best is None:
        said_by = _GROUP_RE.search(s)
        if said_by and said_by.group("group") != "记者":
            best = (said_by.start(), None, said_by.group("group"), said_by.group("verb"), said_by.end())
    continuation = _CONTINUATION_RE.match(s)
    if best is None and state.last_speaker is not None and not mentions and continuation is not None:
        best = (0, state.last_speaker, None, "建议", continuation.end())
    if best is None:
        return None
    _, person, group, verb, end = best
    if verb in ("说", "称") and person is None:
        return None
    return person, group, verb, end


def _said(state: _State, sentence: Sentence, mentions: list[_Mention]) -> None:
    found = _speaker(state, sentence, mentions)
    if found is None:
        return
    person, group, verb, end = found
    s = sentence.simple
    quoted = _QUOTED_RE.match(s)
    content = s[end:].lstrip("，,：: ")
    if quoted and end > quoted.end() and len(content.strip("“”。")) < 10:
        content = quoted.group("quote")
    content = content.strip("“”")
    if len(content) < 6:
        return
    kind = "proposal" if verb in _PROPOSE_VERBS else "statement"
    inner = re.search(r"(?:他|她)?建议[，,：:]?", content[:30])
    if kind == "statement" and inner is not None:
        kind = "proposal"
        content = content[inner.end() :] if len(content) - inner.end() >= 6 else content
    if kind == "proposal":
        content = re.sub(r"^建议[，,：:]?", "", content)
    if person is not None:
        who = f"{person.name}（{person.title}）" if person.title else person.name
        who_en = f"{pinyin_name(person.name)} ({person.name})"
    else:
        who, who_en = group or "", group or ""
    verb_zh = "建议" if kind == "proposal" else ("认为" if verb in ("认为", "看来") else "表示")
    fact = _record(
        state,
        sentence,
        kind=kind,
        value=person.id if person else (group or ""),
        summary_zh=f"{who}{verb_zh}：{_trim(content, 70)}",
        summary_en=f"Extracted from {_outlet_en(state.article)}: {kind} by {who_en} — see quote.",
        people=[person.id] if person else [],
        keywords=[person.name] if person else [],
        details={"speaker": person.name if person else group},
    )
    _add(state, fact)
    if person is not None:
        state.last_speaker = person


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _segment(s: str, start: int, end: int) -> tuple[int, int]:
    """The ；-separated part of a sentence holding s[start:end]."""
    left = max(s.rfind(ch, 0, start) for ch in "；;") + 1
    rights = [pos for ch in "；;" if (pos := s.find(ch, end)) != -1]
    return left, (min(rights) if rights else len(s))


def _clause_bounds(s: str, start: int, end: int) -> tuple[int, int]:
    left = max(s.rfind(ch, 0, start) for ch in _CLAUSE_SPLIT) + 1
    rights = [pos for ch in _CLAUSE_SPLIT if (pos := s.find(ch, end)) != -1]
    return left, (min(rights) if rights else len(s))


def _period_for(s: str, start: int, end: int, protected: list[tuple[int, int]]) -> str | None:
    """The time frame of a figure: a period phrase in its own clause, else a time clause of its own
    (``2025年,`` / ``计划到2023年底,``) earlier in the same part of the sentence."""
    seg_left, _ = _segment(s, start, end)
    clause_left, clause_right = _clause_bounds(s, start, end)
    best: tuple[int, str] | None = None
    for m in _PERIOD_RE.finditer(s, seg_left, clause_right):
        if _inside(protected, m.start(), m.end()) or (m.start() < end and start < m.end()):
            continue
        if m.start() < clause_left:
            own_left, own_right = _clause_bounds(s, m.start(), m.end())
            rest = s[own_left:own_right].replace(m.group(0), "", 1)
            if len(rest) > 3:
                continue  # the period belongs to another clause
        distance = abs(start - m.end())
        if best is None or distance < best[0]:
            best = (distance, m.group(0))
    return best[1] if best else None


_LEAD_CLAUSE_RE = re.compile(r"^[^，,：:“”]{1,12}?(?:提出|表示|指出|强调|明确|要求|计划|宣布)$")


def _figures(
    state: _State, sentence: Sentence, mentions: list[_Mention], documents: list[tuple[int, str]]
) -> None:
    s = sentence.simple
    protected = [
        (m.start(), m.end())
        for m in re.finditer(
            r"《[^《》]*》|[(（](?:19|20)\d{2}[^()（）]{0,20}[)）]|[(（][A-Za-z0-9 .\-]+[)）]", s
        )
    ]
    protected += [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z0-9\-./]*\d[A-Za-z0-9\-./]*", s)]
    found: list[tuple[int, int, str, str, str, str, str]] = []  # start, end, num, mult, unit, pre, post
    for m in _FIGURE_RE.finditer(s):
        num, unit = m.group("num"), m.group("unit")
        start = m.start("num")
        if _inside(protected, start, m.end("unit")):
            continue
        if unit == "年" and _YEAR_UNIT_RE.match(num.replace(" ", "")):
            continue  # a year, not a duration
        if start > 0 and s[start - 1] in "第":
            continue
        pre, post = m.group("pre") or "", m.group("post") or ""
        found.append((m.start(), m.end(), num, m.group("mult") or "", unit, pre, post))
    for pattern in _CN_FIGURE_RES:
        for m in pattern.finditer(s):
            if _inside(protected, m.start(), m.end()) or any(
                a < m.end() and m.start() < b for a, b, *_ in found
            ):
                continue
            unit = m.group("unit") or ""
            if unit == "大":
                unit = s[m.end("unit") - 1 : m.end("unit") + 2]
            post = m.groupdict().get("post") or ""
            if unit == "年" and re.match(r"(?:之后|以后|后|前|以前|来)", s[m.end() :]):
                continue  # 时隔三年之后: a relative time, not a figure
            if re.match(_NAME_SUFFIX, s[m.end() :]):
                continue  # 万亿参数联盟: part of a name
            found.append((m.start(), m.end(), m.group("num"), "", unit, "", post))
    if not found:
        return
    speaker = next((mention.person for mention in mentions), None)
    if speaker is None and re.match(r"^(?:他|她)(?!们)", s) and state.last_person:
        speaker = state.last_person
    seen: set[tuple[str, str]] = set()
    for start, end, num, mult, unit, pre, post in sorted(found):
        value = f"{num}{mult}"
        if (value, unit) in seen:
            continue
        seen.add((value, unit))
        space = " " if unit[:1].isascii() and unit[:1].isalpha() else ""
        written = f"{pre}{num}{mult}{space}{unit}{post}"
        clause = _clause_around(s, start, end)
        period = _period_for(s, start, end, protected)
        english = _money_en(num, mult, unit)
        unit_en = _UNIT_EN.get(unit, unit)
        shown = english or (f"{num}%" if unit in ("%", "％") else f"{num}{mult} {unit_en}".strip())
        qualifier = _QUALIFIER_EN.get(pre) or _QUALIFIER_EN.get(post)
        if qualifier:
            shown = f"{qualifier} {shown}" if qualifier != "or more" else f"{shown} or more"
        seg_left, seg_right = _segment(s, start, end)
        in_segment = list(dict.fromkeys(title for pos, title in documents if seg_left <= pos < seg_right))
        all_titles = list(dict.fromkeys(title for _, title in documents))
        document = (
            in_segment[0] if len(in_segment) == 1 else (all_titles[0] if len(all_titles) == 1 else None)
        )
        summary = clause if not speaker or speaker.name in clause else f"据{speaker.name}，{clause}"
        lead = s[seg_left:seg_right].split("，")[0].split(",")[0].strip()
        if document and "《" not in clause and not speaker:
            summary = f"《{document}》：{clause}"
        elif _LEAD_CLAUSE_RE.match(lead) and lead not in clause and not speaker:
            summary = f"{lead}：{clause}"
        regions = _regions(state.glossary, s[seg_left:seg_right]) or _regions(state.glossary, s)
        if period and period not in summary:
            summary = f"{_trim(summary, 80)}（{period}）"
        fact = _record(
            state,
            sentence,
            kind="figure",
            value=f"{value}{unit}",
            summary_zh=_trim(summary, 100),
            summary_en=(
                f"Extracted from {_outlet_en(state.article)}: figure {written} ({shown})"
                + (f", period {period}" if period else "")
                + (f", according to {pinyin_name(speaker.name)}" if speaker else "")
                + " — see quote."
            ),
            people=[speaker.id] if speaker else [],
            keywords=[written, f"{num}{mult}{unit}"],
            details={
                "value": value,
                "unit": unit,
                "as_written": written,
                "measure": _trim(clause, 60),
                "period": period,
                "document": document,
            },
            regions=regions,
        )
        _add(state, fact)


def _document_mentions(state: _State, s: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, full title, is-a-definition) for every document named in a simplified sentence."""
    out: list[tuple[int, int, str, bool]] = []
    alias_spans = [(m.start(), m.end()) for m in _ALIAS_RE.finditer(s)]
    for m in _DOC_RE.finditer(s):
        if _inside(alias_spans, m.start(), m.end()):
            continue
        title = re.sub(r"\s+", " ", m.group("title").strip())
        if _MEDIA_RE.search(title) and len(title) <= 12:
            continue
        tail = s[m.end() : m.end() + 4]
        if tail.startswith("记者") or (len(title) <= 6 and s[max(0, m.start() - 1) : m.start()] == "对"):
            continue
        if title in state.aliases:
            out.append((m.start(), m.end(), state.aliases[title], False))
            continue
        alias = _ALIAS_RE.match(s, m.end())
        if alias:
            state.aliases[alias.group("alias")] = title
        out.append((m.start(), m.end(), title, True))
    if not out:
        for m in _UNBRACKETED_DOC_RE.finditer(s):
            title = m.group("title")
            cut = max(title.rfind(ch) for ch in _UNBRACKETED_STOP)
            title = title[cut + 1 :]
            if len(title) >= 8 and "《" not in title:
                out.append((m.start() + cut + 1, m.end(), title, True))
    return out


_POLICY_VERBS_RE = re.compile(
    r"^(?:也|还|则|更|进一步|明确|率先|同时|中|里)*(?:提出|强调|指出|明确|要求|规定|聚焦|围绕|明确提出|提到|鼓励|支持|显示)"
)


def _policies(state: _State, sentence: Sentence, mentions: list[_Mention]) -> list[tuple[int, str]]:
    """Policy facts for the documents a sentence names; (position, title) of each document."""
    s = sentence.simple
    documents = _document_mentions(state, s)
    titles: list[tuple[int, str]] = [(start, title) for start, _, title, _ in documents]
    done: set[str] = set()
    for start, end, title, _defined in documents:
        if title in done:
            continue
        done.add(title)
        before = s[:start]
        clause_start = max(before.rfind(ch) for ch in "，,。；;：:“”") + 1
        head = before[clause_start:]
        proposed = bool(
            re.search(r"(?:制定|出台|编制|研究制定|设立)(?:国家|省级|国家级)?$", before)
        ) and bool(re.search(r"建议|呼吁|提议|倡议", before))
        issuer = None
        m = _ISSUER_RE.search(head)
        if m and not proposed:
            issuer = _ISSUER_LEAD_RE.sub("", m.group("issuer"))
            issuer = _ISSUER_TAIL_RE.sub("", issuer).strip()
            if not issuer or len(issuer) < 2 or any(issuer == mention.person.name for mention in mentions):
                issuer = None
        seg_start, _ = _segment(s, start, end)
        date = None
        for dm in _DATE_RE.finditer(s, seg_start, end):
            date = _iso_date(dm, state.article.published) or date
        ym = _YEAR_EVENT_RE.search(s, max(seg_start, start - 16), min(len(s), end + 4))
        if date is None and ym:
            date = ym.group("y")
        year = re.search(r"[(（]((?:19|20)\d{2})\s*[—–\-~～]", title)
        proposal = s[end : end + 4].startswith(("提案", "议案"))
        regions = _regions(state.glossary, title + (issuer or "")) or _regions(state.glossary, s)
        rest = s[end:]
        alias = _ALIAS_RE.match(rest)
        if alias:
            rest = rest[alias.end() :]
        rest = rest.lstrip("，,：:的 ")
        note = "（建议制定）" if proposed else ("（提案）" if proposal else "")
        lead = f"{issuer}：" if issuer else ""
        if _POLICY_VERBS_RE.match(rest) and len(rest) >= 8:
            summary_zh = f"{lead}《{title}》{note}{_trim(rest, 80)}"
        else:
            summary_zh = f"《{title}》{note}：{_trim(s[clause_start:], 80)}"
        who = next((mention.person for mention in mentions), None)
        where = ", ".join(state.glossary.region_en.get(r, r) for r in regions)
        kind_en = (
            "proposal document" if proposal else ("proposed document" if proposed else "policy document")
        )
        fact = _record(
            state,
            sentence,
            kind="proposal" if proposal else "policy",
            value=title,
            summary_zh=_trim(summary_zh, 120),
            summary_en=(
                f"Extracted from {_outlet_en(state.article)}: {kind_en} 《{title}》"
                + (f" issued by {issuer}" if issuer else "")
                + (f" ({where})" if where else "")
                + (f", dated {date}" if date else "")
                + (f", proposed by {pinyin_name(who.name)}" if (proposed or proposal) and who else "")
                + " — see quote."
            ),
            people=[who.id] if who and (proposed or proposal) else [],
            orgs=[issuer] if issuer else [],
            keywords=[title, *([k for k, v in state.aliases.items() if v == title])],
            details={
                "document": title,
                "issuer": issuer,
                "date": date,
                "period": year.group(1) if year else None,
                "status": "proposed" if proposed else ("proposal" if proposal else None),
            },
            regions=regions,
        )
        _add(state, fact)
    return titles


def _events(
    state: _State, sentence: Sentence, mentions: list[_Mention], documents: list[tuple[int, str]]
) -> None:
    if documents:
        return
    s = sentence.simple
    for dm in _DATE_RE.finditer(s):
        date = _iso_date(dm, state.article.published)
        if date is None:
            continue
        after = s[dm.end() :]
        verb = _EVENT_VERBS_RE.search(after[:80])
        if verb is None:
            continue
        clause = _clause_around(s, dm.start(), dm.end() + verb.end(), min_len=12)
        if len(clause) < 8:
            continue
        fact = _record(
            state,
            sentence,
            kind="event",
            value=date,
            summary_zh=_trim(f"{date}：{clause}", 90),
            summary_en=(f"Extracted from {_outlet_en(state.article)}: event on {date} — see quote."),
            people=[mention.person.id for mention in mentions],
            keywords=[date],
            details={"date": date},
        )
        _add(state, fact)
        return


# ---------------------------------------------------------------------------
# Entry point


def _overlaps(sentence: str, quotes: Collection[str]) -> bool:
    return any(sentence in quote or quote in sentence for quote in quotes if quote)


def _sentences(body: str) -> Iterator[Sentence]:
    for index, text in enumerate(split_sentences(body)):
        yield Sentence(text, to_simplified(text), index)


def extract_facts(
    article: ArticleRecord,
    *,
    people: Mapping[str, PersonRecord],
    glossary: Glossary,
    skip_quotes: Collection[str] = (),
) -> tuple[list[FactRecord], list[PersonRecord]]:
    """Facts found in `article` (status "extracted") and the people they name who are not in `people`.

    `people` is the known-people table (id -> record); a name that matches one of its names or
    aliases reuses that id, any other name becomes ``x-<pinyin>``. Sentences overlapping one of
    `skip_quotes` (quotes of curated facts) are read for context but give no facts.
    """
    known: dict[str, str] = {}
    for person in people.values():
        for name in (person.name, *person.aliases):
            simple = to_simplified(name)
            if re.fullmatch(f"[{_HAN}]{{2,6}}", simple):
                known.setdefault(simple, person.id)
    state = _State(article=article, glossary=glossary, known=known, people=people)
    skip = [quote for quote in skip_quotes if quote]
    for sentence in _sentences(article.body):
        if len(sentence.text) < 4:
            continue
        mentions = _mentions(state, sentence.simple)
        skipped = _overlaps(sentence.text, skip)
        if not skipped:
            _roles(state, sentence, mentions)
            documents = _policies(state, sentence, mentions)
            _figures(state, sentence, mentions, documents)
            _said(state, sentence, mentions)
            _events(state, sentence, mentions, documents)
        else:
            _document_mentions(state, sentence.simple)  # learn aliases defined in curated sentences
        if mentions:
            state.last_person = mentions[-1].person
            for mention in mentions:
                mention.person.title = state.titles.get(mention.person.id)
    facts = [fact for fact in state.facts.values() if fact.quote in article.body]
    used = {person_id for fact in facts for person_id in fact.people}
    new_people = [record for person_id, record in state.new_people.items() if person_id in used]
    return facts, new_people
