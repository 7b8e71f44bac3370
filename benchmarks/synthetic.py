"""A synthetic fact table of any size, generated from the real one (deterministic for a seed).

The real facts, articles and people stay in the table unchanged, so the real questions keep
their right answers. The table is filled up with *rounds*: copies of every real article and its
facts in which, consistently across one round's quotes, summaries, titles and fields,

- every person is replaced by a generated person (a Chinese name and its pinyin via pypinyin,
  never a real name, a homophone of one or one character away from one),
- every Chinese province or city of the glossary is replaced by another province or city that
  neither the glossary nor the real facts know (with its pinyin spelling in English text),
- every number is replaced by another (years by other years; zeros kept, so 1000 -> 6000).

"全国" (national) and foreign places are not provinces or cities and are kept, as are
organisations and everything else. A synthetic copy of a fact no question can tell from its
original (one that names no person, place or number the question asks for) is therefore a
genuine near-duplicate: at 100,000 facts the real one has about 400 twins.
"""

from __future__ import annotations

import random
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

from knowledge.facts import ArticleView, FactView, PersonView
from knowledge.lexicon.glossary import Glossary

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Common surnames without a second reading (pypinyin reads 曾 as ceng, 单 as dan, ...).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严武戴莫孔汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏建文辉力斌宇浩凯健俊帆帅旭宁林欣"
    "晨婷雪琳晶慧颖倩博宏志波云飞鑫亮新春光晓梅兰凤国荣成安德嘉思佳美雨彤轩泽睿子一天立永正清"
    "振家兴良盛铭哲怡诗梦然琪瑞豪烨政义晖聪延月琴冬松柏竹岩峻毅诚信昊翔鸿远航卫民淑惠芬秋菊蓉"
)
# Provinces and cities the glossary does not know (the real facts name none of them either).
PLACES = (
    "吉林 黑龙江 辽宁 河北 山西 陕西 甘肃 青海 内蒙古 新疆 广西 云南 海南 江西 长春 哈尔滨 沈阳 大连"
    " 石家庄 太原 西安 兰州 西宁 呼和浩特 乌鲁木齐 南宁 昆明 海口 南昌 长沙 苏州 无锡 宁波 温州 青岛"
    " 济南 厦门 福州 郑州 洛阳 贵阳 拉萨 珠海 东莞 佛山 中山 惠州 常州 徐州 扬州 烟台 潍坊 唐山"
    " 保定 大同 银川 绵阳 宜昌 襄阳 芜湖 赣州 九江 桂林 柳州 三亚 泉州 漳州 汕头 湛江 嘉兴 绍兴"
    " 金华 台州 南通 盐城 淮安 临沂 济宁 淄博 威海 包头 鄂尔多斯 大庆 吉林市 营口 秦皇岛 邯郸"
).split()
KEEP_REGIONS = frozenset({"全国", "美国", "硅谷", "香港"})  # not a province or city of the mainland

_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Corpus:
    facts: list[FactView]
    articles: list[ArticleView]
    people: list[PersonView]
    glossary: Glossary


def load_seed_corpus(seeds_dir: Path = SEEDS) -> Corpus:
    """The real table, read the way the bot reads it (seeds -> store -> snapshot views)."""
    from knowledge.service import Knowledge

    with tempfile.TemporaryDirectory() as folder:
        knowledge = Knowledge.open(f"sqlite:///{Path(folder) / 'seed.sqlite3'}", seeds_dir)
        snapshot = knowledge.snapshot
        corpus = Corpus(
            facts=list(snapshot.facts),
            articles=list(snapshot.articles.values()),
            people=list(snapshot.people.values()),
            glossary=snapshot.glossary,
        )
        knowledge.close()
    return corpus


def pinyin_name(name: str) -> str:
    """刘庆峰 -> Liu Qingfeng."""
    syllables = lazy_pinyin(name)
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"


def place_english(place: str) -> str:
    return "".join(lazy_pinyin(place.removesuffix("市"))).capitalize()


