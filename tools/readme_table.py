"""Regenerate the README's table of notebooks from the notebooks' own metadata.

Usage: ``python tools/readme_table.py`` (rewrites README.md between the markers);
``python tools/readme_table.py --check`` exits 1 when the README is out of date.
The test suite runs the check, so the table never drifts from the notebooks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
START, END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def table() -> str:
    """The Markdown table, one row per notebook in order."""
    lines = [
        "| # | Notebook | You will be able to | Time | Before it |",
        "|---|---|---|---|---|",
    ]
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata["course"]
        goals = "; ".join(meta["objectives"])
        before = ", ".join(meta["prerequisites"]) or "—"
        link = f"[{meta['title']}](notebooks/{path.name})"
        lines.append(f"| {meta['id']} | {link} | {goals} | {meta['time_minutes']} min | {before} |")
    return "\n".join(lines)


def render(readme: str) -> str:
    """README text with the table between the markers replaced."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    path = REPO / "README.md"
    current = path.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md's notebook table is out of date: run python tools/readme_table.py")
            return 1
        return 0
    path.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
