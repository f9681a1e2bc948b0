"""The README's notebook table and commands match the project."""

from __future__ import annotations

import re
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import readme_table  # noqa: E402


def test_notebook_table_matches_metadata():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme_table.START in readme
    assert readme == readme_table.render(readme), "run: python tools/readme_table.py"


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"```bash\n(python3 -m pytest[^\n]*)\n```", readme).group(1)
    assert command in ci
    install = re.search(r"```bash\n(python3 -m pip install -r requirements\.txt)", readme).group(1)
    assert install in ci


def test_requirements_are_pinned():
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-e")):
            assert "==" in line, f"unpinned requirement: {line}"