class _Names:
    """Generated Chinese names: unique, and never a real name, its homophone, or one character from it."""

    def __init__(self, rng: random.Random, real: Iterable[str], avoid: Iterable[str]) -> None:
        self._rng = rng
        self._real = [name for name in real if name]
        self._real_keys = {"".join(lazy_pinyin(name)) for name in self._real}
        self._real_latin = [key.replace(" ", "") for key in self._real_keys]
        self._avoid = [word for word in avoid if word]
        self._used: set[str] = set()
        self._used_keys: set[str] = set()

    def _allowed(self, name: str, key: str) -> bool:
        if name in self._used or key in self._used_keys or key in self._real_keys:
            return False
        for real in self._real:
            if real in name or name in real:
                return False
            if len(real) == len(name) and sum(a != b for a, b in zip(real, name, strict=True)) <= 1:
                return False
        if any(word in name for word in self._avoid):
            return False
        return all(fuzz.ratio(key, latin) < 82 for latin in self._real_latin)

    def new(self, length: int) -> str:
        while True:
            name = self._rng.choice(SURNAMES) + "".join(self._rng.choices(GIVEN, k=max(length - 1, 1)))
            key = "".join(lazy_pinyin(name))
            if self._allowed(name, key):
                self._used.add(name)
                self._used_keys.add(key)
                return name


def _alternation(words: Iterable[str], *, latin: bool) -> re.Pattern[str] | None:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(w) for w in ordered)
    if latin:
        return re.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])", re.IGNORECASE)
    return re.compile(body)


@dataclass
class _Round:
    """One round's consistent substitutions."""

    people: dict[str, str]  # real person id -> synthetic person id
    text: dict[str, str]  # real spelling (Chinese name, English name, alias, region) -> synthetic
    latin: dict[str, str]  # lower-case Latin spelling -> synthetic spelling
    numbers: dict[str, str]
    rng: random.Random

    def number(self, digits: str) -> str:
        if digits not in self.numbers:
            if len(digits) == 4 and digits[:2] in {"19", "20"}:
                new = str(self.rng.randint(2012, 2030))
            else:
                new = "".join(
                    ch if ch == "0" else str(self.rng.randint(1, 9)) for ch in digits
                )  # keeps the length and the zeros: 1000 -> 6000, 25 -> 73
            self.numbers[digits] = new
        return self.numbers[digits]


