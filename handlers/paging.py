"""Pages of a long list answer, turned with ◀ ▶ buttons: `page:ask:<page>:<question or #key>`."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from handlers.replies import Reply
from knowledge.render.reply import Page, render_page
from knowledge.service import Knowledge

CALLBACK_LIMIT = 64  # bytes of callback data Telegram keeps
REMEMBERED = 1024  # long questions kept for their page buttons, the oldest forgotten first
EXPIRED = "This list has expired; please ask again. 列表已过期，请重新提问。"

_long_questions: OrderedDict[str, str] = OrderedDict()


def key_for(question: str) -> str:
    """The question itself when it fits in the button's data, else a short key remembered here."""
    if len(f"page:ask:999:{question}".encode()) <= CALLBACK_LIMIT and not question.startswith("#"):
        return question
    key = "#" + hashlib.sha256(question.encode()).hexdigest()[:16]
    _long_questions[key] = question
    _long_questions.move_to_end(key)
    while len(_long_questions) > REMEMBERED:
        _long_questions.popitem(last=False)
    return key


def question_for(key: str) -> str | None:
    return _long_questions.get(key) if key.startswith("#") else key


def paged_reply(question: str, page: Page) -> Reply:
    reply = Reply(page.text, columns=2)  # ◀ ▶ side by side
    if page.pages > 1:
        key = key_for(question)
        if page.page > 0:
            reply.buttons.append(("◀", f"page:ask:{page.page - 1}:{key}"))
        if page.page + 1 < page.pages:
            reply.buttons.append(("▶", f"page:ask:{page.page + 1}:{key}"))
    return reply


def ask_page(knowledge: Knowledge, key: str, page: int) -> Reply:
    """Another page of a list answer (the question asked again of the current knowledge)."""
    question = question_for(key)
    if question is None:
        return Reply(EXPIRED)
    answer = knowledge.ask(question).answer
    return paged_reply(question, render_page(answer, knowledge.snapshot, "html", page=page))
