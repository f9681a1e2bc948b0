"""Reference views: the sources a notebook showed, and the glossary with its name forms.

Example:
    >>> import course_lib as cl
    >>> cl.sources_for()  # doctest: +SKIP
    <SourceList: 12 sources>
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import citations, data

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
        >>> len(sources_for()) >= 1  # doctest: +SKIP
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


def show_glossary(terms: list[str] | None = None) -> GlossaryView:
    """The glossary (or only the given term ids), with its name forms.

    Example:
        >>> show_glossary(["nkao"]).table.loc["nkao", "term"]  # doctest: +SKIP
        'NKAO'
    """
    table = data.glossary()
    if terms is not None:
        missing = [t for t in terms if t not in table.index]
        if missing:
            raise KeyError(f"not in the glossary: {', '.join(missing)}")
        table = table.loc[terms]
    citations.cite_rows(table["source_ids"])
    return GlossaryView(table.sort_values("term", key=lambda s: s.str.lower()))
