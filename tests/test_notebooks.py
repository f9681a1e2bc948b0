"""Every notebook runs top to bottom in a fresh kernel, from a folder outside the repo,
with the network blocked; and every notebook is committed clean and well-formed."""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import NOTEBOOKS, REPO
from notebook_runner import errors, execute, shows_figure

IDS = [p.stem for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert (REPO / "notebooks" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb, seconds = execute(path, tmp_path)
    assert errors(nb) == [], f"{path.name} raised errors"
    assert shows_figure(nb), f"{path.name} showed no figure"
    # nothing was written beside the notebook or into the repo by the run
    assert not (REPO / "notebooks" / ".ipynb_checkpoints").exists()
    print(f"{path.name}: {seconds:.1f} s")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_clean(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    nb = nbformat.from_dict(raw)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"
    assert nb.metadata.kernelspec.name == "python3"


def test_network_is_really_blocked_in_kernels(tmp_path):
    """The no-network start-up file works: a cell that connects gets the block error."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import socket\nsocket.create_connection(('127.0.0.1', 9))")
    ]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    executed, _ = execute(path, tmp_path)
    assert any("NetworkBlockedError" in e for e in errors(executed))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_result_is_hidden_by_a_semicolon(path):
    """Course functions return what they show: a trailing ';' would show students nothing."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip():
            last = cell.source.strip().splitlines()[-1]
            assert not last.rstrip().endswith(";"), f"{path.name} cell {i}: {last}"
