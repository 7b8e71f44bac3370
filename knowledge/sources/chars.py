"""Character classes and small text helpers shared by the capture parsers."""

from __future__ import annotations

import re
import unicodedata

import opencc

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