class Generator:
    def __init__(self, base: Corpus, seed: int = 0) -> None:
        self.base = base
        self.rng = random.Random(seed)
        glossary = base.glossary
        self._regions = sorted(
            {name for name in glossary.region_names.values() if name not in KEEP_REGIONS},
            key=lambda name: (len(name), name),  # a total order: the table is the same on every run
        )
        known_places = set(glossary.region_names.values()) | {r for f in base.facts for r in f.regions}
        self._places = [
            p
            for p in PLACES
            if not any(k in p or p in k for k in known_places)
            and not any(p in name or name in p for name in (q.name for q in base.people))
        ]
        self._places_en = {place: place_english(place) for place in self._places}
        real_names = [p.name for p in base.people] + [a for p in base.people for a in p.aliases]
        authors = [a for article in base.articles for a in article.authors]
        self._names = _Names(self.rng, [*real_names, *authors], [*known_places, *self._places])
        self._region_en: dict[str, list[str]] = {}
        for spelling, name in glossary.region_names.items():
            if spelling.isascii() and name in self._regions:
                self._region_en.setdefault(name, []).append(spelling)
        self._people = {p.id: p for p in base.people}
        self._person_pattern = _alternation(
            [s for p in base.people for s in (p.name, *(a for a in p.aliases if not a.isascii()))],
            latin=False,
        )
        self._region_pattern = _alternation(self._regions, latin=False)
        latin_people = [s for p in base.people for s in (p.name_en, *(a for a in p.aliases if a.isascii()))]
        self._latin_pattern = _alternation(
            [*latin_people, *(s for spellings in self._region_en.values() for s in spellings)], latin=True
        )

    def _new_round(self, number: int) -> tuple[_Round, list[PersonView]]:
        rng = random.Random(self.rng.getrandbits(64))
        people: dict[str, str] = {}
        text: dict[str, str] = {}
        latin: dict[str, str] = {}
        views: list[PersonView] = []
        for person in self.base.people:
            name = self._names.new(len(person.name))
            name_en = pinyin_name(name)
            aliases: list[str] = []
            for alias in person.aliases:
                if alias.isascii():  # "Fei-Fei Li" style: given name hyphenated, surname last
                    given = lazy_pinyin(name)[1:]
                    new_alias = (
                        "-".join(s.capitalize() for s in given) + " " + lazy_pinyin(name)[0].capitalize()
                    )
                    latin[alias.lower()] = new_alias
                else:
                    new_alias = self._names.new(len(alias))
                    text[alias] = new_alias
                aliases.append(new_alias)
            pid = f"{person.id}~{number:04d}"
            people[person.id] = pid
            text[person.name] = name
            latin[person.name_en.lower()] = name_en
            views.append(PersonView(pid, name, name_en, tuple(aliases)))
        places = rng.sample(self._places, len(self._regions))
        for region, place in zip(self._regions, places, strict=True):
            text[region] = place
            for spelling in self._region_en.get(region, ()):
                latin[spelling.lower()] = self._places_en[place]
        return _Round(people, text, latin, {}, rng), views

    def _swap(self, value: str, r: _Round) -> str:
        if self._person_pattern is not None:
            value = self._person_pattern.sub(lambda m: r.text[m.group(0)], value)
        if self._region_pattern is not None:
            value = self._region_pattern.sub(lambda m: r.text[m.group(0)], value)
        if self._latin_pattern is not None:
            value = self._latin_pattern.sub(lambda m: r.latin[m.group(0).lower()], value)
        return _swap_numbers(value, r.number)

    def _swap_any(self, value: Any, r: _Round) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return int(_swap_numbers(str(value), r.number))
        if isinstance(value, str):
            return self._swap(value, r)
        return value

    def generate(self, total_facts: int) -> Corpus:
        """The real table plus synthetic rounds up to `total_facts` facts (never fewer than the real ones)."""
        base = self.base
        facts = list(base.facts)
        articles = list(base.articles)
        people = list(base.people)
        by_article: dict[str, list[FactView]] = {}
        for fact in base.facts:
            by_article.setdefault(fact.article_id, []).append(fact)
        seq = max((a.seq for a in base.articles), default=0)
        number = 0
        while len(facts) < total_facts:
            number += 1
            r, round_people = self._new_round(number)
            used_people: set[str] = set()
            for article in base.articles:
                if len(facts) >= total_facts:
                    break
                seq += 1
                article_id = f"{self.rng.getrandbits(64):016x}~{number:04d}"
                articles.append(
                    replace(
                        article,
                        id=article_id,
                        seq=seq,
                        title=self._swap(article.title, r),
                        authors=tuple(self._names.new(len(a)) for a in article.authors),
                        published=self._swap(article.published, r) if article.published else None,
                        url=None,
                        origin="synthetic",
                    )
                )
                for fact in by_article.get(article.id, ()):
                    if len(facts) >= total_facts:
                        break
                    facts.append(self._fact(fact, article_id, number, r))
                    used_people.update(r.people[p] for p in fact.people if p in r.people)
            people += [p for p in round_people if p.id in used_people]
        order = list(range(len(facts)))
        self.rng.shuffle(order)
        return Corpus([facts[i] for i in order], articles, people, base.glossary)

    def _fact(self, fact: FactView, article_id: str, number: int, r: _Round) -> FactView:
        def swap_all(values: Sequence[str]) -> tuple[str, ...]:
            return tuple(self._swap(v, r) for v in values)

        prefix, _, rest = fact.id.partition("-")
        return FactView(
            # a0-0001-liu-role: a synthetic twin sorts before its original when scores tie exactly
            id=f"{prefix}-{number:04d}-{rest}",
            article_id=article_id,
            kind=fact.kind,
            status=fact.status,
            quote=self._swap(fact.quote, r),
            summary_zh=self._swap(fact.summary_zh, r),
            summary_en=self._swap(fact.summary_en, r),
            topics=fact.topics,
            people=tuple(r.people.get(p, p) for p in fact.people),
            regions=tuple(r.text.get(region, region) for region in fact.regions),
            orgs=swap_all(fact.orgs),
            keywords=swap_all(fact.keywords),
            details={key: self._swap_any(value, r) for key, value in fact.details.items()},
        )


def _swap_numbers(text: str, number: Callable[[str], str]) -> str:
    """Numbers, but not parts of names (GPT-4, H100), months and days of dates or decimals."""

    def one(match: re.Match[str]) -> str:
        start = match.start()
        before = text[start - 1] if start else ""
        before2 = text[start - 2] if start > 1 else ""
        if before.isascii() and before.isalpha():
            return match.group(0)
        if before == "-" and before2.isascii() and before2.isalpha():
            return match.group(0)
        if before in {"-", ".", "/"} and before2.isdigit() and len(match.group(0)) <= 2:
            return match.group(0)
        return number(match.group(0))

    return _NUMBER.sub(one, text)


def synthesize(base: Corpus, total_facts: int, seed: int = 0) -> Corpus:
    return Generator(base, seed).generate(total_facts)
