"""The ways Chinese news reports a proposal, each read as one by its speaker (sentences of our own)."""

from __future__ import annotations

import pytest

from knowledge.extract.pipeline import extract_facts
from knowledge.facts import Kind
from knowledge.lexicon.glossary import Glossary
from tests.support.facts import glossary as seed_glossary
from tests.support.facts import record


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return seed_glossary()


def _proposals(glossary: Glossary, body: str) -> list[tuple[tuple[str, ...], str]]:
    facts, _ = extract_facts(record(body), people={}, glossary=glossary)
    return [(tuple(f.people), f.quote) for f in facts if f.kind == Kind.PROPOSAL]


@pytest.mark.parametrize(
    ("body", "gists"),
    [
        ("今年两会，全国人大代表罗文彬带来了关于加快建设全国一体化算力网的建议。", ["一体化算力网"]),
        ("全国政协委员宋嘉禾提交了《关于支持人工智能赋能制造业的提案》，建议设立专项基金。", ["专项基金"]),
        ("全国政协委员宋嘉禾的提案提出，设立100亿元人工智能产业基金。", ["产业基金"]),
        ("在全国人大代表吴明轩看来，应当对中小企业使用算力给予专项补贴。", ["专项补贴"]),
        ("全国人大代表许国平的建议是，每年安排不少于10亿元支持开源大模型。", ["开源大模型"]),
        ("全国人大代表罗文彬：我们建议，扩大算力券发放范围。", ["发放范围"]),
        ("全国人大代表周立强（中国移动某分公司总经理）建议，推动算力网络建设。", ["算力网络"]),
        ("全国人大代表方志远关注算力。方代表建议，设立国家级算力调度平台。", ["调度平台"]),
        ("全国政协委员何静怡关注伦理。该委员提出，应加快建立人工智能伦理审查制度。", ["伦理审查"]),
        (
            "全国人大代表罗文彬建议扩大算力券发放范围。罗文彬的另一项建议是设立算力基金。",
            ["发放范围", "算力基金"],
        ),
        (
            "全国人大代表罗文彬提出两点建议。第一，设立国家算力基金。第二，加快建设全国一体化算力网。",
            ["算力基金", "一体化"],
        ),
        (
            "全国人大代表罗文彬建议，设立国家算力基金。同时，要加快建设全国一体化算力网。",
            ["算力基金", "一体化"],
        ),
        ("学者严可馨（复旦大学经济学院教授）关注数据。严可馨主张，公共数据按用途分级开放。", ["分级开放"]),
        ("全国政协委员 宋嘉禾：建议把算力纳入新型基础设施统计。", ["基础设施统计"]),
        (
            "全国人大代表许国平关注农业。许国平的建议有两条：一是建设农业数据平台；二是补贴智能农机。",
            ["农业数据平台"],
        ),
        ("全国人大代表许国平谈到教育。许国平代表表示，希望中小学开设人工智能课程。", ["人工智能课程"]),
        ("全国政协委员何静怡关注伦理。何静怡直言，生成式人工智能服务要建立未成年人模式。", ["未成年人模式"]),
        ("在全国人大代表吴明轩看来，地方政府应当统一算力券的申领标准。", ["申领标准"]),
        ("全国政协委员何静怡关注伦理。对此，何委员建议，设立伦理审查委员会。", ["伦理审查"]),
    ],
)
def test_a_proposal_is_read_in_each_form(glossary: Glossary, body: str, gists: list[str]) -> None:
    found = _proposals(glossary, body)
    assert found and all(people for people, _ in found), found
    for gist in gists:
        assert any(gist in quote for _, quote in found), (gist, found)


@pytest.mark.parametrize(
    "body",
    [
        "全国人大代表罗文彬表示，当前一些地方智算中心利用率偏低，算力券难以跨区域使用。",
        # a modal after the first clause is no proposal
        "全国人大代表罗文彬认为，农业是最大的应用场景，大模型要在田间地头落地。",
        "全国人大代表罗文彬指出，相关企业的供应能力仍然不足。",
    ],
)
def test_a_problem_stated_is_no_proposal(glossary: Glossary, body: str) -> None:
    assert _proposals(glossary, body) == []


def test_a_sentence_ending_in_a_title_is_read_without_error(glossary: Glossary) -> None:
    facts, _ = extract_facts(
        record("记者对话委员\n全国人大代表罗文彬建议，设立算力基金。"),
        people={},
        glossary=glossary,
    )
    assert any(f.kind == Kind.PROPOSAL for f in facts)


def test_an_interviews_answer_is_its_speakers_to_the_end_of_the_paragraph(glossary: Glossary) -> None:
    body = (
        "省政协委员、某科技有限公司董事长钟明远接受了采访。\n"
        "钟明远：我建议省里推出“创新算力券”。企业使用省内算力可按合同金额的40%抵扣。\n"
        "记者：还有什么建议？\n"
        "钟明远：所以要向制造业企业倾斜。\n"
        "目前全省共有智算中心12个。"
    )
    found = _proposals(glossary, body)
    assert len(found) == 3 and all(people == ("x-zhong-mingyuan",) for people, _ in found), found
    assert any("40%抵扣" in quote for _, quote in found) and any("倾斜" in quote for _, quote in found)
    assert not any("智算中心12个" in quote for _, quote in found)  # another paragraph: the article's own
