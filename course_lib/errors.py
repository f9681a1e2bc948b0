"""Errors written for students: one short sentence on what went wrong and what to do.

Every error the course raises on purpose is a :class:`CourseError`; ``cl.start()`` shows
them as a short message instead of a traceback. (Run-order problems need no class of their
own: a skipped cell surfaces as a ``NameError``, which ``cl.start()`` explains the same way.)

Example:
    >>> raise DataError("timeline.csv", "the file is missing", row=None)
    Traceback (most recent call last):
    ...
    course_lib.errors.DataError: Course data problem in timeline.csv: the file is missing
"""

from __future__ import annotations

from typing import Any


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


class ArgumentError(CourseError):
    """A public function was given a value of the wrong kind (a list where an id belongs)."""

    hint = "Compare the call with the example in the notebook or in help(cl.<name>)."


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message may quote it: its repr, cut with an ellipsis (a 1 MB string or
    a 5,000-digit number is never echoed in full).

    Example:
        >>> shown("x" * 1000, limit=8)
        "'xxxxxx…"
        >>> shown(10**5000)
        'a very large int'
    """
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - e.g. ints beyond Python's 4,300-digit printing limit
        return f"a very large {type(value).__name__}"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
