"""People a question names whom no fact is about: Chinese full names and pinyin full names.

A question about someone the knowledge does not hold is declined by name, never answered with
another person's facts. A name is read only where it is unmistakable, so that ordinary words
are not taken for names: a surname from the lexicon (seeds/lexicon/names.yaml) with a one- or
two-character given name, either a person's name in jieba's dictionary (tag nr) or standing
where a name stands, between the question's start or a particle and a word that follows
a person ("雷军建议…", "…王某某今年多大"); in Latin script, a capitalised pinyin surname and a
capitalised one- or two-syllable given name ("Lei Jun"), or an English given name and a pinyin
surname ("Robin Li").
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.answer.query import Query
from knowledge.answer.snapshot import Snapshot
from knowledge.lexicon.lexicons import Lexicon, lexicon
from knowledge.text.forms import normalise
from knowledge.text.jieba_trie import Dictionary, default_dictionary
from knowledge.text.pinyin import pinyin
from knowledge.text.tokenize import STOPWORDS_EN

# What follows a person's name in a question: verbs of saying and proposing, "who is", age.
AFTER_NAME = (
    "建议 提出 提议 呼吁 认为 表示 指出 强调 介绍 说 谈 讲 是谁 是哪 是什么人 是做什么 在 今年 去年 多大 "
    "多少岁 几岁 年龄 出生 对 怎么看 如何看 怎样看 的观点 的看法 的建议 的提案 的议案 的职务 的身份 的年龄 "
    "的履历 的背景 有什么 有哪些 在哪 分别 和 与 等 来自 担任 现任 曾任 领衔 提交 发表 预计 希望"
).split()
# What may stand before it: the question's start, punctuation, or one of these words.
BEFORE_NAME = "请问 关于 对于 据 问 和 与 及 跟 同 那么 那 代表 委员 主席 院士 教授 先生 女士".split()
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_GIVEN = set("的是在对说和与了有也都就还把被让给从向为将")  # never a given name's character
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|"
    r"a|o|e|i|u|v)"
)
_GIVEN = re.compile(rf"(?:{_SYLLABLE}){{1,2}}")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _surname_readings(names: Lexicon) -> frozenset[str]:
    readings = {names.readings.get(s) or "".join(pinyin(s)) for s in names.surnames}
    readings |= {"".join(pinyin(s)) for s in names.compound_surnames}
    return frozenset(reading.lower() for reading in readings if reading)


class NameReader:
    """Finds full names in a question's text; knows nothing of the facts."""

    def __init__(self, names: Lexicon | None = None, words: Dictionary | None = None) -> None:
        self._names = names or lexicon()
        self._words = words or default_dictionary()
        self._compound = frozenset(self._names.compound_surnames)
        self._after = tuple(sorted(AFTER_NAME, key=len, reverse=True))
        self._before = tuple(BEFORE_NAME)
        self._readings = _surname_readings(self._names)

    def _tag(self, word: str) -> str | None:
        """jieba's part of speech of a dictionary word ("" untagged), None when it is no word."""
        key = self._words.trie.get(word)
        if key is None or self._words.freqs[key] == 0:
            return None
        return str(self._words.tag_names[self._words.tags[key]])

    def chinese(self, text: str) -> list[str]:
        """Full names in simplified Chinese text, in order, each once."""
        found: list[str] = []
        for start in range(len(text)):
            if text[start : start + 2] in self._compound:
                surname = text[start : start + 2]
            elif text[start] in self._names.surnames:
                surname = text[start]
            else:
                continue
            if not self._may_start(text, start):
                continue
            for size in (2, 1):
                name = text[start : start + len(surname) + size]
                given = name[len(surname) :]
                if len(given) != size or not all(_HAN.match(ch) and ch not in _NOT_GIVEN for ch in given):
                    continue
                tag = self._tag(name)
                if tag in PERSON_TAGS or (
                    not tag
                    and name not in self._names.non_names
                    and text.startswith(self._after, start + len(name))
                ):
                    if name not in found:
                        found.append(name)
                    break
        return found

    def _may_start(self, text: str, start: int) -> bool:
        return start == 0 or not _HAN.match(text[start - 1]) or text[:start].endswith(self._before)

    def latin(self, text: str) -> list[str]:
        """Pinyin full names ("Lei Jun", "Ouyang Xia") in text as written, capitals kept.

        Only a run of exactly two capitalised words counts ("Qi An Xin" is a company's); the
        question's first word is capitalised anyway and never starts a run of more.
        """
        runs: list[list[str]] = []
        end = -1  # where the last capitalised word ended
        for match in _LATIN_WORD.finditer(text):
            word = match.group(0)
            hyphened = text.startswith("-", match.end())  # "Meng-hsun": a Wade-Giles given name
            if not (word[0].isupper() and word[1:].islower()) or hyphened:
                end = -1
                if runs and hyphened:
                    runs[-1].append("-")  # the run is no two-word pinyin name
                continue
            if end >= 0 and text[end : match.start()] == " ":
                runs[-1].append(word)
            else:
                runs.append([word])
            end = match.end()
        if runs and len(runs[0]) > 2 and text.lstrip().startswith(runs[0][0]):
            runs[0] = runs[0][1:]
        found: list[str] = []
        for run in runs:
            if len(run) != 2:
                continue
            surname, given = run[0].lower(), run[1].lower()
            if surname in self._readings and _GIVEN.fullmatch(given) and given not in STOPWORDS_EN:
                found.append(" ".join(run))
            elif given in self._readings and surname not in self._readings and surname not in STOPWORDS_EN:
                found.append(" ".join(run))  # an English name, the surname last: "Robin Li", "Pony Ma"
        return found


@cache
def default_reader() -> NameReader:
    return NameReader()


def people_without_facts(snapshot: Snapshot, query: Query) -> list[str]:
    """Full names in the question that are no known person's and that no fact's words hold."""
    reader = default_reader()
    rest = query.normalised
    for person in query.people:  # the people found are known: their names are no strangers
        rest = rest.replace(snapshot.lexicon.names.get(person, person), " ")
    for spelling in query.places.values():
        rest = rest.replace(spelling, " ")
    names = reader.chinese(rest) + reader.latin(query.text)

    def known(name: str) -> bool:
        key = normalise(name)
        if snapshot.matcher.find(key) or snapshot.glossary.place_mentions(key):
            return True
        if key.isascii() and snapshot.lexicon.pinyin.get(key.replace(" ", "")):
            return True  # "An Hui": the facts name 安晖, who is in no table of people
        return snapshot.index.knows(key) or key in snapshot.lexicon.entities

    return [name for name in dict.fromkeys(names) if not known(name)]
