"""Reading and writing dates the same way everywhere in the course.

Students type dates as ``'2022-02-22'``; only that form (or a date object) is accepted, because
looser parsing quietly guesses (``'22 Feb'`` would get this year). Unreadable dates raise a
:class:`~course_lib.errors.CourseError` subclass that says how to write one.

Example:
    >>> parse_date("2022-02-22").day
    22
    >>> format_date(parse_date("2021-06-01"), "month")
    'June 2021'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from .errors import CourseError, shown

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateError(CourseError):
    """A date the course cannot read."""

    hint = "Write the date like '2022-03-18' (year-month-day, in quotes)."


def parse_date(
    value: Any, what: str = "date", error: type[CourseError] = DateError
) -> pd.Timestamp:
    """A midnight Timestamp from ``'YYYY-MM-DD'``, a date, a datetime or a Timestamp.

    Raises ``error`` (a CourseError subclass) with a message naming ``what`` otherwise.
    """
    stamp: Any = pd.NaT
    try:
        if isinstance(value, str) and ISO_DAY.match(value.strip()):
            stamp = pd.Timestamp(value.strip())
        elif isinstance(value, dt.date):  # also datetime and pandas.Timestamp
            stamp = pd.Timestamp(value)
    except (ValueError, OverflowError):  # 2022-02-30, or a year pandas cannot hold
        stamp = pd.NaT
    if pd.isna(stamp):
        raise error(
            f"I could not read {shown(value)} as a {what}. Write it like '2022-02-22' "
            "(year-month-day, in quotes)."
        )
    if stamp.tzinfo is not None:  # the calendar day where it was written, not UTC's
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def format_date(stamp: pd.Timestamp | dt.date, precision: str = "day") -> str:
    """'22 February 2022', 'June 2021' or '1923': only as precise as the data is."""
    if precision == "year":
        return f"{stamp.year}"
    if precision == "month":
        return f"{stamp:%B} {stamp.year}"
    return f"{stamp.day} {stamp:%B} {stamp.year}"
