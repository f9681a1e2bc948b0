"""Student versions of the notebooks: teaching notes and model answers removed.

The course keeps one source per notebook; cells tagged ``instructor`` hold what only the
instructor should see. The student build drops them and clears every output, keeping the
rest of the metadata (course details, slide types, kernelspec).

Example:
    >>> import tempfile
    >>> source = Path(tempfile.mkdtemp())
    >>> nbformat.write(nbformat.v4.new_notebook(), source / "01_intro.ipynb")
    >>> [nb.name for nb in build_student(source, source / "student")]
    ['01_intro.ipynb']
    >>> import shutil; shutil.rmtree(source)
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from .slides import check_out_dir, notebook_paths, read_notebook, staged

INSTRUCTOR_TAG = "instructor"


def is_instructor_cell(cell: nbformat.NotebookNode) -> bool:
    """True for a cell tagged ``instructor``."""
    return INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", [])


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without instructor cells and without outputs.

    Saved widget state goes too: like outputs, it belongs to a run, not to the course.

    Example:
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x")])
        >>> len(student_notebook(nb).cells)
        1
    """
    out = copy.deepcopy(nb)
    out.cells = [cell for cell in out.cells if not is_instructor_cell(cell)]
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    out.metadata.pop("widgets", None)
    return out


def build_student(source: Path, out: Path) -> list[Path]:
    """Write the student version of every notebook in ``source`` into ``out``.

    The source notebooks are only read, never changed.
    """
    source, out = Path(source), Path(out)
    check_out_dir(source, out)
    built = {path.name: student_notebook(read_notebook(path)) for path in notebook_paths(source)}
    with staged(out) as tmp:
        for name, nb in built.items():
            nbformat.validate(nb)
            # same layout as the committed notebooks (indent 1, UTF-8), so diffs stay small
            text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
            (tmp / name).write_text(text, encoding="utf-8")
    return [out / name for name in built]
