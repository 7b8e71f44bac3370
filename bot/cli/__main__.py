"""`python -m bot.cli`: the `policybot` command."""

import sys

from bot.cli.commands import main

sys.exit(main())
