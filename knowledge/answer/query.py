"""Query understanding: script, people, regions, glossary terms, intent and the words to match."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from knowledge.answer.bilingual import chinese_alternatives, unknown_weight
from knowledge.answer.people import PeopleMatcher
from knowledge.lexicon.cues import default_cues
from knowledge.lexicon.glossary import Glossary, english_pattern
from knowledge.text.forms import Script, detect_script, normalise, strip_control
from knowledge.text.tokenize import Tokenizer, stem

MAX_QUESTION_CHARS = 500
NATIONAL = "全国"

# Intent cues (seeds/intents.yaml), matched on the normalised question (simplified script, lower case).
CUES = default_cues()
INTENT_CUES: dict[str, tuple[str, ...]] = CUES.intents
CUE_WORDS: frozenset[str] = frozenset(word for cue in CUES.words for word in (cue, stem(cue)))
NUMBER_CUES = CUES.number

_MONEY = re.compile(r"多少钱|多少元|多少资金|预算|how much money|budget")
_QUERY_NOISE = re.compile(r"[^\w\s%.\-'+]", re.UNICODE)
_LATIN_WORDS = re.compile(r"[a-z]+")
_SPELLED_AGAIN = re.compile(
    r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z]?[a-z]+){1,2}|[\u4e00-\u9fff]{2,4})"
    r"\s*[(（]\s*[A-Z][a-z]+(?:[ -][A-Za-z][a-z]*){1,3}\s*[)）]"
)


@dataclass(frozen=True)
class Unit:
    """One thing the question asks about; a fact covers it when any alternative's tokens are all present."""

    label: str
    alternatives: tuple[tuple[str, ...], ...]
    person: str | None = None
    region: str | None = None
    anchor: bool = False  # names an entity (person, place, organisation): the answer must be about it
    cue: bool = False  # the word also signals intent ("目标", "评价"): it weighs less
    unknown_weight: float | None = None  # its weight's share of the highest idf when no fact holds it
    kind: str | None = None  # the kind of fact that is one ("proposals": a proposal holds the word)
    counted: bool = False  # what a count question counts ("how many robots"): an answer must hold it


@dataclass
class Query:
    text: str  # the question as asked (control characters removed, length capped)
    normalised: str
    script: Script
    people: list[str] = field(default_factory=list)
    spans: dict[str, str] = field(default_factory=dict)  # person id -> the text that named them
    regions: list[str] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)  # region -> its spelling in the question
    homonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "Suzhou": 苏州, 宿州, 肃州
    intents: set[str] = field(default_factory=set)
    units: list[Unit] = field(default_factory=list)
    search_tokens: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.script

    @cached_property
    def counted(self) -> frozenset[str]:
        """The measure words a count is asked in (几条: 条, "how many companies": 家)."""
        return frozenset(CUES.counted_in(self.normalised))

    @cached_property
    def asks_money(self) -> bool:
        """ "多少钱", "budget": only an amount of money answers."""
        return _MONEY.search(self.normalised) is not None

    @property
    def asks_number(self) -> bool:
        """ "How much / how many": only a sentence with a number can answer."""
        return any(cue in self.normalised for cue in NUMBER_CUES)

    @property
    def predicate_units(self) -> list[Unit]:
        """What the question asks about the entities it names."""
        return [unit for unit in self.units if not unit.anchor and not unit.cue]


@dataclass(frozen=True)
class Lexicon:
    """What query understanding needs to know about the knowledge: names, entities and pinyin."""

    names: Mapping[str, str]  # person id -> simplified name
    entities: frozenset[str]  # normalised organisation names and document titles
    pinyin: Mapping[str, Sequence[str]]  # toneless pinyin, no spaces -> Chinese terms in the index
    english: frozenset[str]  # stemmed English words in the index (never read as pinyin alone)
    chinese: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # English stem -> index words
    phrases: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # "last year" -> 去年
    is_english: Callable[[str], bool] = field(default=lambda word: False)  # a dictionary's English word


