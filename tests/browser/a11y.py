"""axe-core audits in the real browser, shared by the website and JupyterLab tests.

axe's script comes with the PyPI package ``axe-playwright-python`` (no npm, no network);
:data:`AXE_VERSION` says which axe-core it bundles. Each audit is recorded in
:data:`RESULTS`; the browser conftest prints them at the end of the run and writes
``tests/artifacts/axe-report.json``.

Known violations that come from code other branches own are listed in :data:`KNOWN_COURSE`
with the exact fix; they are printed (never hidden) and a stale entry fails, so the list
shrinks as fixes land.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SERIOUS = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")
# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, empty table headers, …)
AXE_OPTIONS = {"resultTypes": ["violations"]}


def axe_script_path() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def axe_version() -> str:
    head = axe_script_path().read_text(encoding="utf-8")[:300]
    match = re.search(r"axe v([0-9.]+)", head)
    return match.group(1) if match else "unknown"


AXE_VERSION = axe_version() if axe_script_path().exists() else "missing"


@dataclass
class Audit:
    """One axe run: where, which theme, which part of the page, and its violations."""

    where: str
    theme: str
    scope: str  # "page", "course outputs", "JupyterLab chrome"
    violations: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(v.get("impact") or "minor" for v in self.violations)
        return {impact: found.get(impact, 0) for impact in IMPACTS}

    def rules(self) -> list[str]:
        return [f"{v['id']} ({v.get('impact')}, {len(v['nodes'])} nodes)" for v in self.violations]

    def serious(self) -> list[dict]:
        return [v for v in self.violations if v.get("impact") in SERIOUS]

    def line(self) -> str:
        counts = " ".join(f"{k}={n}" for k, n in self.counts().items())
        rules = "; ".join(self.rules()) or "none"
        return f"{self.where} [{self.theme}, {self.scope}]: {counts} | {rules}"


RESULTS: list[Audit] = []


def run_axe(page, where: str, theme: str, scope: str = "page", context=None) -> Audit:
    """Run axe-core in ``page`` (optionally on a ``context``: include/exclude selectors)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script_path()))
    response = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [context, AXE_OPTIONS],
    )
    audit = Audit(where, theme, scope, response["violations"])
    RESULTS.append(audit)
    return audit


def describe(violations: list[dict], limit: int = 4) -> str:
    """Rule, impact and the first few failing nodes (selector and axe's summary)."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v.get('help')}")
        for node in v["nodes"][:limit]:
            summary = " ".join((node.get("failureSummary") or "").split())[:240]
            lines.append(f"    {node.get('target')}: {summary}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- JupyterLab

# Violations in JupyterLab's own interface (not the course), with their upstream issues.
# Listed in the report, never counted against the course.
UPSTREAM_LAB = {
    "aria-allowed-attr": "jupyterlab/jupyterlab#16891 (aria-pressed on toolbar jp-button)",
    "aria-required-children": "jupyterlab/jupyterlab#16890 (windowed notebook list roles)",
    "aria-input-field-name": "jupyterlab/jupyterlab#9399 (CodeMirror cell editors unnamed)",
    "scrollable-region-focusable": "jupyterlab/jupyterlab#9399 (scrollers not keyboard-focusable)",
    "region": "jupyterlab/jupyterlab#17461 (landmarks), #9399",
}

# Serious or critical violations inside the course's outputs whose cause lives in code this
# branch does not own: (rule id, fragment of the node's selector or HTML) -> owner and fix.
# Printed with every run; the assertions ignore only these; the lead removes an entry when
# its fix lands (a stale entry is reported by test_known_lab_violations_still_seen).
KNOWN_COURSE: dict[tuple[str, str], str] = {
    ("aria-input-field-name", "noUi-handle"): (
        "upstream ipywidgets: a slider's description never reaches the noUiSlider handle "
        "(role=slider, no aria-label); noUiSlider's handleAttributes option exists "
        "(leongersen/noUiSlider#1223) but ipywidgets does not set it"
    ),
}


def split_known(audit: Audit) -> tuple[list[dict], list[str]]:
    """(serious violations not explained, explanations used) for a course-output audit."""
    unexplained, used = [], []
    for v in audit.serious():
        nodes = [n for n in v["nodes"] if not _known(v["id"], n, used)]
        if nodes:
            unexplained.append(dict(v, nodes=nodes))
    return unexplained, used


def _known(rule: str, node: dict, used: list[str]) -> bool:
    target = " ".join(str(t) for t in node.get("target", []))
    markup = node.get("html", "")
    for (known_rule, fragment), fix in KNOWN_COURSE.items():
        if rule == known_rule and (fragment in target or fragment in markup):
            if fix not in used:
                used.append(fix)
            return True
    return False


LAB_THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
OUTPUTS = ".jp-OutputArea-output"


def set_lab_theme(page, theme: str) -> None:
    """Switch JupyterLab's theme (``light`` or ``dark``) and wait until it applies."""
    page.evaluate(
        "(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})",
        LAB_THEMES[theme],
    )
    page.wait_for_function(
        "(light) => document.body.dataset.jpThemeLight === light",
        arg="true" if theme == "light" else "false",
        timeout=30_000,
    )
    page.wait_for_timeout(400)  # the theme's CSS variables settle after the attribute


def audit_lab(page, name: str) -> list[Audit]:
    """axe on a run notebook, light then dark: the course's outputs, and JupyterLab's own
    interface apart from them. Leaves the light theme on."""
    audits = []
    try:
        for theme in ("light", "dark"):
            set_lab_theme(page, theme)
            scope = {"include": [[f"{OUTPUTS}"]]}
            audits.append(run_axe(page, name, theme, "course outputs", scope))
            chrome = {"exclude": [[f"{OUTPUTS}"]]}
            audits.append(run_axe(page, name, theme, "JupyterLab chrome", chrome))
    finally:
        set_lab_theme(page, "light")
    return audits
