"""How English (and traditional-script) questions are read: plurals of glossary phrases, phrases said
word by word, another spelling of a name, what a count counts and what a proposal is."""

from __future__ import annotations

from knowledge.answer.compose import answer
from knowledge.answer.qa import prepare
from knowledge.answer.snapshot import Snapshot
from knowledge.facts import Kind, PersonView
from tests.support.facts import fact, glossary, snapshot


def _people_snapshot() -> Snapshot:
    facts = [
        fact("role", "全国政协委员林志成是某研究院研究员。", kind=Kind.ROLE, region=None, people=("lin",),
             details={"title_zh": "全国政协委员、某研究院研究员", "title_en": "CPPCC member"}),
        fact("plan", "林志成建议设立算力建设伦理审查委员会。", kind=Kind.PROPOSAL, region=None,
             people=("lin",)),
        fact("view", "林志成认为,算力成本仍然偏高。", kind=Kind.STATEMENT, region=None, people=("lin",)),
        fact("cap", "宁波算力券单个企业每年最高400万元。", details={"value": "400万", "unit": "元"},
             region="宁波"),
        fact("firms", "宁波已有120家企业申领算力券。", details={"value": "120", "unit": "家"}, region="宁波"),
    ]  # fmt: skip
    return snapshot(facts, "两会观察", "2026-03-06", people=[PersonView("lin", "林志成", "Lin Zhicheng")])


def test_a_plural_is_the_glossary_phrase_and_a_phrase_is_also_said_word_by_word() -> None:
    query = prepare(_people_snapshot(), "What are Ningbo's annual caps on compute vouchers?")
    phrases = {unit.label: unit.alternatives for unit in query.units}
    assert ("算力券",) in phrases["compute vouchers"]
    assert ("每年", "最高") in phrases["annual caps"]  # 每年 … 最高 in one sentence is an annual cap
    assert (
        answer(_people_snapshot(), "What are Ningbo's annual caps on compute vouchers?").fact_ids[0] == "cap"
    )


def test_another_spelling_of_a_name_in_brackets_names_nobody_else() -> None:
    found = answer(_people_snapshot(), "What does Lin Zhicheng (Lin Chih-cheng) propose?")
    assert found.answered and found.fact_ids[0] == "plan"


def test_a_proposal_is_what_a_proposal_asks_for_whatever_its_verb() -> None:
    found = answer(_people_snapshot(), "Which CPPCC members made proposals?")
    assert found.answered and "plan" in found.fact_ids


def test_a_count_is_answered_only_by_a_fact_on_what_it_counts() -> None:
    snap = _people_snapshot()
    assert answer(snap, "How many companies in Ningbo applied for compute vouchers?").fact_ids[0] == "firms"
    assert not answer(snap, "How many robots did Ningbo buy with compute vouchers?").answered
    assert not answer(snap, "宁波用算力券买了多少台机器人？").answered


def test_a_person_is_found_by_their_title() -> None:
    found = answer(_people_snapshot(), "What did the researcher propose?")
    assert found.answered and "plan" in found.fact_ids


def test_a_traditional_what_is_what() -> None:
    query = prepare(_people_snapshot(), "林志成建議甚麼？")
    assert "proposal" in query.intents
    assert answer(_people_snapshot(), "林志成建議甚麼？").fact_ids[0] == "plan"


def _two_cities() -> Snapshot:
    facts = [
        fact(
            "nb-model",
            "宁波模型券单个企业年度上限为100万元。",
            region="宁波",
            details={"value": "100万", "unit": "元"},
        ),
        fact(
            "nb-compute",
            "宁波算力券单个企业年度上限为400万元。",
            region="宁波",
            details={"value": "400万", "unit": "元"},
        ),
        fact(
            "hz-corpus",
            "杭州语料券单个企业年度上限为50万元。",
            region="杭州",
            details={"value": "50万", "unit": "元"},
        ),
        fact(
            "hz-compute",
            "杭州算力券单个企业年度上限为300万元。",
            region="杭州",
            details={"value": "300万", "unit": "元"},
        ),
    ]
    return snapshot(facts, "各地算力券政策", "2026-03-06")


def test_each_side_of_a_comparison_is_asked_of_its_own_words() -> None:
    found = answer(_two_cities(), "宁波模型券和杭州语料券的单个企业年度上限分别是多少？")
    assert [group.facts[0].id for group in found.groups] == ["nb-model", "hz-corpus"]
    both = answer(_two_cities(), "宁波和杭州算力券的单个企业年度上限分别是多少？")
    assert [group.facts[0].id for group in both.groups] == ["nb-compute", "hz-compute"]


def test_a_place_named_by_its_people_is_the_place() -> None:
    query = prepare(_two_cities(), "What cap did the Hangzhouese officials set on corpus vouchers?")
    assert "杭州" in query.regions
    assert answer(_two_cities(), "What cap do Yangzhouese companies get?").missing == ["扬州"]


