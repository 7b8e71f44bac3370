"""Real page shapes, on small pages of our own: datelines, 来源/發表時間 lines, slash and dotted
dates, government metadata tables, menus and breadcrumbs, HTML meta tags."""

from __future__ import annotations

import pytest

from knowledge.sources.capture import parse_article_text
from knowledge.sources.html_page import parse_html

LEAD = "市里近日出台新政策，每年安排专项资金不超过3000万元，支持企业租用智能算力开展模型训练。"


@pytest.mark.parametrize(
    ("dateline", "outlet", "authors"),
    [
        ("江南晨报讯(记者 赵一鸣 通讯员 钱多多)", "江南晨报", ("赵一鸣", "钱多多")),
        ("东海新闻网宁波讯(东海日报记者孙小芳)", "东海新闻网", ("孙小芳",)),
        ("央广网西宁5月20日消息(记者 周明)", "央广网", ("周明",)),
        ("新华社南昌4月2日电（记者 吴涛）", "新华社", ("吴涛",)),
        ("【大公網訊】記者陳家樂報道", "大公网", ("陳家樂",)),
        ("本报讯(记者 郑小雨)", None, ("郑小雨",)),
        ("西部日报讯 ", "西部日报", ()),
    ],
)
def test_a_dateline_leaves_the_text_and_names_outlet_and_reporters(
    dateline: str, outlet: str | None, authors: tuple[str, ...]
) -> None:
    parsed = parse_article_text(
        f"标题: 新政策出台\n{dateline}{LEAD}\n第二段写的是别的内容，这里不再展开说明。"
    )
    assert parsed.body.startswith("市里近日出台新政策")
    assert parsed.outlet == outlet
    assert parsed.authors == authors


@pytest.mark.parametrize(
    "line",
    [
        "国家网信办消息称，近日一批新规定开始施行，涉及多个领域的数据安全。",  # no date, no credit
        "人民网评论(三)：算力券的钱要花在刀刃上，这是一段正文而不是电头。",  # (…) is no credit
    ],
)
def test_a_sentence_that_only_looks_like_a_dateline_is_kept(line: str) -> None:
    parsed = parse_article_text(f"标题: 测试\n{line}")
    assert parsed.body == line


def test_slash_dotted_and_traditional_date_lines_are_exact() -> None:
    for header, iso in (
        ("2024/05/06/ 09:15 来源:江南晨报", "2024-05-06"),
        ("2023.12.01 08:05  来源:西部日报  作者:记者 王立", "2023-12-01"),
        ("發表時間:2024/02/03 21:16", "2024-02-03"),
        ("發佈日期：2022-09-30", "2022-09-30"),
    ):
        parsed = parse_article_text(f"标题: 新政策出台\n{header}\n{LEAD}")
        assert (parsed.published, parsed.date_estimated) == (iso, False), header
        assert "来源" not in parsed.body and "時間" not in parsed.body


def test_a_traditional_source_line_names_the_outlet_in_simplified_script() -> None:
    parsed = parse_article_text(f"標題: 新政策\n來源: 大公網\n發表時間: 2024-08-08\n{LEAD}")
    assert parsed.outlet == "大公网"


NOTICE = """无障碍 | 长者模式 | 繁體 | 登录
首页 > 政务公开 > 政策文件 > 部门文件
索引号：11440400MB2D1234X/2024-00012    发布机构：珠海市科技创新局
名称：珠海市科技创新局关于印发《珠海市智能算力补贴办法》的通知
文号：珠科创〔2024〕3号    主题分类：科技
发布日期：2024/05/06    成文日期：2024/04/28
各有关单位：
现将《珠海市智能算力补贴办法》印发给你们，请认真贯彻执行。
《珠海市智能算力补贴办法》全文如下：
一、市财政每年安排智能算力补贴资金不超过2000万元，单个企业每年最高补贴80万元。
"""


def test_a_government_notice_table_is_metadata() -> None:
    parsed = parse_article_text(NOTICE)
    assert parsed.title == "珠海市科技创新局关于印发《珠海市智能算力补贴办法》的通知"
    assert (parsed.published, parsed.date_estimated) == ("2024-05-06", False)  # 发布日期, not 成文日期
    assert parsed.outlet == "珠海市科技创新局"
    for furniture in ("索引号", "发布机构", "文号", "主题分类", "成文日期", "无障碍", "政务公开 >"):
        assert furniture not in parsed.body
    assert "2000万元" in parsed.body


def test_the_written_date_stands_in_when_no_publication_date_is_given() -> None:
    parsed = parse_article_text(NOTICE.replace("发布日期：2024/05/06    ", ""))
    assert (parsed.published, parsed.date_estimated) == ("2024-04-28", False)


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>东湖出台算力新政 每年发放3000万元算力券_东湖新闻网</title>
<meta property="og:title" content="东湖出台算力新政">
<meta property="og:site_name" content="东湖新闻网">
<meta name="PubDate" content="2024-07-09 10:30">
{extra}
</head><body>
<div class="nav">首页 | 新闻 | 东湖 | 科技</div>
<h1>东湖出台算力新政 每年发放3000万元算力券</h1>
<div class="info"><span>2024-07-09 10:30</span> <span>{source}</span></div>
<div class="content">
<p>东湖区近日出台算力新政，每年安排总额不超过3000万元的算力券，支持中小企业使用本地智能算力。</p>
<p>按照新政，企业可按合同金额的25%申领算力券，单个企业每年最高100万元，有效期12个月。</p>
<p>区科技局副局长宋立群介绍，今年已有30余家企业提交了申领意向，首批算力券将于下月发放。</p>
</div>
<div class="footer">版权所有 东湖新闻网</div>
</body></html>"""


def test_an_html_page_states_outlet_date_and_full_headline() -> None:
    parsed = parse_html(PAGE.format(extra="", source="来源:东湖日报"), url=None, source="page")
    assert parsed.title == "东湖出台算力新政 每年发放3000万元算力券"  # the <h1>, fuller than og:title
    assert (parsed.published, parsed.date_estimated) == ("2024-07-09", False)
    assert parsed.outlet == "东湖日报"  # the 来源 line outranks the site name
    assert "首页" not in parsed.body and "来源" not in parsed.body


def test_a_content_source_tag_names_the_outlet_when_the_page_has_no_source_line() -> None:
    extra = '<meta name="ContentSource" content="东湖区科学技术局">'
    parsed = parse_html(PAGE.format(extra=extra, source=""), url=None, source="page")
    assert parsed.outlet == "东湖区科学技术局"
    parsed = parse_html(PAGE.format(extra="", source=""), url=None, source="page")
    assert parsed.outlet == "东湖新闻网"  # the site name only when nothing else names one
