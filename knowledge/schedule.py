"""Digest schedules as chats write them: `/subscribe daily 09:00 compute`, weekly on a day, topics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.errors import KnowledgeError

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "周一": 0,
    "星期一": 0,
    "tue": 1,
    "tuesday": 1,
    "周二": 1,
    "星期二": 1,
    "wed": 2,
    "wednesday": 2,
    "周三": 2,
    "星期三": 2,
    "thu": 3,
    "thursday": 3,
    "周四": 3,
    "星期四": 3,
    "fri": 4,
    "friday": 4,
    "周五": 4,
    "星期五": 4,
    "sat": 5,
    "saturday": 5,
    "周六": 5,
    "星期六": 5,
    "sun": 6,
    "sunday": 6,
    "周日": 6,
    "星期日": 6,
    "星期天": 6,
}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(KnowledgeError):
    """A /subscribe argument that is not a schedule."""


@dataclass(frozen=True)
class Schedule:
    cadence: str  # daily | weekly
    at_time: str  # HH:MM
    weekday: int | None = None
    topics: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.cadence == "weekly" and self.weekday is not None:
            return f"weekly, {DAY_NAMES[self.weekday]} {self.at_time}"
        return f"daily, {self.at_time}"


def parse_schedule(words: list[str], known_topics: set[str], *, topic_for: dict[str, str]) -> Schedule:
    """`[daily HH:MM | weekly <day> HH:MM] [topics…]`; the default is daily at 09:00."""
    words = [w.strip().lower() for w in words if w.strip()]
    cadence, weekday, at_time = "daily", None, "09:00"
    if words and words[0] in ("daily", "每天", "每日"):
        words = words[1:]
    elif words and words[0] in ("weekly", "每周"):
        if len(words) < 2 or words[1] not in WEEKDAYS:
            raise ScheduleError("weekly needs a day, e.g. /subscribe weekly mon 09:00")
        cadence, weekday, words = "weekly", WEEKDAYS[words[1]], words[2:]
    if words and _TIME.match(words[0]):
        hours, minutes = words[0].split(":")
        at_time, words = f"{int(hours):02d}:{minutes}", words[1:]
    elif words and re.match(r"^\d", words[0]):
        raise ScheduleError(f"{words[0]!r} is not a time of day; use HH:MM, e.g. 09:00")
    topics: list[str] = []
    for word in words:
        topic = word if word in known_topics else topic_for.get(word)
        if topic is None:
            raise ScheduleError(f"unknown topic {word!r}; topics: {', '.join(sorted(known_topics))}")
        if topic not in topics:
            topics.append(topic)
    return Schedule(cadence, at_time, weekday, tuple(topics))
