"""Reference views: the sources a notebook showed, and the glossary with its name forms.

Example:
    >>> import course_lib as cl
    >>> cl.sources_for().table.index[0]
    'iwpr_2022_03_18'
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

import pandas as pd

from . import citations, data
from .errors import CourseError

ARTICLE_ID = "iwpr_2022_03_18"


@dataclass
class SourceList:
    """Sources as a table and as a numbered list (shown as HTML in notebooks)."""

    table: pd.DataFrame

    def _repr_html_(self) -> str:
        items = []
        for sid, row in self.table.iterrows():
            title = html.escape(row["title"])
            link = f'<a href="{html.escape(row["url"])}">{title}</a>' if row["url"] else title
            date = f", {html.escape(row['date'])}" if row["date"] else ""
            items.append(
                f"<li>{link}. {html.escape(row['publisher'])}{date}. <code>{sid}</code></li>"
            )
        return "<ol>" + "".join(items) + "</ol>"

    def __repr__(self) -> str:
        lines = [
            f"{i}. {row['title']}. {row['publisher']}. {row['url']}"
            for i, (_, row) in enumerate(self.table.iterrows(), start=1)
        ]
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.table)


def sources_for(extra: list[str] | None = None) -> SourceList:
    """The sources behind what this notebook has shown so far (the article first).

    Example:
        >>> len(sources_for()) >= 1
        True
    """
    ids = [ARTICLE_ID] + citations.cited() + list(extra or [])
    table = data.sources()
    ordered = list(dict.fromkeys(i for i in ids if i in table.index))
    return SourceList(table.loc[ordered])


@dataclass
class GlossaryView:
    """The glossary as a table with the Azerbaijani, Armenian, Russian and Ukrainian forms."""

    table: pd.DataFrame

    def _repr_html_(self) -> str:
        # One block per term rather than a seven-column table: readable on a projector and
        # in a narrow notebook. The note (who uses a contested term) is part of the entry.
        languages = (
            ("form_az", "Azerbaijani"),
            ("form_hy", "Armenian"),
            ("form_ru", "Russian"),
            ("form_uk", "Ukrainian"),
        )
        entries = []
        for _, row in self.table.iterrows():
            forms = " · ".join(
                f"{name}: {html.escape(str(row[col]))}" for col, name in languages if row[col]
            )
            note = f" <i>{html.escape(row['note'])}</i>" if row["note"] else ""
            forms_line = f"<br><small>{forms}</small>" if forms else ""
            entries.append(
                f"<dt><b>{html.escape(row['term'])}</b></dt>"
                f"<dd style='margin:0 0 0.8em 1.5em'>{html.escape(row['definition'])}{note}"
                f"{forms_line}</dd>"
            )
        return "<dl>" + "".join(entries) + "</dl>"

    def __repr__(self) -> str:
        return "\n".join(
            f"{row['term']}: {row['definition']} {row['note']}".rstrip()
            for _, row in self.table.iterrows()
        )


def show_glossary(terms: str | list[str] | None = None) -> GlossaryView:
    """The glossary (or only the given terms: ids such as ``"nkao"``, or the terms themselves),
    with its name forms. An unknown term gets the closest ones in a :class:`CourseError`.

    Example:
        >>> show_glossary("nkao").table.loc["nkao", "term"]
        'Nagorno-Karabakh Autonomous Oblast (NKAO)'
        >>> show_glossary(["lachin"])
        Traceback (most recent call last):
        ...
        course_lib.errors.CourseError: "lachin" is not in the glossary. Closest: "lachin_corr...
    """
    table = data.glossary()
    if terms is not None:
        table = table.loc[[_term_id(t, table) for t in _as_list(terms)]]
    citations.cite_rows(table["source_ids"])
    return GlossaryView(table.sort_values("term", key=lambda s: s.str.lower()))


def _as_list(terms: object) -> list[str]:
    if isinstance(terms, str):
        return [terms]
    if isinstance(terms, list | tuple | set) and all(isinstance(t, str) for t in terms):
        return list(terms)
    raise CourseError(
        "Give a glossary term or a list of them, "
        'e.g. cl.show_glossary(["nkao", "lachin_corridor"]).'
    )


def _term_id(term: str, table: pd.DataFrame) -> str:
    """The id of a term given by id or by its text (case and spacing ignored)."""
    wanted = " ".join(term.split()).casefold()
    names = {str(i).casefold(): str(i) for i in table.index}
    names.update({str(t).casefold(): str(i) for i, t in table["term"].items()})
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted[:100], list(names), n=3, cutoff=0.5)
    close += [n for n in names if wanted and len(wanted) >= 3 and wanted in n and n not in close]
    offer = ", ".join(dict.fromkeys(f'"{names[c]}"' for c in close[:3]))
    shown = term if len(term) <= 40 else term[:39] + "…"
    tip = f"Closest: {offer}." if offer else "See them all with cl.show_glossary()."
    raise CourseError(f'"{shown}" is not in the glossary. {tip}')
