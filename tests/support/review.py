"""The review tests' article, of our own text (four sentences, two people), and helpers to pick its facts.

The three decisions every review test makes: accept Fang's statement on costs (S3), reject the
figure in Han's proposal (S2), edit Han's statement on quality (S4). Facts are picked by the
sentence they quote and their kind, never by id, so a change in the extractor's ids or
wording leaves the tests meaningful.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge import reviews
from knowledge.reviews import Item
from knowledge.service import Knowledge

URL = "https://news.example.invalid/2026/10/12/linchuan-corpus.html"
S1 = (
    "临川市数据局局长方志远表示,临川将在2027年底前开放不少于500个高质量中文语料数据集,"
    "供本地大模型企业免费使用。"
)
S2 = "全国人大代表、临川大学校长韩知秋建议,设立人工智能语料专项基金,每年投入不超过2亿元支持语料清洗和标注。"
S3 = "方志远指出,目前本地企业获取合规语料的成本偏高,制约了行业大模型的训练。"
S4 = "韩知秋认为,语料质量比规模更重要,高校应当与企业共建标注团队。"
S1_CHANGED = S1.replace("不少于500个", "不少于800个")
S5 = "方志远透露,首批语料数据集将于明年一季度上线。"


def capture(*sentences: str, title: str = "临川发布人工智能语料开放计划", url: str = URL) -> bytes:
    header = f"标题: {title}\n\n来源: 临川日报\n发布时间: 2026-10-12\n链接: {url}\n\n"
    return (header + "\n".join(sentences) + "\n").encode()


ARTICLE = capture(S1, S2, S3, S4)
CHANGED = capture(S1_CHANGED, S2, S3, S4, S5)  # S1 reworded, S5 added: the URL's text changed
EDITED_ZH = "韩知秋认为语料的质量比规模更重要，主张高校和企业一起组建标注团队。"
EDITED_EN = (
    "Han Zhiqiu (韩知秋) argued that corpus quality matters more than size "
    "and urged universities to build labelling teams with companies."
)


def pick(items: Sequence[Item], sentence: str, kind: str) -> Item:
    """The queued fact quoting `sentence` with `kind` (any fact of the sentence if none has it)."""
    quoting = [item for item in items if sentence in item.quote or item.quote in sentence]
    assert quoting, f"nothing extracted from {sentence[:12]}…"
    return next((item for item in quoting if item.kind == kind), quoting[0])


@dataclass(frozen=True)
class Three:
    accepted: Item
    rejected: Item
    edited: Item

    @property
    def ids(self) -> tuple[str, str, str]:
        return self.accepted.id, self.rejected.id, self.edited.id


def choose_three(items: Sequence[Item]) -> Three:
    rejected = pick([i for i in items if S2 in i.quote], S2, "figure")
    return Three(
        accepted=pick(items, S3, "statement"),
        rejected=rejected,
        edited=pick([i for i in items if i.id != rejected.id], S4, "statement"),
    )


def decide_three(knowledge: Knowledge, actor: str = "test:admin") -> Three:
    three = choose_three(reviews.queue(knowledge))
    reviews.accept(knowledge, [three.accepted.id], actor=actor)
    reviews.reject(knowledge, [three.rejected.id], actor=actor)
    reviews.edit(knowledge, three.edited.id, actor=actor, summary_zh=EDITED_ZH, summary_en=EDITED_EN)
    return three
