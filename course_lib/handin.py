"""Hand in your answers: one plain file that names its student and holds every attempt.

``cl.export_progress()`` writes who answered (the name you give, else ``$JUPYTERHUB_USER``,
else it asks you once), the course version, and every attempt with its answer and time, not
only the last one. The file is plain data (JSON, or CSV for a spreadsheet). Editing it
gains nothing: the instructor's ``class-report`` re-grades every answer from the
instructor's own keys and ignores the ``correct`` flags written here.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> import course_lib as cl
    >>> folder = Path(tempfile.mkdtemp())
    >>> cl.export_progress(folder / "answers.json", student="Ayla Mammadova").student
    'Ayla Mammadova'
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__, progress
from .errors import CourseError

FORMAT = "balancing-act-answers"
FORMAT_VERSION = 2
HUB_USER_ENV = "JUPYTERHUB_USER"
ATTEMPT_FIELDS = ("question_id", "notebook", "answer", "correct", "status", "time")
CSV_COLUMNS = ("student", "course_version", "exported") + ATTEMPT_FIELDS
PROMPT = "Your name, as your instructor knows you (then press Enter): "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_asked: dict[str, str] = {}  # the name typed in this kernel: asked once, not on every export


class NameNeeded(CourseError):
    """No student name could be found or asked for."""

    hint = 'Give your name when you export: cl.export_progress(student="Your Name").'


@dataclass
class HandIn:
    """What :func:`export_progress` wrote. Use it like a path (``open(result)``)."""

    path: Path
    student: str
    answers: int
    questions: int

    def __fspath__(self) -> str:
        return str(self.path)

    def text(self) -> str:
        return (
            f"Saved {self.answers} answers to {self.questions} questions for {self.student} "
            f"in {self.path}. Hand this file to your instructor (it is yours to keep, too)."
        )

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        import html

        return f'<p role="status">📤 {html.escape(self.text())}</p>'


def attempt_status(attempt: dict[str, Any]) -> str:
    """``correct``, ``incorrect`` or ``recorded``, also for attempts saved without a status.

    Example:
        >>> attempt_status({"correct": None}), attempt_status({"correct": False})
        ('recorded', 'incorrect')
    """
    status = attempt.get("status")
    if status in ("correct", "incorrect", "recorded"):
        return status
    correct = attempt.get("correct")
    if correct is None:
        return "recorded"
    return "correct" if correct else "incorrect"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _ask_name() -> str | None:
    """Ask in the notebook, once per kernel; None where nobody can answer.

    A kernel run by nbclient or nbconvert has no stdin: ``input()`` raises at once there
    (``StdinNotImplementedError``), so an automated run never waits for a keyboard.
    """
    if "name" in _asked:
        return _asked["name"]
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    in_kernel = shell is not None and getattr(shell, "kernel", None) is not None
    if not in_kernel and not (sys.stdin is not None and sys.stdin.isatty()):
        return None
    try:
        typed = input(PROMPT)
    except Exception:  # noqa: BLE001 - no frontend for input, closed stdin: just do not ask
        return None
    name = " ".join(str(typed).split())
    if name:
        _asked["name"] = name
    return name or None


def student_name(student: str | None = None) -> tuple[str, str]:
    """``(name, where it came from)``: the argument, ``$JUPYTERHUB_USER``, or asked once.

    Example:
        >>> student_name("  Ayla   Mammadova ")
        ('Ayla Mammadova', 'argument')
    """
    if student is not None:
        name = " ".join(str(student).split())
        if not name:
            raise NameNeeded("The student name is blank.")
        return name, "argument"
    hub = os.environ.get(HUB_USER_ENV, "").strip()
    if hub:
        return hub, HUB_USER_ENV
    asked = _ask_name()
    if asked:
        return asked, "asked"
    raise NameNeeded(
        "Who is handing in? This notebook cannot ask you (it runs without a keyboard, "
        "for example in an automatic run), and no JupyterHub user name is set."
    )


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "student"


def _plain_attempt(attempt: dict[str, Any]) -> dict[str, Any]:
    row = {name: attempt.get(name) for name in ATTEMPT_FIELDS}
    row["status"] = attempt_status(attempt)
    if not isinstance(row["correct"], bool):
        row["correct"] = None
    return row


def spreadsheet_safe(value: Any) -> str:
    """A CSV cell that spreadsheets show as text, never run as a formula.

    Example:
        >>> spreadsheet_safe("=HYPERLINK(1)")
        "'=HYPERLINK(1)"
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_progress(
    path: str | os.PathLike[str] | None = None, student: str | None = None
) -> HandIn:
    """Write your answers for your instructor (``.json``, or ``.csv`` for a spreadsheet).

    ``path`` defaults to ``balancing_act_<name>.json`` in the notebook's folder. The file
    holds your name, the course version and every attempt (question, notebook, answer,
    whether it was right, status, time in UTC). Returns a :class:`HandIn`.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "my_answers.csv"
        >>> print(export_progress(target, student="Ayla"))  # doctest: +ELLIPSIS
        Saved 0 answers to 0 questions for Ayla in .../my_answers.csv. Hand this file ...
    """
    name, source = student_name(student)
    target = (
        Path(path).expanduser() if path is not None else Path(f"balancing_act_{_slug(name)}.json")
    )
    suffix = target.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CourseError(
            f"Choose a file name ending in .json or .csv (got {target.name!r}), "
            'e.g. cl.export_progress("my_answers.json").'
        )
    current = progress.store()
    current.flush()  # answers kept in memory are exported as well, and saved if possible
    attempts = [_plain_attempt(a) for a in current.attempts() if isinstance(a, dict)]
    exported = _now()
    if suffix == ".json":
        payload = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "course_version": __version__,
            "student": name,
            "student_from": source,
            "exported": exported,
            "attempts": attempts,
        }
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    else:
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for row in attempts:
                writer.writerow(
                    [spreadsheet_safe(name), __version__, exported]
                    + [row["question_id"], row["notebook"]]
                    + [json.dumps(row["answer"], ensure_ascii=False)]
                    + [{True: "true", False: "false"}.get(row["correct"], "")]
                    + [row["status"], row["time"]]
                )
    questions = len({a["question_id"] for a in attempts})
    return HandIn(target, name, len(attempts), questions)
