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

import re
from collections.abc import Collection, Mapping

from knowledge.extract.documents import _document_mentions, _policies
from knowledge.extract.events import _events
from knowledge.extract.figures import _figures
from knowledge.extract.sentences import _HAN, _sentences
from knowledge.extract.speakers import _mentions, _roles, _said
from knowledge.extract.state import _State
from knowledge.facts import ArticleRecord, FactRecord, PersonRecord
from knowledge.lexicon.glossary import Glossary
from knowledge.text.forms import to_simplified

# ---------------------------------------------------------------------------
# Entry point


# Lines that hold no fact: a heading (no punctuation inside or at the end), a "…全文如下:" line.
_HEADING_RE = re.compile(r"^[^。！？!?，,；;：:]{1,50}$")
_LEAD_IN_RE = re.compile(r"(?:全文如下|如下)\s*[:：]?$")


def _no_facts(text: str) -> bool:
    return _HEADING_RE.match(text.strip()) is not None or _LEAD_IN_RE.search(text) is not None


def _overlaps(sentence: str, quotes: Collection[str]) -> bool:
    return any(sentence in quote or quote in sentence for quote in quotes if quote)


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
        skipped = _overlaps(sentence.text, skip) or _no_facts(sentence.text)
        if not skipped:
            _roles(state, sentence, mentions)
            documents = _policies(state, sentence, mentions)
            _figures(state, sentence, mentions, documents)
            _said(state, sentence, mentions)
            _events(state, sentence, mentions, documents)
        else:
            _document_mentions(state, sentence.simple)  # learn aliases defined in curated sentences
            titles = re.findall(r"《([^《》]{2,80})》", sentence.simple)
            if _LEAD_IN_RE.search(sentence.text) and len(set(titles)) == 1:
                state.full_text_of = titles[0]
        if mentions:
            state.last_person = mentions[-1].person
            for mention in mentions:
                mention.person.title = state.titles.get(mention.person.id)
    facts = [fact for fact in state.facts.values() if fact.quote in article.body]
    used = {person_id for fact in facts for person_id in fact.people}
    new_people = [record for person_id, record in state.new_people.items() if person_id in used]
    return facts, new_people
