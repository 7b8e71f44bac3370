"""Telegram's HTML parse mode: text and entities out, or the 400 Telegram answers for malformed markup.

Follows the parser of Telegram's own library (tdlib, `parse_html`): the supported tags are b, strong, i,
em, u, ins, s, strike, del, span class="tg-spoiler", tg-spoiler, a href, tg-emoji emoji-id, code,
pre (with an inner code class="language-…"), blockquote and blockquote expandable; the entities
&lt; &gt; &amp; &quot; and numeric ones are decoded, any other "&" is kept as it is; error texts and
byte offsets (into the UTF-8 input) are Telegram's.
"""

from __future__ import annotations

import re

from .model import JSON, ApiError
from .updates import user_json, utf16_len

_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}
TAGS = frozenset({*_SIMPLE, "a", "span", "tg-emoji", "code", "pre"})
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\n\r\f\v"
_REFERENCE = re.compile(r"&(?:#[xX]([0-9A-Fa-f]*)|#([0-9]*)|([A-Za-z]*))")


class _Cursor:
    """The input, a position in it and the byte offset of any position (Telegram counts bytes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def char(self) -> str:
        """The character at the position, "" at the end."""
        return self.text[self.i] if self.i < len(self.text) else ""

    def skip_spaces(self) -> None:
        """Move past white space."""
        while self.char() and self.char() in _SPACE:
            self.i += 1

    def byte_offset(self, index: int) -> int:
        """The UTF-8 byte offset of a character index."""
        return len(self.text[:index].encode("utf-8"))


def _fail(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {reason}")


def _entity(cursor: _Cursor) -> str | None:
    """Decode the character reference at the cursor ("&…"), moving past it; None leaves a literal "&"."""
    text, start = cursor.text, cursor.i
    match = _REFERENCE.match(text, start)
    if match is None:
        return None
    hex_digits, digits, name = match.groups()
    if name is not None and hex_digits is None and digits is None:
        if name not in _NAMED:
            return None
        value = _NAMED[name]
    else:
        number = int(hex_digits, 16) if hex_digits else int(digits) if digits else 0
        if number == 0 or number >= 0x10FFFF or match.end() - start >= 10:
            return None
        value = chr(number)
    cursor.i = match.end() + (1 if match.end() < len(text) and text[match.end()] == ";" else 0)
    return value


def _attribute_value(cursor: _Cursor, tag: str, begin: int) -> str:
    """Read an attribute value (quoted, or a name token) at the cursor."""
    if not cursor.char():
        raise _fail(f'Unclosed start tag "{tag}" at byte offset {cursor.byte_offset(begin)}')
    quote = cursor.char()
    if quote not in "'\"":
        token_begin = cursor.i
        while cursor.char() and (
            (cursor.char().isascii() and cursor.char().isalnum()) or cursor.char() in ".-"
        ):
            cursor.i += 1
        if cursor.char() not in (*_SPACE, ">") or not cursor.char():
            raise _fail(f"Unexpected end of name token at byte offset {cursor.byte_offset(token_begin)}")
        return cursor.text[token_begin : cursor.i].lower()
    cursor.i += 1
    value: list[str] = []
    while cursor.char() and cursor.char() != quote:
        decoded = _entity(cursor) if cursor.char() == "&" else None
        if decoded is None:
            value.append(cursor.char())
            cursor.i += 1
        else:
            value.append(decoded)
    if cursor.char() == quote:
        cursor.i += 1
    return "".join(value)


def _start_tag(cursor: _Cursor, begin: int) -> tuple[str, dict[str, str]]:
    """Read a start tag whose "<" is at begin; return its name and attributes."""
    while cursor.char() and cursor.char() not in _SPACE and cursor.char() != ">":
        cursor.i += 1
    if not cursor.char():
        raise _fail(f"Unclosed start tag at byte offset {cursor.byte_offset(begin)}")
    tag = cursor.text[begin + 1 : cursor.i].lower()
    if tag not in TAGS:
        raise _fail(f'Unsupported start tag "{tag}" at byte offset {cursor.byte_offset(begin)}')
    attributes: dict[str, str] = {}
    while cursor.char() != ">":
        cursor.skip_spaces()
        if cursor.char() == ">":
            break
        name_begin = cursor.i
        while cursor.char() and cursor.char() not in _SPACE and cursor.char() not in "=>":
            cursor.i += 1
        name = cursor.text[name_begin : cursor.i]
        if not name:
            raise _fail(f'Empty attribute name in the tag "{tag}" at byte offset {cursor.byte_offset(begin)}')
        if tag == "blockquote" and name.lower() == "expandable":
            attributes["expandable"] = ""
            continue
        cursor.skip_spaces()
        if cursor.char() != "=":
            raise _fail(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {cursor.byte_offset(begin)}"
            )
        cursor.i += 1
        cursor.skip_spaces()
        attributes[name] = _attribute_value(cursor, tag, begin)
        if not cursor.char():
            raise _fail(f"Unclosed start tag at byte offset {cursor.byte_offset(begin)}")
    cursor.i += 1
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {cursor.byte_offset(begin)}')
    return tag, attributes


def _end_tag(cursor: _Cursor, begin: int, open_tag: str) -> None:
    """Read an end tag whose "<" is at begin and check it closes open_tag ("</>" closes any)."""
    cursor.i += 1  # the "/"
    name_begin = cursor.i
    while cursor.char() and cursor.char() not in _SPACE and cursor.char() != ">":
        cursor.i += 1
    name = cursor.text[name_begin : cursor.i].lower()
    cursor.skip_spaces()
    if cursor.char() != ">":
        raise _fail(f"Unclosed end tag at byte offset {cursor.byte_offset(begin)}")
    cursor.i += 1
    if name and name != open_tag:
        raise _fail(
            f"Unmatched end tag at byte offset {cursor.byte_offset(begin)}, "
            f'expected "</{open_tag}>", found "</{name}>"'
        )


def _closed(tag: str, attributes: dict[str, str], offset: int, length: int, inner: str) -> JSON | None:
    """The MessageEntity for a closed tag (None for a link Telegram would drop)."""
    entity: JSON = {"offset": offset, "length": length}
    if tag in _SIMPLE or tag == "span":
        entity["type"] = _SIMPLE.get(tag, "spoiler")
        if tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id.isdigit() or int(emoji_id) == 0:
            raise _fail("Invalid custom emoji identifier specified")
        entity.update(type="custom_emoji", custom_emoji_id=emoji_id)
    elif tag in ("code", "pre"):
        entity["type"] = tag
    else:
        url = attributes.get("href") or inner
        user = re.fullmatch(r"tg://user\?id=(\d+)", url)
        if user:
            entity.update(type="text_mention", user=user_json(int(user.group(1)), language_code=None))
        elif re.match(r"(?i)(https?|tg|ton)://\S|[\w-]+(\.[\w-]+)+(/\S*)?$", url):
            entity.update(type="text_link", url=url)
        else:
            return None
    return entity


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML into plain text and entities, raising ApiError 400 like Telegram."""
    cursor = _Cursor(text)
    out: list[str] = []
    position = 0  # in UTF-16 code units, the unit of entity offsets
    stack: list[tuple[str, dict[str, str], int, int]] = []  # tag, attributes, offset, index into out
    entities: list[JSON] = []
    while cursor.i < len(text):
        char = cursor.char()
        decoded = _entity(cursor) if char == "&" else None
        if decoded is not None or char != "<":
            piece = decoded if decoded is not None else char
            if decoded is None:
                cursor.i += 1
            out.append(piece)
            position += utf16_len(piece)
            continue
        begin = cursor.i
        cursor.i += 1
        if cursor.char() != "/":
            tag, attributes = _start_tag(cursor, begin)
            stack.append((tag, attributes, position, len(out)))
            continue
        if not stack:
            raise _fail(f"Unexpected end tag at byte offset {cursor.byte_offset(begin)}")
        tag, attributes, offset, first = stack[-1]
        _end_tag(cursor, begin, tag)
        stack.pop()
        if position <= offset:
            continue
        entity = _closed(tag, attributes, offset, position - offset, "".join(out[first:]))
        if entity is None:
            continue
        language = attributes.get("class", "")
        previous = entities[-1] if entities else None
        same_span = previous is not None and (previous["offset"], previous["length"]) == (
            offset,
            entity["length"],
        )
        if tag == "code" and previous is not None and same_span and previous["type"] == "pre":
            if language.startswith("language-"):
                previous["language"] = language[len("language-") :]
            continue
        if (
            tag == "pre"
            and previous is not None
            and same_span
            and previous["type"] == "code"
            and previous.get("language")
        ):
            entities.pop()
            entity["language"] = previous["language"]
        elif tag == "code" and language.startswith("language-"):
            entity["language"] = language[len("language-") :]
        entities.append(entity)
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out), entities
