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
        # The note carries who uses a contested term; it is part of the definition, not extra.
        cols = ["term", "definition", "note", "form_az", "form_hy", "form_ru", "form_uk"]
        heads = ["Term", "Definition", "Note", "Azerbaijani", "Armenian", "Russian", "Ukrainian"]
        head = "".join(f"<th style='text-align:left'>{h}</th>" for h in heads)
        body = "".join(
            "<tr>"
            + "".join(f"<td style='text-align:left'>{html.escape(str(row[c]))}</td>" for c in cols)
            + "</tr>"
            for _, row in self.table.iterrows()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

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
