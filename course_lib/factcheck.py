"""The fact-check table: the article's claims next to what public sources show.

Each row of ``data/corrections.csv`` quotes a claim exactly as the IWPR article prints it,
says in the course's own words what the sources show, gives a status (corrected, not
confirmed, partly confirmed, confirmed) and cites the sources. Notebooks show it with
``cl.fact_checks()``; it renders as an HTML table in Jupyter and as plain text elsewhere,
always with the full text of every cell.

Example:
    >>> import course_lib as cl
    >>> checks = cl.fact_checks(status="corrected")
    >>> checks.table.loc["c02_treaty", "status"]
    'corrected'
"""

from __future__ import annotations

import difflib
import html
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import citations, data
from .errors import CourseError

STATUS_LABELS: dict[str, str] = {
    "corrected": "Corrected",
    "not_confirmed": "Not confirmed",
    "partly_confirmed": "Partly confirmed",
    "confirmed": "Confirmed",
}
TOPIC_LABELS: dict[str, str] = {
    "baku_moves": "Baku's moves",
    "people": "People quoted",
    "names_and_style": "Names and wording",
    "context": "Context",
}

_WIDTH = 88  # plain-text wrap width: fits a terminal and a notebook's text output


def _as_tuple(value: Iterable[str] | str | None, allowed: dict[str, str], what: str):
    if value is None:
        return None
    values = (value,) if isinstance(value, str) else tuple(value)
    for item in values:
        if item not in allowed:
            close = difflib.get_close_matches(str(item), list(allowed), n=1)
            tip = f" Did you mean '{close[0]}'?" if close else ""
            raise CourseError(
                f"'{item}' is not a fact-check {what}.{tip} Choose from: {', '.join(allowed)}."
            )
    return values


def _wrap(text: str, first: str, rest: str) -> str:
    # no breaks at hyphens: "Co-operation" and "43-point" stay whole
    return textwrap.fill(
        text, _WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def _source_label(row: pd.Series) -> str:
    date = f", {row['date']}" if row["date"] else ""
    return f"{row['title']} ({row['publisher']}{date})"


@dataclass
class FactCheckTable:
    """Checked claims with their status and sources (HTML in notebooks, text elsewhere)."""

    table: pd.DataFrame
    sources: pd.DataFrame

    def __len__(self) -> int:
        return len(self.table)

    def counts(self) -> dict[str, int]:
        """How many checks have each status, e.g. ``{'corrected': 3, ...}``."""
        return {s: int((self.table["status"] == s).sum()) for s in STATUS_LABELS}

    def _sources_html(self, ids: list[str]) -> str:
        links = []
        for sid in ids:
            row = self.sources.loc[sid]
            label = html.escape(_source_label(row))
            if row["url"]:
                label = f'<a href="{html.escape(row["url"])}">{label}</a>'
            links.append(f"<li>{label}</li>")
        return "<ul style='margin:0;padding-left:1.1em'>" + "".join(links) + "</ul>"

    def _repr_html_(self) -> str:
        cell = "style='text-align:left;vertical-align:top;padding:4px 8px;white-space:normal'"
        head = "".join(
            f"<th {cell} scope='col'>{h}</th>"
            for h in ("The article says", "What the sources show", "Status", "Sources")
        )
        rows = []
        for _, row in self.table.iterrows():
            rows.append(
                "<tr>"
                f"<td {cell}>“{html.escape(row['claim'])}”</td>"
                f"<td {cell}>{html.escape(row['finding'])}</td>"
                f"<td {cell}><b>{STATUS_LABELS[row['status']]}</b></td>"
                f"<td {cell}>{self._sources_html(list(row['source_ids']))}</td>"
                "</tr>"
            )
        summary = ", ".join(
            f"{n} {STATUS_LABELS[s].lower()}" for s, n in self.counts().items() if n
        )
        return (
            "<table style='border-collapse:collapse;table-layout:auto;max-width:100%'>"
            f"<caption style='text-align:left'>Fact checks of the IWPR article of "
            f"18 March 2022: {len(self)} claims ({summary}).</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def __repr__(self) -> str:
        if not len(self):
            return "No fact checks match this choice."
        blocks = []
        for number, (_, row) in enumerate(self.table.iterrows(), start=1):
            sources = "; ".join(_source_label(self.sources.loc[s]) for s in row["source_ids"])
            parts = [
                f"{number}. The article says: “{row['claim']}”",
                f"What the sources show: {row['finding']}",
                f"Status: {STATUS_LABELS[row['status']]}. Sources: {sources}.",
            ]
            lines = [_wrap(parts[0], first="", rest="   ")]
            lines += [_wrap(part, first="   ", rest="   ") for part in parts[1:]]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)


def fact_checks(
    status: Iterable[str] | str | None = None, topic: Iterable[str] | str | None = None
) -> FactCheckTable:
    """The article's claims checked against public sources, in the order the article makes them.

    ``status`` keeps only some statuses (``"corrected"``, ``"not_confirmed"``,
    ``"partly_confirmed"``, ``"confirmed"``); ``topic`` keeps only some topics
    (``"baku_moves"``, ``"people"``, ``"names_and_style"``, ``"context"``).

    Example:
        >>> len(fact_checks(status=["corrected", "not_confirmed"])) > 0
        True
    """
    statuses = _as_tuple(status, STATUS_LABELS, "status")
    topics = _as_tuple(topic, TOPIC_LABELS, "topic")
    table = data.table("corrections")
    if statuses is not None:
        table = table[table["status"].isin(statuses)]
    if topics is not None:
        table = table[table["topic"].isin(topics)]
    citations.cite_rows(table["source_ids"])
    return FactCheckTable(table=table, sources=data.sources())
