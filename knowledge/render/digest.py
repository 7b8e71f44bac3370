"""What a chat's next digest contains, and how it reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.answer.lookups import key_facts
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import ArticleView, FactView, Status
from knowledge.render.answers import Format, Renderer, source_line

OTHER_REGION = "全国/其他"


@dataclass
class DigestItem:
    article: ArticleView
    facts: list[FactView]


@dataclass
class Digest:
    items: list[DigestItem] = field(default_factory=list)
    to_seq: int = 0  # every article up to here has been considered (filtered-out ones too)

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def article_ids(self) -> list[str]:
        return [item.article.id for item in self.items]


def build_digest(snapshot: Snapshot, *, after_seq: int, topics: Iterable[str] = (), limit: int = 6) -> Digest:
    """Articles ingested after `after_seq` with their key facts, keeping only `topics` when given."""
    wanted = set(topics)
    new = sorted((a for a in snapshot.articles.values() if a.seq > after_seq), key=lambda a: a.seq)
    digest = Digest(to_seq=max((a.seq for a in new), default=after_seq))
    for article in new:
        facts = key_facts(snapshot, article.id, limit=50)
        if wanted:
            facts = [fact for fact in facts if wanted & set(fact.topics)]
            if not facts:
                continue
        digest.items.append(DigestItem(article, facts[:limit]))
    return digest


def render_digest(
    digest: Digest, snapshot: Snapshot, fmt: Format = "html", topics: Iterable[str] = ()
) -> str:
    """One message: per article its title, outlet and date, then its key facts grouped by region."""
    r = Renderer(fmt)
    labels = [snapshot.glossary.topic_labels.get(t, (t, t)) for t in topics]
    topic_note = f" · {', '.join(f'{zh}/{en}' for zh, en in labels)}" if labels else ""
    count = len(digest.items)
    lines = [
        r.bold(f"📰 政策动态 · Policy digest: {count} new article{'s' if count != 1 else ''}{topic_note}")
    ]
    for item in digest.items:
        lines += ["", r.bold(item.article.title), r.esc(source_line(item.article, "zh", title=False))]
        by_region: dict[str, list[FactView]] = {}
        for fact in item.facts:
            by_region.setdefault(fact.regions[0] if fact.regions else OTHER_REGION, []).append(fact)
        for region, facts in by_region.items():
            english = snapshot.glossary.region_en.get(region)
            lines.append(r.italic(f"{region}{f' / {english}' if english else ''}"))
            for fact in facts:
                marker = " (auto)" if fact.status == Status.EXTRACTED else ""
                lines.append(r.esc(f"• {fact.summary_zh}{marker}"))
                lines.append(r.esc(f"  {fact.summary_en}"))
    return "\n".join(lines)
