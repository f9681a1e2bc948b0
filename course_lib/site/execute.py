"""Executed notebooks for the website and the handouts, run once and cached.

Each notebook runs through :func:`course_lib.slides.execute_notebook` (a throwaway
``COURSE_LIB_HOME``, no widget state kept), with two cells added in memory and removed
again afterwards: one that refuses network connections in the kernel, and one after the
set-up cell that saves figures at print resolution (the website scales them down).

A run depends only on the notebook's code cells and on the course library and data, so
the cache key is a hash of exactly those: the student and instructor versions of a
notebook (which differ in markdown cells only) share one run, and editing a notebook's
text does not run it again.

``ExecutionCache(folder).executed(nb)`` returns the executed copy of ``nb``, running it only
when no run with the same key is cached (a run takes seconds, so it has no example here).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

PRINT_DPI = 200  # figures in handouts; the website shows them at the notebooks' 100 dpi
SCREEN_DPI = 100
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MARKER = "course-site-injected"  # cell metadata key of the cells added in memory
PACKAGE = Path(__file__).resolve().parents[1]

_NO_NETWORK = """\
import socket as _socket

def _course_site_offline(*args, **kwargs):
    raise OSError("the course website is built offline: no network in this kernel")

_socket.socket.connect = _course_site_offline
_socket.socket.connect_ex = _course_site_offline
_socket.create_connection = _course_site_offline
del _socket, _course_site_offline
"""
_PRINT_FIGURES = f"""\
import matplotlib as _mpl
_mpl.rcParams["savefig.dpi"] = {PRINT_DPI}
del _mpl
"""
# the folder execute_notebook creates for answers; its random name must not reach a page
_TEMP_HOME = re.compile(re.escape(tempfile.gettempdir()) + r"/course-slides-[A-Za-z0-9_]+")
STABLE_HOME = "~/.balancing_act"


def _sha(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def library_fingerprint() -> str:
    """A hash of everything a run depends on besides the notebook: code, data, banks."""
    from .. import data

    # the website and handout code itself does not change what a notebook computes
    code = [
        p
        for p in sorted(PACKAGE.rglob("*.py"))
        if "site" not in p.relative_to(PACKAGE).parts[:1] and p.name != "handouts.py"
    ]
    folder = data.data_dir()
    files = [(p.relative_to(PACKAGE), p) for p in code] + [
        (p.relative_to(folder), p) for p in sorted(folder.rglob("*")) if p.is_file()
    ]
    return _sha(str(rel).encode() + path.read_bytes() for rel, path in files)


def code_key(nb: nbformat.NotebookNode, fingerprint: str) -> str:
    """The cache key of a run: the code cells in order, plus the library fingerprint."""
    code = [c.source.encode() for c in nb.cells if c.cell_type == "code"]
    return _sha([fingerprint.encode(), str(PRINT_DPI).encode(), *code])


def _is_setup(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and "cl.start(" in cell.source


def _injected(source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata[MARKER] = True
    return cell


def prepare(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with the two helper cells added (outputs cleared)."""
    run = copy.deepcopy(nb)
    cells = [_injected(_NO_NETWORK)]
    for cell in run.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        if _is_setup(cell):
            cells.append(_injected(_PRINT_FIGURES))
    run.cells = cells
    return run


def clean_output(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop widget views (a static page has no kernel: the HTML fallback shows instead) and
    replace the throwaway answers folder's random name with a stable one."""
    data = output.get("data")
    if data is not None:
        data.pop(WIDGET_VIEW, None)
        for mime, value in list(data.items()):
            if isinstance(value, str) and mime.startswith("text/"):
                data[mime] = _TEMP_HOME.sub(STABLE_HOME, value)
    if isinstance(output.get("text"), str):
        output["text"] = _TEMP_HOME.sub(STABLE_HOME, output["text"])
    return output


def finish(run: nbformat.NotebookNode) -> list[list[dict]]:
    """The outputs of the notebook's own code cells, in order, cleaned."""
    outputs = []
    for cell in run.cells:
        if cell.cell_type != "code" or cell.metadata.get(MARKER):
            continue
        outputs.append([clean_output(o) for o in cell.outputs])
    return outputs


class ExecutionCache:
    """Executed notebooks on disk, keyed by :func:`code_key` (``folder/<key>.json``)."""

    def __init__(self, folder: Path | None, timeout: int = 600):
        self.folder = Path(folder) if folder is not None else None
        self.timeout = timeout
        self._fingerprint: str | None = None
        self.ran: list[str] = []  # titles of the notebooks actually executed (not cached)

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = library_fingerprint()
        return self._fingerprint

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.json" if self.folder is not None else None

    def outputs(self, nb: nbformat.NotebookNode, name: str = "") -> list[list[dict]]:
        """The outputs of each code cell of ``nb`` (run now, or read from the cache)."""
        from ..slides import execute_notebook

        key = code_key(nb, self.fingerprint)
        path = self._path(key)
        if path is not None and path.is_file():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass  # a damaged entry: run again
        outputs = finish(execute_notebook(prepare(nb), timeout=self.timeout))
        self.ran.append(name or key[:12])
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(outputs), encoding="utf-8")
            tmp.replace(path)
        return outputs

    def executed(self, nb: nbformat.NotebookNode, name: str = "") -> nbformat.NotebookNode:
        """A copy of ``nb`` with the outputs of its run filled in."""
        outputs = self.outputs(nb, name)
        done = copy.deepcopy(nb)
        code = [c for c in done.cells if c.cell_type == "code"]
        for cell, cell_outputs in zip(code, outputs, strict=True):
            cell.outputs = [nbformat.from_dict(o) for o in cell_outputs]
        done.metadata.pop("widgets", None)
        return done

    def run_all(
        self,
        notebooks: dict[str, nbformat.NotebookNode],
        jobs: int = 2,
        progress: Callable[[str], None] | None = None,
    ) -> dict[str, nbformat.NotebookNode]:
        """Execute several notebooks (``jobs`` kernels at a time), keyed like the input."""

        def one(item: tuple[str, nbformat.NotebookNode]) -> tuple[str, nbformat.NotebookNode]:
            name, nb = item
            done = self.executed(nb, name)
            if progress is not None:
                progress(name)
            return name, done

        items = list(notebooks.items())
        if jobs <= 1 or len(items) <= 1:
            return dict(map(one, items))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return dict(pool.map(one, items))
