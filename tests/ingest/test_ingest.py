"""Ingesting by URL, file, upload and inbox, end to end against a store (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from knowledge.ingest import parse as ingest_module
from knowledge.ingest.inbox import ingest_inbox
from knowledge.ingest.pipeline import ingest_bytes, ingest_paths_and_urls
from knowledge.ingest.results import IngestResult
from knowledge.service import Knowledge
from knowledge.store.models import Article, Fact, Person
from knowledge.text.forms import to_traditional
from tests.support.site import ARTICLE_PATH, FIXTURES, Site

TITLE = "合肥发放“算力券” 每年总额不超过5000万元"


@pytest.fixture
def knowledge(database_url: str, seeds_dir: Path) -> Iterator[Knowledge]:
    loaded = Knowledge.open(database_url, seeds_dir)
    yield loaded
    loaded.close()


@pytest.fixture
def sqlite_knowledge(tmp_path: Path, seeds_dir: Path) -> Iterator[Knowledge]:
    loaded = Knowledge.open(f"sqlite:///{tmp_path / 's.sqlite3'}", seeds_dir)
    yield loaded
    loaded.close()


def _article(knowledge: Knowledge, article_id: str) -> Article:
    found = knowledge.unit(lambda s: s.scalars(select(Article).where(Article.id == article_id)).one())
    assert isinstance(found, Article)
    return found


def _facts(knowledge: Knowledge, article_id: str) -> list[Fact]:
    return list(knowledge.unit(lambda s: list(s.scalars(select(Fact).where(Fact.article_id == article_id)))))


def _count(knowledge: Knowledge) -> int:
    return int(knowledge.unit(lambda s: s.scalar(select(func.count()).select_from(Article))) or 0)


def test_an_article_page_is_ingested_with_its_facts(knowledge: Knowledge, site: Site) -> None:
    seed_seq = knowledge.unit(
        lambda s: s.scalar(select(func.max(Article.seq)).where(Article.origin == "seed"))
    )
    url = site.url(ARTICLE_PATH) + "?utm_source=newsletter&spm=a1.b2#comments"
    [result] = ingest_paths_and_urls(knowledge, [url])
    assert result.status == "added", result.message
    assert result.title == TITLE and result.facts >= 10 and result.article_id

    article = _article(knowledge, result.article_id)
    assert article.title == TITLE
    assert article.published == "2024-06-18" and not article.date_estimated
    assert article.outlet == "皖江科技报" and article.authors == ["林晓舟"]
    assert article.origin == "url" and article.source_name == url
    assert article.canonical_url == site.url(ARTICLE_PATH).replace("http://", "https://")
    assert article.body.startswith("6月17日，合肥市数据资源局印发《合肥市算力券管理办法(2024—2026年)》")
    assert article.body.endswith("对大模型企业给予最高1000万元的研发奖励。")
    assert "相关阅读" not in article.body and "责任编辑" not in article.body and "首页" not in article.body
    assert seed_seq is not None and article.seq > seed_seq, "a new item for the digests"

    facts = _facts(knowledge, article.id)
    assert len(facts) == result.facts and {f.status for f in facts} == {"extracted"}
    assert all(f.quote in article.body for f in facts)
    roles = {(f.people[0], f.details["title_zh"]) for f in facts if f.kind == "role"}
    assert ("x-zhou-mingyuan", "合肥市数据资源局局长") in roles
    figures = {(f.details["value"], f.details["unit"]) for f in facts if f.kind == "figure"}
    assert ("5000万", "元") in figures and ("8000", "PFLOPS") in figures
    assert "合肥市算力券管理办法(2024—2026年)" in {f.details.get("document") for f in facts}
    person = knowledge.unit(lambda s: s.get(Person, "x-zhou-mingyuan"))
    assert person is not None and (person.name, person.name_en) == ("周明远", "Zhou Mingyuan")

    # the snapshot was rebuilt: the bot answers from the new article
    asked = knowledge.ask("合肥每年发放的算力券总额是多少？")
    assert asked.answer.answered
    assert asked.answer.facts[0].article_id == article.id
    assert "5000万元" in asked.answer.facts[0].quote
    who = knowledge.ask("周明远是谁？")
    assert who.answer.answered and any(f.article_id == article.id for f in who.answer.facts)
    assert article.id in knowledge.snapshot.articles


def test_the_same_article_again_is_stored_once(knowledge: Knowledge, site: Site, tmp_path: Path) -> None:
    [first] = ingest_paths_and_urls(knowledge, [site.url(ARTICLE_PATH)])
    assert first.status == "added"
    before = _count(knowledge)

    # the same URL fetched again, with tracking parameters and a fragment
    [again] = ingest_paths_and_urls(knowledge, [site.url(ARTICLE_PATH) + "?utm_medium=feed#top"])
    assert (again.status, again.article_id, again.facts) == ("duplicate", first.article_id, 0)
    assert again.message.startswith(f"same text as article {first.article_id}")

    # the plain-text capture of the same article: different furniture, same text
    [text] = ingest_paths_and_urls(knowledge, [str(FIXTURES / "hefei_vouchers.txt")])
    assert (text.status, text.article_id) == ("duplicate", first.article_id)

    # a traditional-script copy, served as text
    traditional = to_traditional((FIXTURES / "hefei_vouchers.txt").read_text(encoding="utf-8"))
    assert traditional != (FIXTURES / "hefei_vouchers.txt").read_text(encoding="utf-8")
    site.page("/tw/hefei.txt", traditional.encode("utf-8"), "text/plain; charset=utf-8")
    [copy] = ingest_paths_and_urls(knowledge, [site.url("/tw/hefei.txt")])
    assert (copy.status, copy.article_id) == ("duplicate", first.article_id)

    # and the same capture with an extra furniture line in the middle of nowhere
    noisy = tmp_path / "noisy.txt"
    noisy.write_text(
        "阅读 1234\n" + (FIXTURES / "hefei_vouchers.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    [third] = ingest_paths_and_urls(knowledge, [str(noisy)])
    assert third.status == "duplicate"
    assert _count(knowledge) == before


def test_a_changed_article_at_the_same_url_is_updated(knowledge: Knowledge, site: Site) -> None:
    [first] = ingest_paths_and_urls(knowledge, [site.url(ARTICLE_PATH)])
    old_facts = {f.id for f in _facts(knowledge, first.article_id or "")}
    seq = _article(knowledge, first.article_id or "").seq

    html = (FIXTURES / "hefei_vouchers.html").read_text(encoding="utf-8").replace("{base}", site.base)
    changed = html.replace("提出12项具体措施", "提出15项具体措施").replace(
        "</article>", "<p>合肥市数据资源局表示，第二批算力券将于今年10月发放，总额为2000万元。</p></article>"
    )
    site.page(ARTICLE_PATH, changed.encode("utf-8"), "text/html; charset=utf-8")
    [update] = ingest_paths_and_urls(knowledge, [site.url(ARTICLE_PATH) + "?spm=x"])
    assert update.status == "updated", update.message
    assert update.article_id == first.article_id and "changed" in update.message

    article = _article(knowledge, first.article_id or "")
    assert "提出15项具体措施" in article.body and "第二批算力券" in article.body
    assert article.seq == seq, "an update keeps the article's place"
    facts = _facts(knowledge, article.id)
    figures = {(f.details["value"], f.details["unit"]) for f in facts if f.kind == "figure"}
    assert ("15", "项") in figures and ("12", "项") not in figures and ("2000万", "元") in figures
    assert {f.id for f in facts} != old_facts
    assert all(f.quote in article.body for f in facts)
    assert _count(knowledge) == len(knowledge.snapshot.articles)
    assert any("15项" in f.quote for f in knowledge.snapshot.facts if f.article_id == article.id)


def test_bad_sources_fail_one_line_each_and_the_good_ones_go_in(
    sqlite_knowledge: Knowledge, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "FETCH_TIMEOUT", 0.3)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(4096))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    sources = [
        site.url("/missing.html"),
        site.url("/slow"),
        site.url("/big"),
        site.url("/logo.png"),
        str(noise),
        "file:///etc/passwd",
        "ftp://example.org/news.txt",
        site.url("/feeds/city.xml"),
        str(empty),
        str(tmp_path / "no-such-file.txt"),
        site.url(ARTICLE_PATH),
    ]
    results = ingest_paths_and_urls(sqlite_knowledge, sources)
    by_source = {r.source: r for r in results}
    assert len(results) == len(sources)
    good = by_source[site.url(ARTICLE_PATH)]
    assert good.status == "added" and good.facts > 0
    failed = [r for r in results if r is not good]
    assert all(r.status == "failed" and r.article_id is None for r in failed)
    assert all("\n" not in r.message and r.message for r in failed)
    expected = {
        site.url("/missing.html"): "HTTP 404 Not Found",
        site.url("/slow"): "timed out after 0.3 s",
        site.url("/big"): "response too large",
        site.url("/logo.png"): "content type image/png",
        str(noise): "noise.bin: ",
        "file:///etc/passwd": "only http and https URLs can be fetched (got file:)",
        "ftp://example.org/news.txt": "only http and https URLs can be fetched (got ftp:)",
        site.url("/feeds/city.xml"): "RSS/Atom feed, not an article",
        str(empty): "empty file",
        str(tmp_path / "no-such-file.txt"): "no such file",
    }
    for source, fragment in expected.items():
        assert fragment in by_source[source].message, (source, by_source[source].message)
    assert site.big_done.wait(10) and site.big_sent < 25_000_000
    assert good.article_id in sqlite_knowledge.snapshot.articles


def test_an_upload_is_ingested_from_bytes(sqlite_knowledge: Knowledge) -> None:
    data = (FIXTURES / "hefei_vouchers.html").read_bytes()
    result = ingest_bytes(sqlite_knowledge, data, name="upload.html")
    assert result.status == "added" and result.title == TITLE
    assert _article(sqlite_knowledge, result.article_id or "").origin == "file"
    assert ingest_bytes(sqlite_knowledge, data, name="again.html").status == "duplicate"
    broken = ingest_bytes(sqlite_knowledge, b"\x00\x01\x02" * 100, name="broken.txt")
    assert broken == IngestResult("broken.txt", "failed", None, None, 0, broken.message)
    assert broken.message.startswith("broken.txt: binary file")


def test_a_rebuild_leaves_the_snapshot_in_use_as_it_was(sqlite_knowledge: Knowledge) -> None:
    """Questions answered meanwhile cut as before: each snapshot has a tokenizer of its own."""
    before = sqlite_knowledge.snapshot
    cuts = {name: before.tokenizer.tokens(name) for name in ("许嘉宁", "周明远")}
    ingest_bytes(sqlite_knowledge, (FIXTURES / "hefei_vouchers.html").read_bytes(), name="upload.html")
    after = sqlite_knowledge.snapshot
    assert {"许嘉宁", "周明远"} <= {person.name for person in after.people.values()}
    assert {name: before.tokenizer.tokens(name) for name in cuts} == cuts
    assert all(name in after.tokenizer.tokens(name) for name in cuts)
    assert "许嘉宁" not in cuts["许嘉宁"]


def test_the_seed_articles_are_duplicates(sqlite_knowledge: Knowledge, seeds_dir: Path) -> None:
    results = ingest_paths_and_urls(sqlite_knowledge, [str(seeds_dir / "articles")])
    assert len(results) == 5
    assert {r.status for r in results} == {"duplicate"}


def test_the_inbox_moves_files_to_done_and_failed(sqlite_knowledge: Knowledge, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "hefei.txt").write_bytes((FIXTURES / "hefei_vouchers.txt").read_bytes())
    (inbox / "garbage.txt").write_bytes(os.urandom(2048))
    (inbox / ".partial").write_text("ignored", encoding="utf-8")
    results = ingest_inbox(sqlite_knowledge, inbox)
    by_name = {r.source: r for r in results}
    assert set(by_name) == {"hefei.txt", "garbage.txt"}
    assert by_name["hefei.txt"].status == "added" and by_name["hefei.txt"].facts > 0
    assert by_name["garbage.txt"].status == "failed"
    assert (inbox / "done" / "hefei.txt").is_file() and not (inbox / "hefei.txt").exists()
    assert (inbox / "failed" / "garbage.txt").is_file() and not (inbox / "garbage.txt").exists()
    error = (inbox / "failed" / "garbage.txt.error.txt").read_text(encoding="utf-8")
    assert error.strip() == by_name["garbage.txt"].message and "garbage.txt" in error
    assert (inbox / ".partial").exists()
    article = _article(sqlite_knowledge, by_name["hefei.txt"].article_id or "")
    assert article.origin == "file" and article.source_name == "hefei.txt"
    assert article.id in sqlite_knowledge.snapshot.articles

    # the same file dropped again is a duplicate and goes to done/ under a new name
    (inbox / "hefei.txt").write_bytes((FIXTURES / "hefei_vouchers.txt").read_bytes())
    [again] = ingest_inbox(sqlite_knowledge, inbox)
    assert again.status == "duplicate"
    assert len(list((inbox / "done").iterdir())) == 2
    assert ingest_inbox(sqlite_knowledge, inbox) == []
