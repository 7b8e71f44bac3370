"""Telegram's HTML as Telegram measures it: lengths in UTF-16 code units, splitting that never
cuts a tag or an entity and reopens the tags a cut leaves open, and the same text made plain."""

from __future__ import annotations

import html
import re

LIMIT = 4096  # UTF-16 code units per message text
_TOKEN = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[\s\S]", re.UNICODE)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
_QUOTE_OPEN = re.compile(r"<blockquote[^>]*>")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _after(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    match = _TAG.fullmatch(token)
    if match is None:
        return stack
    name = match.group(2).lower()
    if not match.group(1):
        return [*stack, (name, token)]
    for position in range(len(stack) - 1, -1, -1):
        if stack[position][0] == name:
            return stack[:position] + stack[position + 1 :]
    return stack


class _Part:
    """The part being filled: its tokens, size, open tags, and the best places to cut it."""

    def __init__(self, reopen: list[tuple[str, str]]) -> None:
        self.tokens = [tag for _, tag in reopen]
        self.size = sum(utf16_len(tag) for tag in self.tokens)
        self.floor = len(self.tokens)  # tokens before this are reopened tags, never a cut point
        self.breaks: dict[str, tuple[int, int, list[tuple[str, str]]]] = {}  # "\n\n" | "\n" -> cut

    def add(self, token: str, stack: list[tuple[str, str]]) -> None:
        previous = self.tokens[-1] if self.tokens else ""
        self.tokens.append(token)
        self.size += utf16_len(token)
        if token == "\n":
            cut = (len(self.tokens), self.size, list(stack))
            self.breaks["\n\n" if previous == "\n" else "\n"] = cut
            self.breaks["\n"] = cut


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    """Parts of at most `limit` UTF-16 units, cut at a blank line, else a line break, else anywhere
    between two characters; each part closes the tags it leaves open and the next reopens them."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    stack: list[tuple[str, str]] = []
    part = _Part([])
    for token in _TOKEN.findall(text):
        after = _after(stack, token)
        while (
            part.size + utf16_len(token) + utf16_len(_closing(after)) > limit
            and len(part.tokens) > part.floor
        ):
            index, open_tags = len(part.tokens), stack
            for kind in ("\n\n", "\n"):
                cut = part.breaks.get(kind)
                if cut is not None and cut[1] > limit // 3:  # a break too early wastes the part
                    index, _, open_tags = cut
                    break
            head, tail = part.tokens[:index], part.tokens[index:]
            parts.append("".join(head).rstrip("\n") + _closing(open_tags))
            part = _Part(open_tags)
            tail_stack = list(open_tags)
            for pending in tail:
                if pending == "\n" and len(part.tokens) == part.floor:
                    continue
                tail_stack = _after(tail_stack, pending)
                part.add(pending, tail_stack)
        stack = after
        part.add(token, stack)
    if len(part.tokens) > part.floor:
        parts.append("".join(part.tokens))
    return [p for p in parts if p.strip()]


def to_plain(text: str) -> str:
    """Telegram HTML as plain text: quotes in 「」, links and styles reduced to their text."""
    text = _QUOTE_OPEN.sub("「", text).replace("</blockquote>", "」")
    return html.unescape(_TAG.sub("", text))