def clean_question(text: str) -> str:
    return strip_control(text).strip()[:MAX_QUESTION_CHARS]


def _remove(text: str, spelling: str) -> str:
    if spelling.isascii():
        return re.sub(english_pattern(spelling), " ", text)
    return text.replace(spelling, " ")


def understand(
    question: str, *, tokenizer: Tokenizer, people: PeopleMatcher, glossary: Glossary, lexicon: Lexicon
) -> Query:
    text = clean_question(question)
    norm = normalise(_QUERY_NOISE.sub(" ", _without_other_spellings(text, people)))
    query = Query(text=text, normalised=norm, script=detect_script(text))
    query.intents = {
        intent for intent, cues in INTENT_CUES.items() if any(cue in f" {norm} " for cue in cues)
    }
    rest = f" {norm} "
    for match in people.find(norm):
        if match.person_id in query.people:
            continue
        query.people.append(match.person_id)
        query.spans[match.person_id] = match.span
        name = lexicon.names[match.person_id]
        query.units.append(Unit(name, ((name,),), person=match.person_id, anchor=True))
        rest = _remove(rest, match.span)
        query.search_tokens += [name, name]
    for spelling, keys in glossary.place_mentions(rest):
        region = keys[0]
        if region in query.regions:
            rest = _remove(rest, spelling)
            continue
        query.regions.append(region)
        if len(keys) > 1:
            query.homonyms[region] = keys
        query.places[region] = spelling
        query.units.append(Unit(region, ((region,),), region=region, anchor=True))
        rest = _remove(rest, spelling)
        query.search_tokens.append(region)
    for phrase, terms in glossary.english_terms(rest):
        # "cap" is 上限, and 上限 is also written 最高 or 不超过: the Chinese words' synonyms count too
        zh_terms = tuple(dict.fromkeys(s for term in terms for s in (term, *glossary.synonyms.get(term, ()))))
        english = tuple(tokenizer.words(phrase.replace("-", " ")))
        alternatives = (
            tuple((term,) for term in zh_terms)
            + _word_by_word(phrase, glossary)
            + ((english,) if english else ())
        )
        anchor = any(normalise(term) in lexicon.entities for term in zh_terms)
        cue = all(stem(word) in CUE_WORDS for word in _LATIN_WORDS.findall(phrase))  # "proposals"
        query.units.append(Unit(phrase, alternatives, anchor=anchor, cue=cue, kind=_kind_named(phrase)))
        query.search_tokens += [*zh_terms, *english]
        rest = _remove(rest, phrase)
    rest = _demonyms(rest, glossary, query)
    rest = _dictionary_phrases(rest, tokenizer, lexicon, query)
    rest = _pinyin_to_chinese(rest, lexicon, query)
    spelt = {stem(word): word for word in _LATIN_WORDS.findall(rest)}
    for word in _words(tokenizer, rest):
        alternatives = chinese_alternatives(word, lexicon.chinese, glossary.synonyms)
        query.units.append(
            Unit(
                word,
                alternatives,
                anchor=word in lexicon.entities,
                cue=word in CUE_WORDS or _NUMBERED.fullmatch(word) is not None,  # 哪两点(建议): a count
                kind=_kind_named(word),
                unknown_weight=unknown_weight(spelt.get(word, word), lexicon.is_english),
            )
        )
        query.search_tokens += [alternative[0] for alternative in alternatives]
    query.search_tokens += [t for t in tokenizer.tokens(rest) if t not in query.search_tokens]
    query.units = [_answer_kind_as_cue(unit, norm) for unit in query.units]
    if not query.asks_money:  # 多少资金 is answered by an amount in 元, whatever it is called
        query.units = _mark_counted(query.units, CUES.counted_nouns(norm))
    return query


