"""People's names in Chinese text: surnames, titles before a name, speech verbs after it, pinyin naming."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from knowledge.extract.sentences import _HAN
from knowledge.facts import PersonRecord
from knowledge.text.pinyin import pinyin

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
            from knowledge.text.jieba_pos import CompactPOSTokenizer

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


def _title_en(title: str) -> str:
    parts = []
    for part in re.split(r"[、，,]", title):
        for zh, en in _TITLE_EN:
            if part.endswith(zh):
                parts.append(en)
                break
    return "; ".join(dict.fromkeys(parts))
