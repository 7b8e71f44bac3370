"""The `policybot` command: `main` parses the arguments and runs one sub-command."""

from bot.cli.commands import main

__all__ = ["main"]
