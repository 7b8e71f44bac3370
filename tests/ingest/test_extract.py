"""Automatic fact extraction on the test article, and URL canonicalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.extract.names import person_id_for, pinyin_name
from knowledge.extract.pipeline import extract_facts
from knowledge.extract.sentences import split_sentences
from knowledge.facts import ArticleRecord, FactRecord, PersonRecord
from knowledge.lexicon.glossary import Glossary, load_glossary
from knowledge.sources.capture import parse_article_text
from knowledge.sources.decode import decode_article_bytes
from knowledge.sources.seeds import article_record
from knowledge.sources.urls import canonical_url
from knowledge.text.forms import to_traditional
from tests.support.site import FIXTURES


@pytest.fixture(scope="module")
def glossary(seeds_dir: Path) -> Glossary:
    return load_glossary(seeds_dir / "glossary.yaml")


@pytest.fixture(scope="module")
def article() -> ArticleRecord:
    data = (FIXTURES / "hefei_vouchers.txt").read_bytes()
    parsed = parse_article_text(decode_article_bytes(data, source="t"), source="t")
    return article_record(parsed, article_id=None, origin="file", source_name="hefei_vouchers.txt")


def _by_kind(facts: list[FactRecord], kind: str) -> list[FactRecord]:
    return [fact for fact in facts if fact.kind == kind]


def test_people_figures_and_documents_are_found(article: ArticleRecord, glossary: Glossary) -> None:
    facts, people = extract_facts(article, people={}, glossary=glossary)
    names = {person.name: person for person in people}
    assert names["周明远"].id == "x-zhou-mingyuan" and names["周明远"].name_en == "Zhou Mingyuan"
    assert names["许嘉宁"].id == "x-xu-jianing"

    roles = {(f.people[0], f.details["title_zh"]) for f in _by_kind(facts, "role")}
    assert roles == {
        ("x-zhou-mingyuan", "合肥市数据资源局局长"),
        ("x-xu-jianing", "中国科学技术大学人工智能研究院院长"),
    }
    figures = {(f.details["value"], f.details["unit"]) for f in _by_kind(facts, "figure")}
    assert {
        ("5000万", "元"),
        ("12", "项"),
        ("200万", "元"),
        ("30", "%"),
        ("8000", "PFLOPS"),
        ("3", "个"),
    } <= figures
    assert not any(value.startswith(("2024", "2025", "2023")) for value, _ in figures), "years are no figures"
    voucher = next(f for f in _by_kind(facts, "figure") if f.details["value"] == "5000万")
    assert voucher.details["period"] == "每年"
    assert "5000万元" in voucher.summary_zh and "50 million yuan" in voucher.summary_en

    documents: dict[str, FactRecord] = {}
    for fact in _by_kind(facts, "policy"):
        documents.setdefault(fact.details["document"], fact)  # the first mention, where it is issued
    measures = documents["合肥市算力券管理办法(2024—2026年)"]
    assert measures.details["issuer"] == "合肥市数据资源局"
    assert measures.details["date"] == "2024-06-17"
    assert measures.regions == ["合肥"]
    older = documents["合肥市促进人工智能产业发展若干政策"]
    assert (older.details["issuer"], older.details["date"]) == ("合肥", "2023")
    # 《办法》 later in the text is the same document, resolved through "(下称《办法》)"
    assert "办法" not in documents

    proposal = _by_kind(facts, "proposal")
    assert [f.people for f in proposal] == [["x-xu-jianing"]]  # 她建议 resolved to the last person
    assert proposal[0].summary_zh.startswith(
        "许嘉宁（中国科学技术大学人工智能研究院院长）建议：在发放算力券的同时"
    )


def test_every_fact_quotes_the_body_and_has_the_table_shape(
    article: ArticleRecord, glossary: Glossary
) -> None:
    facts, _ = extract_facts(article, people={}, glossary=glossary)
    assert len(facts) >= 10
    for fact in facts:
        assert fact.quote in article.body
        assert fact.status == "extracted"
        assert fact.kind in {"role", "proposal", "statement", "figure", "policy", "event"}
        assert fact.topics, fact.id
        assert fact.summary_zh and fact.summary_en.startswith("Extracted from 皖江科技报")
        assert fact.id.startswith(f"x-{article.id[:8]}-{fact.kind}-") and len(fact.id.rsplit("-", 1)[1]) == 8
    assert len({fact.id for fact in facts}) == len(facts)
    again, _ = extract_facts(article, people={}, glossary=glossary)
    assert [fact.id for fact in again] == [fact.id for fact in facts], "ids are stable"


def test_compute_topic_comes_from_the_glossary_cues(article: ArticleRecord, glossary: Glossary) -> None:
    facts, _ = extract_facts(article, people={}, glossary=glossary)
    voucher = next(f for f in facts if f.kind == "figure" and f.details["value"] == "5000万")
    assert "compute" in voucher.topics


def test_a_traditional_copy_gives_the_same_facts_quoting_its_own_text(
    article: ArticleRecord, glossary: Glossary
) -> None:
    body = to_traditional(article.body)
    traditional = ArticleRecord(**{**article.__dict__, "body": body})
    facts, people = extract_facts(traditional, people={}, glossary=glossary)
    assert {p.name for p in people} == {"周明远", "许嘉宁"}  # names in simplified characters
    roles = {f.details["title_zh"] for f in facts if f.kind == "role"}
    assert "合肥市数据资源局局长" in roles
    assert all(fact.quote in body for fact in facts)
    assert any("數據資源局" in fact.quote for fact in facts)


def test_known_people_are_reused_and_curated_sentences_skipped(
    article: ArticleRecord, glossary: Glossary
) -> None:
    known = {"zhou-mingyuan": PersonRecord("zhou-mingyuan", "周明远", "Zhou Mingyuan", [])}
    curated = next(s for s in split_sentences(article.body) if "周明远介绍" in s)
    facts, people = extract_facts(article, people=known, glossary=glossary, skip_quotes=[curated])
    assert "zhou-mingyuan" in {p for f in facts for p in f.people}
    assert all(p.id != "x-zhou-mingyuan" for p in people)
    assert not any(curated in fact.quote or fact.quote in curated for fact in facts)
    assert not any(f.kind == "figure" and f.details["value"] == "8000" for f in facts)


def test_pinyin_names_and_ids() -> None:
    assert pinyin_name("王延峰") == "Wang Yanfeng"
    assert pinyin_name("欧阳明高") == "Ouyang Minggao"
    assert pinyin_name("曾毅") == "Zeng Yi"
    other = {"x-wang-yanfeng": PersonRecord("x-wang-yanfeng", "王燕峰", "Wang Yanfeng", [])}
    assert person_id_for("王延峰", other) == "x-wang-yanfeng-2"
    assert person_id_for("王燕峰", other) == "x-wang-yanfeng"


def test_sentences_keep_quotes_with_their_speaker() -> None:
    body = "“大模型很重要。人工智能也很重要。”王某说。另一句话在这里。“第一句。” 为此，他建议加快发展。"
    assert split_sentences(body) == [
        "“大模型很重要。人工智能也很重要。”王某说。",
        "另一句话在这里。",
        "“第一句。”",
        "为此，他建议加快发展。",
    ]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://WWW.Example.COM:80/a/b/?utm_source=x&b=2&a=1#top", "https://example.com/a/b?a=1&b=2"),
        ("https://example.com/a?spm=1.2.3&id=7", "https://example.com/a?id=7"),
        (
            "http://baijiahao.baidu.com/s?id=1800065560409438485&wfr=spider&for=pc",
            "https://baijiahao.baidu.com/s?id=1800065560409438485",
        ),
        ("https://news.example.org/item?for=pc&id=1", "https://news.example.org/item?for=pc&id=1"),
        ("https://example.com:8443/x/", "https://example.com:8443/x"),
        ("ftp://example.com/a", None),
        ("not a url", None),
    ],
)
def test_canonical_urls(url: str, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


def test_a_second_article_in_another_style(glossary: Glossary) -> None:
    data = (FIXTURES / "shenzhen_robots.txt").read_bytes()
    parsed = parse_article_text(decode_article_bytes(data, source="s"), source="s")
    record = article_record(parsed, article_id=None, origin="file", source_name="shenzhen_robots.txt")
    facts, people = extract_facts(record, people={}, glossary=glossary)
    assert {p.name for p in people} == {"林国强", "周剑", "张亚勤"}
    speakers = {f.details["speaker"] for f in facts if f.kind == "statement"}
    assert {"林国强", "周剑", "张亚勤"} <= speakers  # 在发布会上表示 / 近日在一场论坛上指出
    figures = {(f.details["value"], f.details["unit"]) for f in facts if f.kind == "figure"}
    assert {
        ("1000亿", "元"),
        ("3000万", "元"),
        ("30", "%"),
        ("500", "台"),
        ("千亿", "元"),
        ("20", "条"),
    } <= figures
    assert not any(value in ("一", "三季") for value, _ in figures)  # 一个值得关注, 三季度
    robots = next(f for f in facts if f.kind == "figure" and f.details["value"] == "500")
    assert robots.people == ["x-zhou-jian"] and "500 units or more" in robots.summary_en
    [plan] = [f for f in facts if f.kind == "policy"]
    assert plan.details["issuer"] == "深圳市工业和信息化局" and plan.regions == ["深圳"]
