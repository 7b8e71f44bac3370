"""An immutable in-memory view of the store with its search structures, swapped whole on reload."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from knowledge.answer.bilingual import reverse_index
from knowledge.answer.people import NamedPerson, PeopleMatcher
from knowledge.answer.query import Lexicon
from knowledge.answer.search import FactIndex
from knowledge.facts import ArticleView, FactView, Kind, PersonView
from knowledge.lexicon.dictionary import Dictionary, default_dictionary
from knowledge.lexicon.glossary import Glossary
from knowledge.text.forms import normalise, to_traditional
from knowledge.text.pinyin import spellings
from knowledge.text.tokenize import Tokenizer

_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2,8}")
MIN_SIBLING_CHARS = 3


def _brand(org: str, dictionary: Dictionary | None) -> str:
    """What an organisation is called by in pinyin: 海擎 of 海擎智能 ("Haiqing Intelligence"), a
    name no dictionary holds before a word it does; else the whole name."""
    if dictionary is None:
        return org
    for cut in range(2, len(org) - 1):
        head, tail = org[:cut], org[cut:]
        if tail in dictionary and head not in dictionary:
            return head
    return org


class Snapshot:
    """Facts, articles and people with the index over them; never mutated after construction."""

    def __init__(
        self,
        *,
        facts: Sequence[FactView],
        articles: Iterable[ArticleView],
        people: Iterable[PersonView],
        glossary: Glossary,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self.facts = list(facts)
        self.articles = {article.id: article for article in articles}
        self.people = {person.id: person for person in people}
        self.glossary = glossary
        self.by_id = {fact.id: i for i, fact in enumerate(self.facts)}
        self.by_person: dict[str, list[int]] = defaultdict(list)
        self.by_region: dict[str, list[int]] = defaultdict(list)
        self.by_article: dict[str, list[int]] = defaultdict(list)
        for i, fact in enumerate(self.facts):
            for person in fact.people:
                self.by_person[person].append(i)
            for region in fact.regions:
                self.by_region[region].append(i)
            self.by_article[fact.article_id].append(i)
        # Most facts first: what the bot offers when it cannot answer.
        self.most_cited_people = [
            self.people[person].name
            for person in sorted(self.by_person, key=lambda p: -len(self.by_person[p]))
            if person in self.people
        ]
        self.most_cited_regions = sorted(self.by_region, key=lambda r: -len(self.by_region[r]))
        self.has_people = np.array([bool(fact.people) for fact in self.facts], dtype=bool)
        self.has_regions = np.array([bool(fact.regions) for fact in self.facts], dtype=bool)
        # By default a tokenizer of its own, with this table's words only: a rebuild never changes
        # the cuts of the snapshot answering meanwhile. jieba's dictionary is shared (jieba_trie).
        self.tokenizer = tokenizer or Tokenizer()
        self.tokenizer.add_words(self._dictionary_words())
        self.matcher = PeopleMatcher(
            (NamedPerson(p.id, p.name, p.name_en, p.aliases) for p in self.people.values()),
            reserved_latin=[
                *(spelling for spelling in glossary.region_names if spelling.isascii()),
                *glossary.places.latin,
            ],
        )
        self.titles = self._titles()
        self.search_texts = [self._search_text(fact) for fact in self.facts]
        self.index = FactIndex([self.tokenizer.tokens(text) for text in self.search_texts])
        self.lexicon = self._lexicon()
        self._by_head: dict[tuple[int, str], tuple[str, ...]] | None = None
        self._kinds: dict[str, npt.NDArray[np.bool_]] = {}
        self._in_units: dict[frozenset[str], npt.NDArray[np.bool_]] = {}

    def _lexicon(self) -> Lexicon:
        entities = {org for fact in self.facts for org in fact.orgs}
        entities |= {str(f.details["document"]) for f in self.facts if f.details.get("document")}
        entities = {normalise(entity) for entity in entities}
        by_pinyin: dict[str, list[str]] = defaultdict(list)
        english: set[str] = set()
        for term in self.index.vocabulary():
            if _CJK_WORD.fullmatch(term):
                for spelling in spellings(term):
                    by_pinyin["".join(spelling)].append(term)
            elif term.isascii():
                english.add(term)
        dictionary = default_dictionary()
        for org in {normalise(org) for fact in self.facts for org in fact.orgs}:
            for spelling in spellings(_brand(org, dictionary)):
                by_pinyin["".join(spelling)].append(org)
        for terms in by_pinyin.values():
            terms.sort(key=lambda term: -self.index.df(term))
        reverse = reverse_index(self.index.vocabulary(), dictionary, self.index.df)
        return Lexicon(
            names={person.id: normalise(person.name) for person in self.people.values()},
            entities=frozenset(entities),
            pinyin=dict(by_pinyin),
            english=frozenset(english),
            chinese=reverse.words,
            phrases=reverse.phrases,
            is_english=dictionary.is_english_word if dictionary is not None else lambda word: False,
        )

    def _dictionary_words(self) -> set[str]:
        words = {person.name for person in self.people.values()}
        words.update(alias for person in self.people.values() for alias in person.aliases)
        words.update(self.glossary.region_names.values())  # the gazetteer's places: those facts are about
        words.update(term for terms in self.glossary.terms.values() for term in terms)
        for fact in self.facts:  # facts repeat their organisations and keywords: normalise each once
            words.update(fact.orgs, fact.keywords, fact.regions)
            if fact.details.get("document"):
                words.add(str(fact.details["document"]))
        return {normalise(word) for word in words}

    def _search_text(self, fact: FactView) -> str:
        """Everything a question may match a fact on, normalised: summaries, quote, names, terms."""
        parts: list[str] = [fact.summary_zh, fact.quote, fact.summary_en, *fact.keywords, *fact.orgs]
        for person_id in fact.people:
            person = self.people.get(person_id)
            if person is not None:  # "the Taiwanese researcher": a fact is also found by who said it
                parts += [person.name, person.name_en, *person.aliases, *self.titles.get(person_id, ())]
        for region in fact.regions:
            parts += [region, self.glossary.region_en.get(region, "")]
        for topic in fact.topics:
            parts += list(self.glossary.topic_labels.get(topic, ()))
        parts += [str(value) for value in fact.details.values()]
        if fact.details.get("unit") in ("%", "％"):
            parts.append("比例")  # a percentage is a ratio, whether or not the sentence says 比例
        article = self.articles.get(fact.article_id)
        if article is not None:  # the article's title and year are the context of every fact in it
            parts += [article.title, (article.published or "")[:4]]
        return normalise(" ".join(parts))

    def of_kind(self, kind: str) -> npt.NDArray[np.bool_]:
        """Which facts are of a kind (a proposal, a figure …)."""
        found = self._kinds.get(kind)
        if found is None:
            found = self._kinds[kind] = np.array([fact.kind == kind for fact in self.facts], dtype=bool)
        return found

    def in_units(self, units: frozenset[str]) -> npt.NDArray[np.bool_]:
        """Which facts are figures in one of `units` (measure words: 家, 条 …)."""
        found = self._in_units.get(units)
        if found is None:
            found = self._in_units[units] = np.array(
                [fact.kind == Kind.FIGURE and fact.details.get("unit") in units for fact in self.facts],
                dtype=bool,
            )
        return found

    def _titles(self) -> dict[str, list[str]]:
        """Each person's titles, in Chinese and English, from their role facts."""
        titles: dict[str, list[str]] = defaultdict(list)
        for fact in self.facts:
            if fact.kind == Kind.ROLE and len(fact.people) == 1:
                for key in ("title_zh", "title_en"):
                    title = fact.details.get(key)
                    if title and title not in titles[fact.people[0]]:
                        titles[fact.people[0]].append(str(title))
        return titles

    def siblings(self, word: str) -> tuple[str, ...]:
        """Words of the facts of the same length and head that neither holds the other: 训力券 and
        算力券 are two kinds of voucher. Only for words of three or more Chinese characters."""
        if len(word) < MIN_SIBLING_CHARS or not _CJK_WORD.fullmatch(word):
            return ()
        if self._by_head is None:
            by_head: dict[tuple[int, str], list[str]] = defaultdict(list)
            for term in self.index.vocabulary():
                if len(term) >= MIN_SIBLING_CHARS and _CJK_WORD.fullmatch(term):
                    by_head[(len(term), term[-1])].append(term)
            self._by_head = {key: tuple(terms) for key, terms in by_head.items()}
        return tuple(t for t in self._by_head.get((len(word), word[-1]), ()) if t != word)

    def fact(self, fact_id: str) -> FactView | None:
        position = self.by_id.get(fact_id)
        return None if position is None else self.facts[position]

    def article_of(self, fact: FactView) -> ArticleView | None:
        return self.articles.get(fact.article_id)

    def find_article(self, prefix: str) -> ArticleView | None:
        """An article by id or unique id prefix (at least four characters), or by exact title."""
        prefix = prefix.strip().lower()
        if prefix in self.articles:
            return self.articles[prefix]
        matches = [a for a in self.articles.values() if len(prefix) >= 4 and a.id.startswith(prefix)]
        if len(matches) == 1:
            return matches[0]
        titled = [a for a in self.articles.values() if prefix and normalise(a.title) == normalise(prefix)]
        return titled[0] if len(titled) == 1 else None

    def display_name(self, person_id: str, script: str) -> str:
        person = self.people.get(person_id)
        if person is None:
            return person_id
        if script == "en":
            return f"{person.name_en} ({person.name})"
        return to_traditional(person.name) if script == "zh-Hant" else person.name
