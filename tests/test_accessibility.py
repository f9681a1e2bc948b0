"""Screen-reader structure: each notebook's headings form an outline (one H1 first, no level
skipped going down). Figures' alt text is tested with each figure."""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

IDS = [p.stem for p in NOTEBOOKS]
ATX = re.compile(r"^ {0,3}(#{1,6})\s+\S")
HTML_HEADING = re.compile(r"<h([1-6])\b", re.I)
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def heading_levels(markdown: str) -> list[int]:
    """Heading levels in a markdown text, outside code fences (``#`` lines and ``<hN>`` tags)."""
    levels, in_fence = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = ATX.match(line)
        if match:
            levels.append(len(match.group(1)))
        levels += [int(n) for n in HTML_HEADING.findall(line)]
    return levels


def outline_problems(levels: list[int]) -> list[str]:
    """What breaks the outline rule; empty when the headings are in order."""
    problems = []
    if not levels or levels[0] != 1:
        problems.append(f"the first heading is H{levels[0] if levels else '-'}, not H1")
    if levels.count(1) > 1:
        problems.append(f"{levels.count(1)} H1 headings")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"H{before} followed by H{after}")
    return problems


def test_outline_rule_catches_mistakes():
    assert outline_problems([1, 2, 3, 2, 2, 3]) == []
    assert outline_problems([1, 3]) == ["H1 followed by H3"]
    assert outline_problems([2, 1]) != []
    assert outline_problems([1, 2, 1]) == ["2 H1 headings"]
    assert heading_levels("# A\n```\n# not a heading\n```\n<h2>B</h2>\n#hashtag") == [1, 2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_headings_in_order(path):
    nb = nbformat.read(path, as_version=4)
    levels = [
        level
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for level in heading_levels(cell.source)
    ]
    assert outline_problems(levels) == [], path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_images_in_markdown_have_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not re.search(r"!\[\s*\]\(", text), f"{path.name}: a markdown image without alt text"
    assert not re.search(r"<img\b(?![^>]*\balt=\"[^\"]+\")[^>]*>", text, re.I), path.name
