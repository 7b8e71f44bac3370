"""Text normalisation shared by parsing, indexing and answering.

Search works on a normalised form (NFKC, simplified script, lower case); answers
quote the original wording. Script detection decides the reply's script.

OpenCC's converters load on first use and stay loaded: t2s (~2 MiB) serves normalisation and
script detection; s2t and t2tw (~27 MiB, s2t's phrase table) only a reply rendered in traditional
script.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Literal

import opencc

from knowledge.text.regional import regional_words

Script = Literal["zh-Hans", "zh-Hant", "en"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def to_traditional(text: str) -> str:
    """Taiwan's standard forms (峰, not s2t's 峯): OpenCC's s2tw in two steps.

    OpenCC's own s2tw configuration gives the same text but loads s2t's phrase table twice
    (~42 MiB instead of ~27).
    """
    traditional = _converter("s2t").convert(text)
    return str(_converter("t2tw").convert(traditional))


def strip_control(text: str) -> str:
    """Drop control and invisible formatting characters; keep newlines and tabs."""
    return _CONTROL.sub("", text)


def normalise(text: str) -> str:
    """The search form: NFKC (folds full width), simplified script, lower case, single spaces; a
    traditional-script text's Taiwan and Hong Kong words as the mainland's (人工智慧 -> 人工智能)."""
    folded = unicodedata.normalize("NFKC", strip_control(text))
    simplified = to_simplified(folded)
    if simplified != folded:
        simplified = regional_words().to_mainland(simplified)
    return _SPACES.sub(" ", simplified).strip().lower()


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def detect_script(text: str) -> Script:
    """Traditional when the text writes any character the simplified script does not (converting it
    to simplified changes it: 說, 臺灣, 瞭解); simplified for Chinese without one; English otherwise.

    Only the t2s converter is needed, which normalisation loads anyway; t2s leaves every non-CJK
    character and characters both scripts write (著名, 乾隆, 台湾) as they are.
    """
    if not has_cjk(text):
        return "en"
    return "zh-Hant" if to_simplified(text) != text else "zh-Hans"


def in_script(text: str, script: Script) -> str:
    """Render simplified text in the asker's script."""
    return to_traditional(text) if script == "zh-Hant" else text


_NON_WORD = re.compile(r"[\W_]+")


def fingerprint(body: str) -> str:
    """Content fingerprint: the same article in either script, spacing or punctuation hashes alike."""

    core = _NON_WORD.sub("", normalise(body))
    return hashlib.sha256(core.encode("utf-8")).hexdigest()
