"""Reading and writing dates the same way everywhere in the course.

Students type dates as ``'2022-02-22'``; only that form (or a date object) is accepted, because
looser parsing quietly guesses (``'22 Feb'`` would get this year). Unreadable dates raise a
:class:`~course_lib.errors.CourseError` subclass that says how to write one. Every date the
course writes (titles, captions, alt text, slider labels) comes from :func:`format_date`.

Example:
    >>> parse_date("2022-02-22").day
    22
    >>> format_date(parse_date("2021-06-01"), "month")
    'June 2021'
    >>> format_date("2022-02-22", short=True)
    '22 Feb 2022'
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

    Example:
        >>> parse_date("22 Feb")
        Traceback (most recent call last):
        ...
        course_lib.dates.DateError: I could not read '22 Feb' as a date. Write it like '2022-02-22' (year-month-day, in quotes).
    """  # noqa: E501
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


def format_date(value: Any, precision: str = "day", *, short: bool = False) -> str:
    """'22 February 2022', 'June 2021' or '1923': only as precise as the data is.

    ``short`` abbreviates the month ('22 Feb 2022') where space is tight (slider labels,
    bar-chart rows). A blank value (None, NaT) gives ''. Dates may be ISO strings.

    Example:
        >>> format_date("1923-07-07", "year"), format_date(None)
        ('1923', '')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = parse_date(value) if isinstance(value, str) else value
    month = f"{stamp:%b}" if short else f"{stamp:%B}"
    if precision == "year":
        return f"{stamp.year}"
    if precision == "month":
        return f"{month} {stamp.year}"
    return f"{stamp.day} {month} {stamp.year}"
