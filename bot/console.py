"""`policybot chat`: the bot's commands in a terminal, on the embedded store, with no token and no network.

Lines are read from standard input; a line starting with `/` is a command, anything else a
question. Inline buttons are listed as [1], [2] …; typing the number presses the button.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.settings import Settings
from handlers import admin, browse, questions
from handlers.replies import Reply
from knowledge.service import Knowledge

PROMPT = "policybot> "
CONSOLE_ONLY = (
    "Digests are delivered to Telegram chats; try /subscribe there. 摘要订阅请在 Telegram 群里使用。"
)


class Console:
    """Routes a line to the same reply builders the Telegram handlers use."""

    def __init__(self, knowledge: Knowledge, settings: Settings) -> None:
        self.knowledge = knowledge
        self.settings = settings
        self.buttons: list[tuple[str, str]] = []
        k = knowledge
        self.commands: dict[str, Callable[[str], Reply]] = {
            "start": lambda _: questions.help_reply(),
            "help": lambda _: questions.help_reply(),
            "ask": lambda arg: questions.ask_reply(k, arg) if arg.strip() else Reply("Usage: /ask QUESTION"),
            "who": lambda arg: browse.who_reply(k, arg),
            "region": lambda arg: browse.region_reply(k, arg),
            "figures": lambda arg: browse.figures_reply(k, arg),
            "sources": lambda _: browse.sources_reply(k),
            "source": lambda arg: browse.source_reply(k, arg),
            "latest": lambda _: browse.latest_reply(k),
            "reload": lambda _: admin.reload_reply(k, settings.inbox_dir),
            "stats": lambda _: admin.stats_reply(k),
        }
        for name in ("subscribe", "unsubscribe", "settings", "digest", "digest_now", "ingest"):
            self.commands[name] = lambda _: Reply(CONSOLE_ONLY)

    def handle(self, line: str) -> Reply | None:
        line = line.strip()
        if not line:
            return None
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.press(self.buttons[int(line) - 1][1])
        if line.startswith("/"):
            name, _, arg = line[1:].partition(" ")
            command = self.commands.get(name.split("@")[0].lower())
            if command is None:
                return Reply(f"Unknown command /{name}. See /help. 未知命令。")
            return command(arg)
        return questions.ask_reply(self.knowledge, line)

    def press(self, data: str) -> Reply:
        if data.startswith("fact:"):
            return questions.fact_reply(self.knowledge, data[5:])
        if data.startswith("who:"):
            return browse.who_reply(self.knowledge, data[4:])
        _, command, offset, key = data.split(":", 3)
        return browse.PAGERS[command](self.knowledge, key, int(offset))

    def show(self, reply: Reply, out: TextIO) -> None:
        self.buttons = reply.buttons
        out.write(reply.plain + "\n")
        for number, (label, _) in enumerate(reply.buttons, start=1):
            out.write(f"  [{number}] {label}\n")
        out.write("\n")
        out.flush()


QUIT = frozenset({"/quit", "/exit", "/q"})


def run_console(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    knowledge = Knowledge.open(settings.resolved_database_url, settings.seeds_dir)
    console = Console(knowledge, settings)
    interactive = stdin.isatty()
    snapshot = knowledge.snapshot
    stdout.write(
        f"China AI policy bot — {len(snapshot.facts)} facts from {len(snapshot.articles)} articles. "
        "Ask in Chinese or English; /help lists commands; /quit or Ctrl-D quits.\n\n"
    )
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip() in QUIT:
            break
        reply = console.handle(line)
        if reply is not None:
            if not interactive:
                stdout.write(f"{PROMPT}{line.strip()}\n")
            console.show(reply, stdout)
    knowledge.close()
    return 0