def _mark_counted(units: list[Unit], nouns: Sequence[str]) -> list[Unit]:
    """The unit a count question counts, marked: the first one a counted noun starts with."""
    for noun in nouns:
        for position, unit in enumerate(units):
            if unit.anchor or unit.person or unit.region:
                continue
            label = unit.label
            english = [w for w in re.split(r"[\s-]+", label) if w]
            if (noun.isascii() and (stem(noun) == label or stem(noun) in map(stem, english))) or (
                not noun.isascii() and noun.startswith(label)
            ):
                units[position] = replace(unit, counted=True, cue=False)
                return units
    return units


MAX_COMBINATIONS = 9


KINDS_NAMED = ("proposal",)  # a fact of this kind is one, whether or not it says 建议


def _kind_named(word: str) -> str | None:
    """The kind of fact a question word names: "proposals", 建议 and 提案 name a proposal."""
    stems = [stem(w) for w in _LATIN_WORDS.findall(word)] or [word]
    for kind in KINDS_NAMED:
        cues = INTENT_CUES.get(kind, ())
        if len(stems) == 1 and any(
            stems[0].startswith(cue) if cue.isascii() else stems[0] == cue for cue in cues
        ):
            return kind
        if _COUNTED_NAMING.fullmatch(word) and any(word.endswith(cue) for cue in cues if not cue.isascii()):
            return kind  # 三点建议: proposals, counted
    return None


_NUMBERED = re.compile(r"[一二三四五六七八九十两\d]+[点条项份个]")
_COUNTED_NAMING = re.compile(r"[一二三四五六七八九十两\d]+[点条项份个]?[\u4e00-\u9fff]{2}")


def _word_by_word(phrase: str, glossary: Glossary) -> tuple[tuple[str, ...], ...]:
    """A glossary phrase whose every word is a glossary term is also said word by word: "annual
    caps" is 年度上限, and also 每年 … 最高 in one sentence."""
    words = re.split(r"[\s-]+", phrase)
    if len(words) < 2:
        return ()
    choices: list[tuple[str, ...]] = []
    for word in words:
        found = glossary.terms.get(word) or glossary.terms.get(re.sub(r"e?s$", "", word))
        if not found:
            return ()
        choices.append(
            tuple(dict.fromkeys(s for term in found for s in (term, *glossary.synonyms.get(term, ()))))
        )
    return tuple(itertools.islice(itertools.product(*choices), MAX_COMBINATIONS))


def _without_other_spellings(text: str, people: PeopleMatcher) -> str:
    """A person's name followed by another spelling of it, "Cai Mengxun (Tsai Meng-hsun)", without the
    other spelling: it names nobody else and no fact's word."""

    def keep_name(match: re.Match[str]) -> str:
        return match.group("name") if people.find(normalise(match.group("name"))) else match.group(0)

    return _SPELLED_AGAIN.sub(keep_name, text)


def _answer_kind_as_cue(unit: Unit, norm: str) -> Unit:
    """A word right after an interrogative (什么法律, which law) names the kind of answer, which the
    answering fact need not repeat (it names 《人工智能法》): it weighs as little as a cue."""
    if unit.cue or unit.anchor or unit.person or unit.region:
        return unit
    for asking in CUES.interrogatives:
        if asking.isascii():
            pattern = rf"(?<![a-z]){asking} ([a-z]+)"
            if any(stem(word) == unit.label for word in re.findall(pattern, norm)):
                return replace(unit, cue=True)
        elif f"{asking}{unit.label}" in norm:
            return replace(unit, cue=True)
    return unit


def split_unknown(query: Query, tokenizer: Tokenizer, known: Callable[[str], bool]) -> None:
    """A word no fact contains ("测试中心") is matched by the known words it is made of (测试 + 中心).

    Only when they make up all of it: "天气" is unknown, so "今天天气" is not matched by "今天".
    """
    for position, unit in enumerate(query.units):
        if unit.person or unit.region or any(known(t) for alt in unit.alternatives for t in alt):
            continue
        parts = tuple(t for t in tokenizer.tokens(unit.label) if t != unit.label and len(t) > 1 and known(t))
        if parts and not unit.label.isascii() and _covers(unit.label, parts):
            query.units[position] = Unit(
                unit.label, (*unit.alternatives, parts), anchor=unit.anchor, cue=unit.cue
            )