def test_what_each_proposed_is_their_proposal_not_their_title() -> None:
    base = _people_snapshot()
    role = fact("role2", "全国人大代表、某集团董事长孙雅文今年关注算力建设。", kind=Kind.ROLE, region=None,
                people=("sun",), details={"title_zh": "全国人大代表、某集团董事长"})  # fmt: skip
    plan = fact("plan2", "孙雅文建议,加快算力建设。", kind=Kind.PROPOSAL, region=None, people=("sun",))
    people = [*base.people.values(), PersonView("sun", "孙雅文", "Sun Yawen")]
    snap = snapshot([*base.facts, role, plan], "两会观察", "2026-03-06", people=people)
    found = answer(snap, "林志成和孙雅文分别对算力建设提出了什么建议？")
    assert [group.facts[0].id for group in found.groups] == ["plan", "plan2"]


def test_a_yearly_amount_is_not_answered_by_what_one_company_got_once() -> None:
    got = fact(
        "got",
        "去年我们拿到了大连市发放的80万元模型券额度。",
        region="大连",
        details={"value": "80万", "unit": "元"},
    )
    total = fact(
        "total",
        "大连市每年发放模型券总额不超过5000万元。",
        region="大连",
        details={"value": "5000万", "unit": "元"},
    )
    snap = snapshot([got], "各地算力券政策", "2026-03-06")
    assert not answer(snap, "大连每年发放多少模型券？").answered
    assert not answer(snap, "How much does Dalian issue in model vouchers each year?").answered
    both = snapshot([got, total], "各地算力券政策", "2026-03-06")
    assert answer(both, "大连每年发放多少模型券？").fact_ids[0] == "total"


def _hohhot() -> Snapshot:
    cap = fact(
        "cap",
        "第五条 单个主体每年获得的算力券不超过500万元。",
        region="呼和浩特",
        details={"value": "500万", "unit": "元", "period": "每年"},
    )
    goal = fact(
        "goal",
        "代表游明建议，到2028年培训20万人次。",
        region="呼和浩特",
        details={"value": "20万", "unit": "人次"},
    )
    return snapshot([cap, goal], "呼和浩特算力券实施办法", "2026-03-06")


def test_a_total_is_not_answered_by_one_applicants_cap() -> None:
    assert not answer(_hohhot(), "呼和浩特每年发放算力券总额是多少？").answered
    assert answer(_hohhot(), "呼和浩特单个主体每年最多获得多少算力券？").fact_ids == ["cap"]


def test_what_has_been_done_is_not_answered_by_what_is_proposed() -> None:
    assert not answer(_hohhot(), "呼和浩特已经培训了多少人次？").answered
    assert answer(_hohhot(), "呼和浩特建议培训多少人次？").fact_ids == ["goal"]


def test_a_place_is_known_by_its_english_name() -> None:
    facts = [
        fact(
            "valid",
            "第九条 算力券自发放之日起9个月内有效。",
            region="呼和浩特",
            details={"value": "9", "unit": "个月"},
        )
    ]
    snap = snapshot(facts, "呼和浩特市算力券实施办法", "2025-10-01")
    assert answer(snap, "How long are Hohhot's compute vouchers valid?").fact_ids == ["valid"]


def test_a_fact_of_an_article_on_one_voucher_is_no_answer_on_another() -> None:
    facts = [
        fact(
            "cap",
            "大模型企业单个主体年度上限提高至800万元。",
            region="呼和浩特",
            details={"value": "800万", "unit": "元"},
        )
    ]
    snap = snapshot(facts, "呼和浩特市算力券实施办法", "2025-10-01")
    assert not answer(snap, "What is the per-company cap of Hohhot's model vouchers?").answered
    assert answer(snap, "What is the per-company cap of Hohhot's compute vouchers?").fact_ids == ["cap"]


def test_a_noun_after_how_many_is_no_measure_word_the_person_never_used() -> None:
    facts = [
        fact("plan", "游明建议，行政院在4年内编列新台币45亿元培训在职劳工。", kind=Kind.PROPOSAL, region=None,
             people=("you",)),
        fact("role", "立法委员游明。", kind=Kind.ROLE, region=None, people=("you",),
             details={"title_zh": "立法委员"}),
    ]  # fmt: skip
    snap = snapshot(facts, "立委提案", "2025-12-09", people=[PersonView("you", "游明", "You Ming")])
    assert answer(snap, "游明建议4年编列多少预算培训在职劳工？").fact_ids == [
        "plan"
    ]  # 预算 is no measure word
    assert not answer(snap, "游明今年多少岁？").answered  # 岁 is, and no fact of his counts in it


def test_a_glossary_verb_is_read_in_its_past_tense_but_a_short_word_only_in_its_plural() -> None:
    found = glossary().english_terms("how many cities have issued vouchers? financial aid")
    assert ("issued", glossary().terms["issue"]) in found
    assert not any(phrase == "aid" for phrase, _ in found)  # "aid" is no "ai" + d


def test_counted_proposals_are_proposals() -> None:
    found = answer(_people_snapshot(), "林志成提出了哪两点建议？")
    assert found.answered and found.fact_ids[0] == "plan"


def test_a_year_asked_is_not_answered_by_a_figure_dated_to_another() -> None:
    total = fact("total", "截至2025年9月，各地公开的算力券年度额度合计超过70亿元。", region=None,
                 details={"value": "70亿", "unit": "元"})  # fmt: skip
    snap = snapshot([total], "专家谈算力券", "2025-10-28")
    assert not answer(snap, "2024年各地算力券年度额度合计多少？").answered
    assert answer(snap, "2025年各地算力券年度额度合计多少？").fact_ids == ["total"]
