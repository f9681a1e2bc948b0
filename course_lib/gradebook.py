"""The class report's files: the gradebook (plain, Canvas and Moodle), questions, flags.

``python -m course_lib class-report EXPORT... --out DIR`` writes ``index.html`` (the page
for the projector, :mod:`course_lib.report_page`), ``gradebook.csv``,
``gradebook_canvas.csv``, ``gradebook_moodle.csv``, ``questions.csv`` and ``flags.csv``.
Every cell is data: text that a spreadsheet would run as a formula is prefixed with ``'``.

Example:
    >>> import tempfile
    >>> import course_lib as cl
    >>> written = write_report(cl.class_report([]).results, Path(tempfile.mkdtemp()))
    >>> [p.name for p in written][:3]
    ['index.html', 'gradebook.csv', 'gradebook_canvas.csv']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .class_results import ClassResults
from .handin import spreadsheet_safe

OUTPUTS = (
    "index.html",
    "gradebook.csv",
    "gradebook_canvas.csv",
    "gradebook_moodle.csv",
    "questions.csv",
    "flags.csv",
)
QUESTION_COLUMNS = (
    "question_id",
    "notebook",
    "students_answered",
    "correct_final",
    "correct_first_try",
    "top_wrong_answer",
    "top_wrong_share",
)


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[spreadsheet_safe(v) for v in row] for row in rows])


def _column(notebook: str) -> str:
    return f"nb{notebook}"


def write_gradebook(results: ClassResults, path: Path) -> None:
    """``student``, one score per notebook (re-graded fraction correct, final answers),
    ``total``."""
    notebooks = results.graded_notebooks
    rows = [
        [s.student]
        + [f"{results.score(s, nb):.3f}" for nb in notebooks]
        + [f"{results.score(s):.3f}"]
        for s in results.students
    ]
    _write_csv(path, ["student", *map(_column, notebooks), "total"], rows)


def _lms_title(notebook: str | None) -> str:
    return f"Balancing Act {notebook}" if notebook else "Balancing Act total"


def write_canvas(results: ClassResults, path: Path) -> None:
    """Canvas's gradebook import layout, with points (questions right).

    Canvas reads the identity columns ``Student``, ``ID``, ``SIS User ID``,
    ``SIS Login ID`` and ``Section`` (its own export's layout), then one column per
    assignment; a column whose name matches no assignment creates one, and the
    ``Points Possible`` row under the header gives the maximum. Canvas Instructor Guide,
    "How do I import grades in the Gradebook?"
    (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807);
    in practice Student, SIS Login ID and Section (which may be blank) are enough
    (PrairieLearn issue #4547). The student's course name goes in ``SIS Login ID``: with
    JupyterHub it is the login; otherwise match it to Canvas's before importing.
    """
    notebooks = results.graded_notebooks
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    header += [_lms_title(nb) for nb in notebooks] + [_lms_title(None)]
    possible = [len(results.gradable_ids(nb)) for nb in notebooks]
    rows: list[list[Any]] = [
        ["Points Possible", "", "", "", ""] + possible + [len(results.gradable_ids())]
    ]
    for s in results.students:
        points = [results.points(s, nb) for nb in notebooks]
        rows.append([s.student, "", "", s.student, ""] + points + [results.points(s)])
    _write_csv(path, header, rows)


def write_moodle(results: ClassResults, path: Path) -> None:
    """Moodle's CSV grade import, grades as percentages (0–100, a grade item's default
    range).

    Moodle takes a header row, then one row per student; at upload the instructor maps one
    column to a user field ("Map from" ``Username`` to "Map to" ``username``; ID number or
    email work the same) and each grade column to a grade item or a new one. Values must lie
    in the item's range. MoodleDocs, "Grade import" (https://docs.moodle.org/en/Grade_import).
    """
    notebooks = results.graded_notebooks
    header = ["Username"] + [_lms_title(nb) for nb in notebooks] + [_lms_title(None)]
    rows = [
        [s.student]
        + [f"{100 * results.score(s, nb):.1f}" for nb in notebooks]
        + [f"{100 * results.score(s):.1f}"]
        for s in results.students
    ]
    _write_csv(path, header, rows)


def write_questions(results: ClassResults, path: Path) -> None:
    rows = []
    for q in results.questions.values():
        top = q.top_wrong()
        rows.append(
            [
                q.id,
                q.notebook,
                q.answered,
                q.correct_final if q.gradable else "",
                q.correct_first if q.gradable else "",
                top[0] if top else "",
                f"{q.top_wrong_share():.3f}" if top else "",
            ]
        )
    _write_csv(path, QUESTION_COLUMNS, rows)


def write_flags(results: ClassResults, path: Path) -> None:
    _write_csv(path, ["student", "flag"], results.flags)


def write_report(results: ClassResults, out: Path, anonymise: bool = False) -> list[Path]:
    """Write every output file into ``out`` (created if needed); returns their paths."""
    from .report_page import render_page

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(render_page(results, anonymise=anonymise), "utf-8")
    write_gradebook(results, out / "gradebook.csv")
    write_canvas(results, out / "gradebook_canvas.csv")
    write_moodle(results, out / "gradebook_moodle.csv")
    write_questions(results, out / "questions.csv")
    write_flags(results, out / "flags.csv")
    return [out / name for name in OUTPUTS]
