"""benchmarks/RESULTS.md holds one section per benchmark; each benchmark rewrites only its own."""

from __future__ import annotations

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