ADMIN_AFFIXES = "省市区县"  # 省政府 is 政府 at a level; 杯 in 世界杯 is a word of its own


def _covers(word: str, parts: tuple[str, ...]) -> bool:
    """Every character of `word` lies inside one of `parts` or is an administrative level."""
    covered = [char in ADMIN_AFFIXES for char in word]
    for part in parts:
        start = word.find(part)
        while start >= 0:
            covered[start : start + len(part)] = [True] * len(part)
            start = word.find(part, start + 1)
    return all(covered)


def _words(tokenizer: Tokenizer, text: str) -> list[str]:
    """Content words; runs of single characters jieba could not group are kept together ("营收")."""
    words: list[str] = []
    run = ""
    for word in tokenizer.words(text):
        if len(word) == 1 and not word.isascii():
            if run and run + word not in text:  # 发(了多少)钱 is no word
                if len(run) >= 2:
                    words.append(run)
                run = ""
            run += word
            continue
        if len(run) >= 2:
            words.append(run)
        run = ""
        if len(word) > 1 or word.isdigit():
            words.append(word)
    if len(run) >= 2:
        words.append(run)
    return words


_DEMONYM_ENDINGS = ("nese", "ese", "ers", "er", "ians", "ian")


def _demonyms(text: str, glossary: Glossary, query: Query) -> str:
    """ "Taiwanese", "Beijinger": a place named as its people are, read as the place."""
    for word in set(_LATIN_WORDS.findall(text)):
        for ending in _DEMONYM_ENDINGS:
            if not word.endswith(ending) or len(word) - len(ending) < 3:
                continue
            keys = [key for _, key in glossary.places.find_latin(word[: -len(ending)]) if key != NATIONAL]
            if len(set(keys)) == 1 and keys[0] not in query.regions:
                query.regions.append(keys[0])
                query.places[keys[0]] = word
                query.units.append(Unit(keys[0], ((keys[0],),), region=keys[0], anchor=True))
                query.search_tokens.append(keys[0])
                text = re.sub(rf"(?<![a-z]){word}(?![a-z])", " ", text)
                break
    return text


def _dictionary_phrases(text: str, tokenizer: Tokenizer, lexicon: Lexicon, query: Query) -> str:
    """English phrases a dictionary sense of the facts' words says whole ("last year" -> 去年,
    "take effect" -> 施行) become one unit: their words apart translate to something else."""
    words = _LATIN_WORDS.findall(text)
    stems = [stem(word) for word in words]
    i = 0
    while i < len(words):
        for size in (3, 2):
            terms = lexicon.phrases.get(tuple(stems[i : i + size])) if i + size <= len(words) else None
            if terms:
                phrase = " ".join(words[i : i + size])
                english = tuple(tokenizer.words(phrase))
                alternatives = tuple((term,) for term in terms) + ((english,) if english else ())
                query.units.append(Unit(phrase, alternatives))
                query.search_tokens += list(terms)
                text = _remove(text, phrase)
                i += size
                break
        else:
            i += 1
    return text


def _pinyin_to_chinese(text: str, lexicon: Lexicon, query: Query) -> str:
    """Latin words that spell a Chinese term of the index in pinyin ("kaiyuan" -> 开源) become that term."""
    words = _LATIN_WORDS.findall(text)
    i = 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            key = "".join(words[i : i + size])
            english = size == 1 and stem(key) in lexicon.english
            terms = lexicon.pinyin.get(key) if len(key) >= 4 and not english else None
            if terms:
                anchor = terms[0] in lexicon.entities  # "Haiqing": the company 海擎智能
                query.units.append(Unit(terms[0], tuple((term,) for term in terms), anchor=anchor))
                query.search_tokens += list(terms)
                text = _remove(text, " ".join(words[i : i + size]))
                i += size
                break
        else:
            i += 1
    return text
