"""benchmarks/RESULTS.md holds one section per benchmark; each benchmark rewrites only its own."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def save_section(path: Path, heading: str, body: str) -> None:
    """Replace the section that starts with the line `heading` by `heading` and `body`, or add it at
    the end of the file.

    A section runs from its heading (`# ` or `## `) to the next such heading outside a fenced code
    block. The section's hand-written notes, from its first `### ` heading on, are kept after the
    new body; every other section is kept as it is.
    """
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    sections = _sections(current)
    body = body.strip("\n")
    new = f"{heading}\n\n{body}\n"
    for i, section in enumerate(sections):
        if section.split("\n", 1)[0] == heading:
            notes = section[section.index("\n### ") + 1 :] if "\n### " in section else ""
            sections[i] = f"{new}\n{notes}" if notes else new
            break
    else:
        sections.append(new)
    path.write_text("\n".join(s.rstrip("\n") + "\n" for s in sections if s.strip()), encoding="utf-8")


def _sections(text: str) -> list[str]:
    """The text cut before every `# ` and `## ` heading line that is not inside a ``` block."""
    sections: list[list[str]] = [[]]
    fenced = False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith(("# ", "## ")):
            sections.append([])
        sections[-1].append(line)
    return ["".join(lines) for lines in sections if lines]


def machine(packages: Iterable[str]) -> str:
    """CPU, cores, memory, OS, Python, the given packages' versions and the load average now."""
    cpu = platform.processor() or platform.machine()
    memory = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // (1024 * 1024)
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = ", ".join(f"{name} {version(name)}" for name in packages)
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {versions}; load average at the end {load}"
    )
