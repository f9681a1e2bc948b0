"""Errors written for students: one short sentence on what went wrong and what to do.

Every error the course raises on purpose is a :class:`CourseError`; ``cl.start()`` shows
them as a short message instead of a traceback.

Example:
    >>> raise DataError("timeline.csv", "the file is missing", row=None)
    Traceback (most recent call last):
    ...
    course_lib.errors.DataError: Course data problem in timeline.csv: the file is missing
"""

from __future__ import annotations


class CourseError(Exception):
    """Base class: ``str(err)`` is a message a student can act on."""

    hint: str = ""

    def friendly(self) -> str:
        """The message with its hint, as shown in a notebook."""
        return f"{self}\n{self.hint}".strip()


class DataError(CourseError):
    """A shipped or instructor-supplied data file is missing or malformed."""

    hint = (
        "This is a problem with the course files, not with your work. "
        "Tell your instructor; reinstalling the course usually fixes it."
    )

    def __init__(self, file: str, problem: str, row: int | None = None):
        self.file, self.problem, self.row = file, problem, row
        where = f"{file}, line {row}" if row is not None else file
        super().__init__(f"Course data problem in {where}: {problem}")


class RunOrderError(CourseError):
    """A cell was run before the cell it depends on."""

    hint = "Tip: use Run > Run All Above, then run this cell again."


class AnswerError(CourseError):
    """An answer could not be understood (only raised where a caller asks for it)."""
