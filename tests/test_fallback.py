"""Without widgets the notebooks still teach: every notebook runs with widgets switched off
and with ipywidgets missing, and still shows its figures (with alt text) and text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS
from notebook_runner import errors, execute

IDS = [p.stem for p in NOTEBOOKS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMG_WITH_ALT = re.compile(r"""<img\b[^>]*\balt\s*=\s*"([^"]{10,})""", re.I)

pytestmark = [pytest.mark.slow, pytest.mark.notebook]


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in nb.cells for out in cell.get("outputs", [])]


def _shows_figures_and_text(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """(figures, texts): PNG images or <img> in HTML; plain text or HTML text outputs."""
    figures = texts = 0
    for out in _outputs(nb):
        data = out.get("data", {})
        html = data.get("text/html", "")
        if isinstance(html, list):
            html = "".join(html)
        if "image/png" in data or "<img" in html:
            figures += 1
        if out.get("output_type") == "stream" or "text/plain" in data or html:
            texts += 1
    return figures, texts


def _no_ipywidgets(root: Path) -> dict[str, str]:
    """PYTHONPATH that makes ``import ipywidgets`` fail, as on a bare Python."""
    package = root / "no_ipywidgets" / "ipywidgets"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        'raise ImportError("ipywidgets is hidden for this test")\n', encoding="utf-8"
    )
    path = [str(package.parent)] + [p for p in [os.environ.get("PYTHONPATH", "")] if p]
    return {"PYTHONPATH": os.pathsep.join(path)}


MODES = {
    "widgets_off": lambda tmp: {"COURSE_LIB_NO_WIDGETS": "1"},
    "no_ipywidgets": _no_ipywidgets,
}


@pytest.fixture(scope="module")
def normal_run(tmp_path_factory):
    """Each notebook run once with widgets on (cached): what the fallback is compared with."""
    cache: dict[Path, nbformat.NotebookNode] = {}

    def get(path: Path) -> nbformat.NotebookNode:
        if path not in cache:
            cache[path], _ = execute(path, tmp_path_factory.mktemp("normal"))
        return cache[path]

    return get


def _figure_count(nb: nbformat.NotebookNode) -> int:
    return _shows_figures_and_text(nb)[0]


def _image_widgets(nb: nbformat.NotebookNode) -> int:
    """Image widgets in the run's saved widget state (nbclient stores it)."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    models = state.get("state", {}).values()
    return sum(m.get("model_name") == "ImageModel" for m in models)


def _widget_count(nb: nbformat.NotebookNode) -> int:
    return sum(WIDGET_VIEW in o.get("data", {}) for o in _outputs(nb))


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_works_without_widgets(path, mode, tmp_path, normal_run):
    nb, seconds = execute(path, tmp_path, **MODES[mode](tmp_path))
    assert errors(nb) == [], f"{path.name} ({mode}) raised errors"
    assert _widget_count(nb) == 0, f"{path.name} ({mode}) still displayed a widget"
    figures, texts = _shows_figures_and_text(nb)
    assert texts >= 3, f"{path.name} ({mode}) showed almost no text"

    normal = normal_run(path)
    # every cell that shows something with widgets still shows something without them
    silent = [
        i
        for i, (with_w, without) in enumerate(zip(normal.cells, nb.cells, strict=True))
        if with_w.get("outputs") and not without.get("outputs")
    ]
    assert not silent, f"{path.name} ({mode}): cells {silent} show nothing without widgets"
    # as many figures as with widgets (whose views carry their static figure beside the
    # widget), and at least one wherever a view draws (an Image widget)
    expected = max(_figure_count(normal), 1 if _image_widgets(normal) else 0)
    assert figures >= expected, f"{path.name} ({mode}): {figures} figures, expected {expected}+"
    print(f"{path.name} {mode}: {seconds:.1f} s, {figures} figures (at least {expected})")


def test_ipywidgets_really_hidden(tmp_path):
    """The hiding trick works, so the test above cannot pass by accident."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from course_lib.ui import widgets_available\nprint('widgets:', widgets_available())"
        )
    ]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    executed, _ = execute(path, tmp_path, **_no_ipywidgets(tmp_path))
    assert "widgets: False" in executed.cells[0].outputs[0]["text"]


def test_static_html_export_shows_figures_with_alt_text(tmp_path):
    """A notebook run with live widgets, saved the way JupyterLab saves it (no widget
    state), exported to HTML: each interactive view shows its figure with alt text."""
    from nbconvert import HTMLExporter

    path = NOTEBOOKS[0]
    nb, _ = execute(path, tmp_path)
    assert errors(nb) == []
    widget_outputs = [o for o in _outputs(nb) if WIDGET_VIEW in o.get("data", {})]
    assert widget_outputs, f"{path.name} showed no interactive view to fall back from"
    nb.metadata.pop("widgets", None)  # JupyterLab does not save widget state by default
    body, _ = HTMLExporter().from_notebook_node(nb)
    alts = IMG_WITH_ALT.findall(body)
    assert len(alts) >= len(widget_outputs), (len(alts), len(widget_outputs))
    assert "Error displaying widget" not in body
