"""What the composed answers share: the question re-read without its type cues, near-duplicates
removed, dates of facts and groups newest first, and whether a fact's own words fit the question."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from knowledge.answer.qa import Answer, Group, prepare, suggest
from knowledge.answer.query import ADMIN_AFFIXES, Query, Unit
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import FactView, Kind
from knowledge.text.forms import normalise
from knowledge.text.stopwords import stopwords

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def requery(snapshot: Snapshot, query: Query, text: str) -> Query:
    """The question without its type cues, understood again (its script is the question's), with
    each word read whole: "数据券" is not "数据", and a rare "产业政策" may be matched as 产业 + 政策."""
    sub = prepare(snapshot, text)
    sub.script = query.script
    sub.text = query.text
    whole_words(sub, snapshot)
    return sub


RARE = 3  # a word in at most this many facts may also be matched by the known words it is made of
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def whole_words(query: Query, snapshot: Snapshot) -> None:
    tokenizer, index = snapshot.tokenizer, snapshot.index
    stop = stopwords().zh
    suffixed: dict[str, str] = {}  # a word -> the word with the single character jieba cut off it
    for run in _CJK_RUN.findall(query.normalised):
        words = tokenizer.cut(run)
        if len(words) >= 2:  # only at the end of a run: "数据券", not the verb in "人工智能提了"
            word, after = words[-2], words[-1]
            if len(word) > 1 and len(after) == 1 and after not in stop and after not in ADMIN_AFFIXES:
                suffixed[word] = word + after
    for position, unit in enumerate(query.units):
        if unit.person or unit.region or unit.anchor or unit.cue or not _CJK_RUN.fullmatch(unit.label):
            continue
        label = suffixed.get(unit.label, unit.label)
        alternatives = unit.alternatives if label == unit.label else ((label,),)
        if not any(index.knows(t) for alt in alternatives for t in alt) and label != unit.label:
            query.units[position] = Unit(label, alternatives)
            continue
        if 0 < index.df(label) <= RARE:
            parts = tuple(t for t in tokenizer.tokens(label) if t != label and len(t) > 1 and index.knows(t))
            if parts and "".join(parts) == label:
                query.units[position] = Unit(label, (*alternatives, *_said_otherwise(parts, snapshot)))


MAX_PART_FORMS = 9


def _said_otherwise(parts: tuple[str, ...], snapshot: Snapshot) -> list[tuple[str, ...]]:
    """A compound's parts, and the same parts in the glossary's synonyms that facts hold:
    "年度上限" is also "每年" + "最高"."""
    forms: list[tuple[str, ...]] = [()]
    synonyms = snapshot.glossary.synonyms
    for part in parts:
        options = [part, *(s for s in synonyms.get(part, ()) if s != part and snapshot.index.knows(s))]
        forms = [(*form, option) for form in forms for option in options][:MAX_PART_FORMS]
    return forms


def as_asked(result: Answer, query: Query) -> Answer:
    result.question, result.lang = query.text, query.lang
    return result


def decline(snapshot: Snapshot, query: Query) -> Answer:
    return Answer(query.text, query.lang, False, mode="abstain", suggestions=suggest(snapshot, query))


def unknown_word(snapshot: Snapshot, unit: Unit) -> bool:
    """A word of the question that no fact holds in any form (two-character Chinese words aside:
    jieba leaves odd pairs such as "年居" that are no word at all)."""
    if unit.person or unit.region or unit.cue or (not unit.label.isascii() and len(unit.label) < 3):
        return False
    return not any(all(snapshot.index.knows(t) for t in alt) for alt in unit.alternatives)


def fact_date(snapshot: Snapshot, fact: FactView) -> str:
    """The fact's own date, else its article's ("" when neither is known)."""
    own = str(fact.details.get("date") or "")
    if re.match(r"\d{4}", own):
        return own
    article = snapshot.article_of(fact)
    return (article.published or "") if article else ""


def fact_year(snapshot: Snapshot, fact: FactView) -> str:
    return fact_date(snapshot, fact)[:4]


def newest_first(snapshot: Snapshot, groups: list[Group]) -> list[Group]:
    for group in groups:
        group.facts.sort(key=lambda fact: fact_date(snapshot, fact), reverse=True)
    return sorted(groups, key=lambda g: max(fact_date(snapshot, f) for f in g.facts), reverse=True)


@lru_cache(maxsize=65536)
def _bare(text: str) -> str:
    return _PUNCT.sub("", normalise(text))


@lru_cache(maxsize=65536)
def normalised(text: str) -> str:
    return normalise(text)


def _contains(big: FactView, small: FactView) -> bool:
    """Whether `big` already says what `small` says: its summary, or (same quote) its figure."""
    bare = _bare(small.summary_zh)
    if big is small or not bare:
        return False
    if bare in _bare(big.summary_zh):
        return True
    value = _bare(str(small.details.get("value") or ""))
    return (
        small.kind == "figure" and big.quote == small.quote and bool(value) and value in _bare(big.summary_zh)
    )


def distinct(facts: Iterable[FactView], *, figures: bool = False) -> list[FactView]:
    """Facts without near-duplicates: each said once, by the fact that says the most (of facts that
    say the same, the first), in the place of the first it says; with `figures` (a question asking
    for a number) a figure stays rather than give way to a sentence holding it."""
    kept: list[FactView] = []
    for fact in facts:
        if any(other.id == fact.id or _contains(other, fact) for other in kept):
            continue
        replaced = [i for i, kept_fact in enumerate(kept) if _contains(fact, kept_fact)]
        if figures and fact.kind != Kind.FIGURE and any(kept[i].kind == Kind.FIGURE for i in replaced):
            continue
        if replaced:
            kept[replaced[0]] = fact
            kept = [other for i, other in enumerate(kept) if i not in replaced[1:]]
        else:
            kept.append(fact)
    return kept


SUBJECT_SHARE = 0.5  # a word at least this share of the facts hold is the collection's subject


def own_words_fit(snapshot: Snapshot, query: Query, fact: FactView) -> bool:
    """Whether the fact's own summary and details, not just the quote it shares, say what is asked.

    The title of the fact's article counts as its own words when it names the fact's place (an
    article headed "武汉发放算力券" is about 武汉 issuing them); a word most facts hold ("人工智能"
    in a collection on AI policy) is the collection's subject and need not be repeated.
    """
    parts = [fact.summary_zh, fact.summary_en, *map(str, fact.details.values()), *fact.keywords]
    article = snapshot.article_of(fact)
    if article is not None and any(region in article.title for region in fact.regions):
        parts.append(article.title)
    text = normalised(" ".join(parts))
    tokens = set(snapshot.tokenizer.tokens(text))
    size = max(len(snapshot.facts), 1)
    units = query.predicate_units
    missed = sum(
        not any(all(t in tokens or (not t.isascii() and t in text) for t in alt) for alt in unit.alternatives)
        and not all(snapshot.index.df(t) >= SUBJECT_SHARE * size for alt in unit.alternatives for t in alt)
        for unit in units
    )
    return missed <= len(units) // 3  # one word in three may be the quote's alone ("出台")
