"""Tests for the article parser: the five seed captures, synthetic articles and bad input."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from knowledge.errors import ArticleError
from knowledge.sources.capture import parse_article_file, parse_article_text
from knowledge.sources.chars import strip_pinyin_annotations
from knowledge.sources.decode import decode_article_bytes
from knowledge.sources.parsed import ParsedArticle

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles"
S000 = "000_cb80481c08866e9a.txt"
S001 = "001_2507ab5bf7b4e48c.txt"
S002 = "002_17060ea96ac66312.txt"
S003 = "003_4efd2b96af175422.txt"
S004 = "004_57cee5672ad075ba.txt"
ALL_SEEDS = (S000, S001, S002, S003, S004)


def seed(name: str) -> ParsedArticle:
    return parse_article_file(SEEDS / name)


# ---------------------------------------------------------------------------
# Seed articles: metadata

# name, title, outlet, authors, published, date_estimated
SEED_METADATA = [
    (
        S000,
        "从ChatGPT到Sora,人工智能竞争进入关键之年!全国人大代表刘庆峰建议用举国体制推动人工智能发展",
        "华夏时报",
        ("陶炜", "张智"),
        "2024-03-05",  # 发布时间:2024-03-05 20:30:25
        False,
    ),
    (
        S001,
        "对标ChatGPT的自主产品能否跟上",
        "搜狐",  # "返回搜狐,查看更多"
        ("张月朦", "张知依", "佟晓宇", "蒋若静"),
        "2023",  # capture line "1年前 (2023)发布"
        True,
    ),
    (
        S002,
        "搶抓大模型機遇 多方布局通用人工智能發展",
        "中国西藏网",  # copyright notice 凡注明“來源:中國西藏網”, in simplified characters
        (),
        "2023",  # plan period (2023-2025年) and target "到2023年底": reported in 2023
        True,
    ),
    (
        S003,
        "人工智能(AI)发展正深刻改变制造业生产模式和经济形态,展现出强大的赋能效应",
        # 003 names no outlet anywhere: no source field, byline, copyright notice,
        # URL or site link; only anonymous "记者注意到/记者了解到".
        None,
        (),
        "2023-10",  # "今年10月出台《…(2023-2025年)》": plan start year 2023, month 10
        True,
    ),
    (
        S004,
        "人大代表:中国大模型离世界级有差距,“百模大战”不能变成...",
        "百家号",  # baijiahao.baidu.com link
        ("王海燕",),  # "本文作者：王海燕" (栏目主编 is an editor, not an author)
        "2024-05",  # "5月14日/5月9日" with 2024 context, after "2023年11月"
        True,
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "outlet", "authors", "published", "estimated"),
    SEED_METADATA,
    ids=[row[0][:3] for row in SEED_METADATA],
)
def test_seed_metadata(
    name: str,
    title: str,
    outlet: str | None,
    authors: tuple[str, ...],
    published: str,
    estimated: bool,
) -> None:
    article = seed(name)
    assert article.title == title
    assert article.outlet == outlet
    assert article.authors == authors
    assert article.published == published
    assert article.date_estimated is estimated


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_seed_basics(name: str) -> None:
    article = seed(name)
    assert article.title
    assert len(article.title) <= 80
    assert article.published
    assert len(article.body) > 1000
    assert "\n\n" not in article.body
    assert all(line == line.strip() and line for line in article.body.split("\n"))
    assert article.raw == (SEEDS / name).read_text(encoding="utf-8")
    assert article.title not in article.body.split("\n")


def test_seed_outlets_present_where_named() -> None:
    for name in (S000, S001, S002, S004):
        assert seed(name).outlet


def test_seed_url() -> None:
    assert seed(S004).url == "http://baijiahao.baidu.com/s?id=1800065560409438485&wfr=spider&for=pc"
    assert seed(S000).url is None


def test_derived_title_is_short_first_sentence() -> None:
    article = seed(S003)
    assert len(article.title) <= 40
    assert article.body.startswith(article.title)


# ---------------------------------------------------------------------------
# Seed articles: furniture gone, neighbouring sentences kept

# name, furniture that must be gone, real text next to it that must survive
FURNITURE = [
    (S000, "热门标签", "全国人大代表、科大讯飞董事长刘庆峰对《华夏时报》记者说。"),
    (S000, "|两会声音", "从ChatGPT到Sora,通用人工智能作为全球科技竞争的焦点"),
    (S000, "作者:", "今年将是关键期。”"),
    (S000, "来源:华夏时报", "今年将是关键期。”"),
    (S000, "发布时间", "今年将是关键期。”"),
    (S000, "摘要:", "“2024年,全球人工智能的竞争将进一步升级为系统性竞争"),
    (S000, "南京报道", "“2024年,全球人工智能的竞争将进一步升级为系统性竞争"),
    (S000, "(www.chinatimes.net.cn)", "“2024年,全球人工智能的竞争将进一步升级为系统性竞争"),
    (S000, "责任编辑", "或许就是刘庆峰呼吁用举国体制推进大模型发展的原因。"),
    (S000, "主编:", "或许就是刘庆峰呼吁用举国体制推进大模型发展的原因。"),
    (S000, "查看更多华夏时报文章", "或许就是刘庆峰呼吁用举国体制推进大模型发展的原因。"),
    (S001, "1年前", "2个月用户破亿、相关话题引爆全球,年初,美国科技初创公司OpenAI旗下智能聊天工具"),
    (S001, "419 0 0", "2个月用户破亿、相关话题引爆全球"),
    (S001, "原标题", "多位人大代表、政协委员纷纷就我国人工智能发展建言献策。"),
    (S001, "本版文/本报记者", "加速抢占国际科技竞争新高地。"),
    (S001, "张月朦", "推动场景应用从“样板间”向“商品房”转变,加速抢占国际科技竞争新高地。"),
    (S001, "本版统筹", "增强用户黏性。"),
    (S001, "返回搜狐", "加速抢占国际科技竞争新高地。"),
    (S001, "查看更多", "加速抢占国际科技竞争新高地。"),
    (S001, "责任编辑", "加速抢占国际科技竞争新高地。"),
    (S001, "版权声明", "加速抢占国际科技竞争新高地。"),
    (S001, "相关文章", "加速抢占国际科技竞争新高地。"),
    (S002, "版權聲明", "運用法律、政策、技術等手段加以解決。"),
    (S002, "中國西藏網", "運用法律、政策、技術等手段加以解決。"),
    (S002, "/a>", "運用法律、政策、技術等手段加以解決。"),
    (S002, "- ", "運用法律、政策、技術等手段加以解決。"),
    (S002, "車轍密集", "運用法律、政策、技術等手段加以解決。"),
    (S002, "聽鼓嶺故事 享悠然山居", "運用法律、政策、技術等手段加以解決。"),
    (S002, "(fā)", "加快布局通用人工智能發展。"),
    (S002, "(shù)", "支撐千億級參數量的大型語言模型"),
    (S002, "(diào)", "近日,中共中央政治局召開會議時強調,要重視通用人工智能發展"),
    (S002, "(chuàng)", "營造創新生態,重視防范風險。"),
    (S002, "(jù)", "加強大模型訓練數據采集及治理工具研發"),
    (S002, "(wǎng)", "加快推動國家新一代人工智能公共算力開放創新平臺建設"),
    (S004, "标题:", "整个五月，全球科技圈异常热闹。"),
    (S004, "链接:", "整个五月，全球科技圈异常热闹。"),
    (S004, "baijiahao", "整个五月，全球科技圈异常热闹。"),
    (S004, "总结:", "整个五月，全球科技圈异常热闹。"),
    (S004, "栏目主编", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "本文作者", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "关键词:", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "AI技术:", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "行业:", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "重大事件摘要", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "**", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
    (S004, "这篇文章中的重大事件包括", "构建‘大军团’科研力量，锚定‘世界级大模型’”。"),
]


@pytest.mark.parametrize(
    ("name", "furniture", "neighbour"),
    FURNITURE,
    ids=[f"{row[0][:3]}-{row[1]}" for row in FURNITURE],
)
def test_seed_furniture_removed_and_neighbour_kept(name: str, furniture: str, neighbour: str) -> None:
    article = seed(name)
    assert furniture in article.raw  # the test really is about this file
    assert furniture not in article.body
    assert neighbour in article.body


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_seed_bodies_hold_no_markup_or_annotations(name: str) -> None:
    body = seed(name).body
    for residue in ("</a>", "/a>", "<a ", "(fā)", "(shù)", "(diào)", "http://", "热门标签", "版权声明"):
        assert residue not in body


def test_seed_000_abstract_and_duplicate_title_dropped_once() -> None:
    article = seed(S000)
    lead = "“2024年,全球人工智能的竞争将进一步升级为系统性竞争"
    assert article.raw.count(lead) == 2  # the 摘要 and the lead paragraph
    assert article.body.count(lead) == 1
    assert article.body.startswith(lead)
    assert "人工智能竞争进入关键之年" not in article.body
    assert article.body.endswith("或许就是刘庆峰呼吁用举国体制推进大模型发展的原因。")


def test_seed_000_keeps_subheadings_and_all_paragraphs() -> None:
    body = seed(S000).body.split("\n")
    assert "举国体制投入大模型主战场" in body
    assert "国产大模型有望实现典型行业领域的超越" in body
    assert len(body) == 13


def test_seed_001_glued_byline_cut_after_sentence() -> None:
    article = seed(S001)
    assert article.body.endswith("推动场景应用从“样板间”向“商品房”转变,加速抢占国际科技竞争新高地。")
    assert article.body.startswith("2个月用户破亿、相关话题引爆全球")
    assert "全国政协委员周鸿祎" in article.body.split("\n")
    assert "ChatGPT" in article.title


def test_seed_002_keeps_traditional_script_and_real_parentheses() -> None:
    article = seed(S002)
    assert "國家發改委主任鄭柵潔日前發文說" in article.body
    assert "(征求意見稿)" in article.body
    assert "(2023-2025年)" in article.body
    assert "1000 PFLOPS(FP16)以上" in article.body
    assert article.body.endswith("運用法律、政策、技術等手段加以解決。")
    assert "(" not in article.title


def test_seed_003_has_no_furniture_so_every_line_is_kept() -> None:
    article = seed(S003)
    lines = [line.strip() for line in article.raw.splitlines() if line.strip()]
    assert article.body == "\n".join(lines)


def test_seed_004_body_is_the_summary_field_without_generated_fields() -> None:
    article = seed(S004)
    assert article.body.startswith("整个五月，全球科技圈异常热闹。5月14日，OpenAI刚刚发布了新旗舰模型")
    assert article.body.endswith("构建‘大军团’科研力量，锚定‘世界级大模型’”。")
    assert "2024年全球消费电子展（CES）展会上" in article.body
    assert "共同组建了万亿参数联盟（简称TPC）" in article.body
    assert "\n" not in article.body  # the capture holds the article on one line


# ---------------------------------------------------------------------------
# Pinyin annotations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("發(fā)展", "發展"),
        ("參數(shù)量", "參數量"),
        ("強調(diào)", "強調"),
        ("數(shù)據(jù)", "數據"),
        ("網(wǎng)絡", "網絡"),
        ("產(chǎn)業(yè)", "產業"),
        ("發（fā）展", "發展"),
        ("全球消费电子展（CES）展会", "全球消费电子展（CES）展会"),
        ("1000 PFLOPS(FP16)以上", "1000 PFLOPS(FP16)以上"),
        ("若干措施(2023-2025年)", "若干措施(2023-2025年)"),
        ("人工智能(AI)发展", "人工智能(AI)发展"),
        ("万亿参数联盟（简称TPC）", "万亿参数联盟（简称TPC）"),
        ("联盟（TPC）", "联盟（TPC）"),
        ("高原(北京)文化", "高原(北京)文化"),
        ("见附件(ai)", "见附件(ai)"),  # no tone mark: not an annotation
        ("go (fā) home", "go (fā) home"),  # not glued to a character
    ],
)
def test_strip_pinyin_annotations(text: str, expected: str) -> None:
    assert strip_pinyin_annotations(text) == expected


# ---------------------------------------------------------------------------
# Generic behaviour on articles the parser has never seen

SIMPLIFIED = "人工智能发展规划\n国务院印发新一代人工智能发展规划，提出面向二〇三〇年的指导思想。\n"
TRADITIONAL = "人工智慧發展規劃\n行政院今日通過人工智慧基本法草案，將推動產業發展並保障人權與隱私。\n"


NEW_ARTICLE = """国家数据局发布新规 推动公共数据开放
2024年5月20日 10:30 来源：人民网
本报记者 李明 王芳
5月18日，国家数据局发布了关于公共数据开放的指导意见，要求各地在2025年前建成统一的公共数据开放平台。
意见提出，到2030年，公共数据开放水平显著提升，数据要素市场体系基本建成。（责任编辑：赵强）
"""


def test_new_article_with_header_date_line_and_byline() -> None:
    article = parse_article_text(NEW_ARTICLE)
    assert article.title == "国家数据局发布新规 推动公共数据开放"
    assert article.published == "2024-05-20"
    assert article.date_estimated is False
    assert article.outlet == "人民网"
    assert article.authors == ("李明", "王芳")
    assert article.body.split("\n") == [
        "5月18日，国家数据局发布了关于公共数据开放的指导意见，要求各地在2025年前建成统一的公共数据开放平台。",
        "意见提出，到2030年，公共数据开放水平显著提升，数据要素市场体系基本建成。",
    ]


def test_byline_without_outlet_name_gives_no_outlet() -> None:
    text = "算力建设提速\n本报记者 李明\n近日，多地加快推进算力基础设施建设，智能算力规模持续扩大。\n"
    article = parse_article_text(text)
    assert article.authors == ("李明",)
    assert article.outlet is None
    assert article.body == "近日，多地加快推进算力基础设施建设，智能算力规模持续扩大。"


def test_field_capture_body_may_span_lines_with_quotes() -> None:
    text = (
        "标题: 大模型观察\n"
        "总结: 近日，多家企业发布大模型新品，推动人工智能产业加速发展。\n"
        "王延峰说：“大模型竞争焦点在于质的飞跃，谁能率先迈向通用人工智能，谁就有望胜出。”\n"
        "关键词: 大模型, 通用人工智能\n"
        "重大事件摘要: 多家企业发布大模型新品。\n"
    )
    article = parse_article_text(text)
    assert article.title == "大模型观察"
    assert article.body.split("\n") == [
        "近日，多家企业发布大模型新品，推动人工智能产业加速发展。",
        "王延峰说：“大模型竞争焦点在于质的飞跃，谁能率先迈向通用人工智能，谁就有望胜出。”",
    ]


def test_interview_questions_are_not_bylines() -> None:
    text = (
        "专访：大模型的下一步\n"
        "记者：您认为国产大模型与世界领先水平的差距主要在哪里？\n"
        "王延峰：差距主要在质量上，我们需要集中优势科研力量，专注于研发世界级的基础大模型。\n"
    )
    article = parse_article_text(text)
    assert article.authors == ()
    assert article.body.split("\n")[0] == "记者：您认为国产大模型与世界领先水平的差距主要在哪里？"


def test_estimate_prefers_latest_past_event_over_targets() -> None:
    text = (
        "算力券政策观察\n"
        "2023年12月，多地出台算力券政策。3月5日，全国两会开幕，多位代表就算力建设建言。"
        "2024年，各地继续加码。规划提出，到2027年算力规模超过300EFLOPS，"
        "行动方案(2024—2026年)同步实施，2026年将全面建成。\n"
    )
    article = parse_article_text(text)
    assert article.published == "2024-03"
    assert article.date_estimated is True


def test_estimate_from_plan_period_only() -> None:
    text = "某省印发《人工智能产业发展行动方案(2023—2025年)》，提出2025年产业规模超过1000亿元的目标。\n"
    article = parse_article_text(text)
    assert article.published == "2023"
    assert article.date_estimated is True


def test_estimate_from_url_path() -> None:
    text = (
        "标题: 人工智能产业观察\n"
        "链接: http://www.news.cn/tech/2024-06/12/c_1130157.htm\n"
        "总结: 近日，多家企业发布大模型新品，推动人工智能产业加速发展，业内人士对此表示期待。\n"
    )
    article = parse_article_text(text)
    assert article.published == "2024-06-12"
    assert article.date_estimated is True
    assert article.outlet == "新华网"


def test_no_date_evidence_gives_none() -> None:
    article = parse_article_text("近日，多家企业发布大模型新品，推动人工智能产业加速发展，业内人士表示期待。")
    assert article.published is None
    assert article.date_estimated is False


def test_traditional_source_field_becomes_simplified_outlet() -> None:
    text = "人工智慧基本法草案出爐\n來源：聯合報\n" + TRADITIONAL.split("\n")[1] + "\n"
    article = parse_article_text(text)
    assert article.outlet == "联合报"
    assert article.title == "人工智慧基本法草案出爐"
    assert article.body == "行政院今日通過人工智慧基本法草案，將推動產業發展並保障人權與隱私。"


def test_long_first_sentence_title_is_truncated() -> None:
    text = (
        "随着生成式人工智能技术的快速发展和广泛应用，各地政府纷纷出台支持政策，"
        "企业加大研发投入，推动大模型在制造、医疗、教育、金融等领域加速落地，产业生态日益完善。"
    )
    article = parse_article_text(text)
    assert len(article.title) <= 40
    assert article.title == "随着生成式人工智能技术的快速发展和广泛应用，各地政府纷纷出台支持政策"
    assert article.body == text


def test_non_duplicate_abstract_is_kept() -> None:
    text = (
        "大模型观察\n摘要：本文梳理了各地支持大模型发展的主要政策措施和实施效果。\n"
        "近日，多家企业发布大模型新品，推动人工智能产业加速发展，业内人士对此表示期待。\n"
    )
    article = parse_article_text(text)
    assert article.body.split("\n")[0] == "本文梳理了各地支持大模型发展的主要政策措施和实施效果。"


# ---------------------------------------------------------------------------
# Decoding and bad input


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode_article_bytes(SIMPLIFIED.encode("utf-8"), source="a.txt") == SIMPLIFIED
    assert decode_article_bytes(b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), source="a.txt") == SIMPLIFIED


def test_decode_gb18030() -> None:
    assert decode_article_bytes(SIMPLIFIED.encode("gb18030"), source="gb.txt") == SIMPLIFIED


def test_decode_big5() -> None:
    assert decode_article_bytes(TRADITIONAL.encode("big5"), source="big5.txt") == TRADITIONAL


def test_decode_traditional_text_in_gb18030() -> None:
    assert decode_article_bytes(TRADITIONAL.encode("gb18030"), source="gb.txt") == TRADITIONAL


def test_decode_seed_reencoded_in_gb18030() -> None:
    text = (SEEDS / S000).read_text(encoding="utf-8")
    assert decode_article_bytes(text.encode("gb18030"), source=S000) == text


def test_decode_utf16_with_bom() -> None:
    assert decode_article_bytes(SIMPLIFIED.encode("utf-16"), source="u16.txt") == SIMPLIFIED


def test_parse_big5_and_gb18030_files(tmp_path: Path) -> None:
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(TRADITIONAL.encode("big5"))
    article = parse_article_file(big5)
    assert article.title == "人工智慧發展規劃"
    assert article.body == "行政院今日通過人工智慧基本法草案，將推動產業發展並保障人權與隱私。"
    gb = tmp_path / "gb.txt"
    gb.write_bytes(SIMPLIFIED.encode("gb18030"))
    assert parse_article_file(gb).title == "人工智能发展规划"


def test_truncated_utf8_decodes_what_is_there(tmp_path: Path) -> None:
    data = SIMPLIFIED.rstrip("\n").encode("utf-8")
    assert data.endswith("。".encode())
    for cut in (1, 2):  # inside the 3-byte "。"
        assert decode_article_bytes(data[:-cut], source="cut.txt") == SIMPLIFIED.rstrip("\n。")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-1])
    article = parse_article_file(path)
    assert article.body == "国务院印发新一代人工智能发展规划，提出面向二〇三〇年的指导思想"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "empty"),
        (b"\x00" * 512, "binary"),
        (b"PK\x03\x04" + b"\x00\x01\x02" * 200, "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (random.Random(0).randbytes(4096), ""),
        (bytes(random.Random(1).randrange(0x80, 0x100) for _ in range(2000)), "cannot decode"),
    ],
    ids=["empty", "whitespace", "nul", "zip-like", "controls", "random", "random-high"],
)
def test_decode_rejects_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=r"^bad\.bin: ") as info:
        decode_article_bytes(data, source="bad.bin")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b" \n \n\t", "empty"),
        (b"\x00\x00\x00\x00binary\x00\x00", "binary"),
        ("责任编辑：张三\n版权声明：本文版权归原作者所有。\n© 2024 某某网\n".encode(), "furniture"),
        ("热门标签\n419 0 0\n返回搜狐，查看更多\n相关文章\n- 某某新闻\n".encode(), "furniture"),
        ("你好。".encode(), "too short"),
        ("标题: 人工智能\n链接: http://example.com/a\n".encode(), "furniture"),
    ],
    ids=["empty", "whitespace", "binary", "editor-copyright", "links", "too-short", "fields-only"],
)
def test_parse_file_rejects_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "upload_42.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=r"^upload_42\.txt: ") as info:
        parse_article_file(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_text_errors_name_the_source() -> None:
    with pytest.raises(ArticleError, match=r"^inbox/x\.txt: empty"):
        parse_article_text("  \n\u3000\n", source="inbox/x.txt")
    with pytest.raises(ArticleError, match=r"^<text>: "):
        parse_article_text("责任编辑：张三")


def test_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match=r"^nope\.txt: cannot read"):
        parse_article_file(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------
# Performance


def test_parsing_all_seeds_is_fast() -> None:
    texts = [(SEEDS / name).read_bytes() for name in ALL_SEEDS]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for name, data in zip(ALL_SEEDS, texts, strict=True):
            parse_article_text(decode_article_bytes(data, source=name), source=name)
        best = min(best, time.perf_counter() - start)
    assert best < 0.1
