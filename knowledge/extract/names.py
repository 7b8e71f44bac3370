"""People's names in Chinese text: surnames, titles before a name, speech verbs after it, pinyin naming."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from knowledge.extract.sentences import _HAN
from knowledge.facts import PersonRecord
from knowledge.lexicon.lexicons import lexicon
from knowledge.text.pinyin import pinyin

# ---------------------------------------------------------------------------
# Names

_LEXICON = lexicon()
_SURNAMES_1 = _LEXICON.surnames
_SURNAMES_2 = _LEXICON.compound_surnames
_SURNAME_READINGS = _LEXICON.readings
# A name ends where one of these starts: verbs of saying, particles, adverbs, prepositions.
_AFTER_NAME = (
    "表示 认为 指出 说 建议 提出 介绍 谈到 提到 强调 看来 预计 称 坦言 透露 呼吁 解释 注意到 领衔 这样 "
    "日前 近日 此前 曾 也 还 则 更 就 在 对 向 与 和 等 的 告诉 接受 时 是 为 将 带领 率 一行 同 从 已 正 又 "
    "并 答 讲 补充 直言 发文 撰文 主持 出席 参加 宣布 发布 回应 分析 希望 相信 判断 估计 坦承 说道 指 "
    "呼吁 透 撰 援引 表 所 牵头 联名 提交 代表 委员 先生 女士 博士 教授 院士 "
    "今年 去年 昨天 今天 当天 长期 连续 一直 多年 首次 再次 近年来 随后 带来 关注 围绕 结合 介绍"
).split()
_AFTER_NAME_RE = re.compile("|".join(sorted(map(re.escape, set(_AFTER_NAME)), key=len, reverse=True)))
# A third character that is really the next word: 安晖对《…》, 刘聪表示.
_FUNCTION_CHARS = set("对在说等和与向的是为将也还则就曾已正又并从称表认指看介强预提谈坦透呼告")
_NOT_NAMES = _LEXICON.non_names

_TITLE_WORDS = tuple(_LEXICON.titles)
_TITLE_RE = re.compile(
    "(?:"
    + "|".join(sorted(map(re.escape, _TITLE_WORDS), key=len, reverse=True))
    + r"|首席[\u4e00-\u9fff]{1,4}官)"
)
_TITLE_AT_END = re.compile("(?:" + _TITLE_RE.pattern + ")$")
_TITLE_BOUNDARY = '，,。；;：:“”"（）()！？!?《》 \t【】[]「」『』'
_TITLE_LEAD_RE = re.compile(
    r"^(?:在|据|由|对|比如|例如|如|其中|而|但|和|与|以及|及|是|为|的|了|此外|同时|另外|据悉|此前|日前|近日|"
    r"记者|采访|专访|告诉|曾任|现任|担任|作为|身为|原|前)+"
)
# A title ending in a longer title word takes that word's English (副局长 before 局长).
_TITLE_EN = tuple(
    (zh, en) for zh, en in sorted(_LEXICON.titles.items(), key=lambda item: -len(item[0])) if en is not None
)

# What a speaker hands in (带来了关于…的建议, 提交了《…》，建议…, 的建议是) proposes.
_SUBMIT_VERBS = (
    "的建议是",
    "的建议有",
    "的另一项建议是",
    "的另一条建议是",
    "的又一项建议是",
    "带来了",
    "带来",
    "提交了",
    "提交的",
    "提交",
)
_SAY_VERBS = (
    "建议 提出 呼吁 提议 倡议 认为 表示 指出 强调 介绍 谈到 提到 看来 预计 坦言 透露 解释 直言 说 称 "
    "告诉 分析 判断 相信 希望 主张"
).split() + list(_SUBMIT_VERBS)
_PROPOSE_VERBS = {"建议", "提出", "呼吁", "提议", "倡议", "主张", *_SUBMIT_VERBS}
_SAY_RE = "|".join(sorted(_SAY_VERBS, key=len, reverse=True))
_ADVERBS = (
    r"(?:还|也|则|又|更|就|进一步|同时|曾|此前|日前|近日|多次|明确|特别|再次|一再|直接|首先|最后|由此|"
    r"今年|此次|这次|本次|联名)?"
)
_GROUP_TAIL = (
    r"(?:等(?:\d+|[一二三四五六七八九十]+)?(?:位|名)?(?:市|省|全国)?"
    r"(?:人大代表|政协委员|代表|委员|专家|人)?|代表|委员)?"  # 罗文彬代表建议
)
_PRONOUN_RE = re.compile(
    rf"(?:^|[，,。；;：:“”\s]|(?<=此外)|(?<=同时)|(?<=为此)|(?<=因此)|(?<=对此))"
    rf"(?:他|她|(?:这位|该)(?:代表|委员|专家|负责人|人士))(?!们){_ADVERBS}(?P<verb>{_SAY_RE})"
)
_GROUP_SPEAKERS = (
    "代表们 委员们 专家们 业内专家 业内人士 相关人士 分析人士 有关专家 有关负责人 相关负责人 "
    "多位代表 多位委员 多位全国人大代表 多位全国政协委员 多名代表 多名委员 部分代表 部分委员 "
    "与会专家 学者们 记者"
).split()
_GROUP_RE = re.compile(
    rf"(?:^|[，,。；;：:“”\s]|在)(?P<group>{'|'.join(map(re.escape, _GROUP_SPEAKERS))})"
    rf"{_ADVERBS}(?P<verb>{_SAY_RE})"
)
_TO_REPORTER = (
    r"(?:（[^（）]{1,30}）|\([^()]{1,30}\))?"  # 周立强（中国移动某分公司总经理）建议
    r"(?:的(?:提案|议案|书面建议))?"  # 的提案提出
    r"(?:[：:]\s*(?:我们|我)?)?"  # 罗文彬：我们建议 (an interview's answer)
    r"(?:在[^，,。；;“”]{1,15}?(?:上|中|时|期间))?"  # 在发布会上表示, 在一场论坛上指出
    r"(?:(?:对|向|接受)(?:《[^》]{1,12}》)?(?:记者|媒体)(?:采访时)?|发文|撰文)?"
)
_CLAUSE_OPENERS = '，,。；;：:“”"（）()！？!? 、在据而但并则即'
_CONTINUATION_RE = re.compile(
    r"^(?:同时|此外|另外|其次|最后|首先|还|并|再次)?[，,]?\s*(?:他|她)?(?:还|也)?建议"
)
# What goes on listing a speaker's proposals: 二是…, 第二，…, 同时，要…, 为此，应….
_ITEM_RE = re.compile(
    r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、]|其[一二三四五六七八九十][，,、]|"
    r"(?:同时|此外|另外|其次|最后|为此|因此|对此)[，,]?\s*(?:还|也)?(?=要|应当|应该|应|需要|必须))"
)
_COUNTED_PROPOSALS_RE = re.compile(r"^[一二三四五六七八九十两\d]+(?:点|条|项)(?:具体)?建议")
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
