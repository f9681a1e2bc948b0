"""Execute a notebook the way a student would (top to bottom, fresh kernel, elsewhere)."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
from conftest import kernel_env, make_ipython_dir
from nbclient import NotebookClient


def execute(
    path: Path, workdir: Path, timeout: int = 180, **env: str
) -> tuple[nbformat.NotebookNode, float]:
    """Run every cell; return the executed notebook and the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    ipython_dir = make_ipython_dir(workdir / "ipython")
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
        allow_errors=True,
    )
    started = time.perf_counter()
    client.execute(env=kernel_env(home, ipython_dir, **env))
    return nb, time.perf_counter() - started


def errors(nb: nbformat.NotebookNode) -> list[str]:
    """Every error output, as 'cell N: Name: message'."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out['ename']}: {out['evalue']}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                if "Traceback" in text or "Error" in text:
                    found.append(f"cell {i}: stderr: {text[:300]}")
    return found


def shows_figure(nb: nbformat.NotebookNode) -> bool:
    """True when some output is a picture (a PNG, or HTML carrying an <img>)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data or "<img" in data.get("text/html", ""):
                return True
    return False


def mime_types(nb: nbformat.NotebookNode) -> set[str]:
    """All MIME types in the notebook's display outputs."""
    kinds: set[str] = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            kinds.update(out.get("data", {}).keys())
    return kinds
