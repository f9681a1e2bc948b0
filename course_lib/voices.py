"""Quote-bank queries: one quote, and a card that shows it with its attribution.

Quotes are verbatim (never corrected). A card shows the speaker and role *as the article
prints them* and, where the article errs, the correct identity beside them, with the date and
the source ids (which are cited for the notebook's source list).

Example:
    >>> import course_lib as cl
    >>> cl.quote("q11")["speaker_as_printed"]
    'Leyla Aliyeva'
    >>> print(str(cl.quote_card("q11")).splitlines()[0])
    “Baku cannot afford to fall out with Russia particularly after the recent war in Karabakh,”
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass, field

import pandas as pd

from . import citations, data
from .errors import CourseError


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _row(quote_id: str) -> pd.Series:
    table = data.quotes()
    if not isinstance(quote_id, str) or quote_id not in table.index:
        close = difflib.get_close_matches(str(quote_id), list(table.index), n=1)
        tip = f' Did you mean "{close[0]}"?' if close else ""
        raise CourseError(
            f'There is no quote {quote_id!r}.{tip} Quote ids look like "q03"; '
            "cl.quotes() lists them all."
        )
    return table.loc[quote_id]


def quote(quote_id: str) -> pd.Series:
    """One quote as a row: ``text`` (verbatim), ``speaker_as_printed``, ``role_as_printed``,
    ``note``, ``date``, ``source_ids``, plus ``speaker_name`` (the correct name).

    Example:
        >>> import course_lib as cl
        >>> cl.quote("q09")["text"]
        'NATO will not save Ukraine, and Azerbaijan must draw conclusions'
    """
    row = _row(quote_id).copy()
    actors = data.actors()
    speaker = row["speaker_id"]
    row["speaker_name"] = actors.loc[speaker, "name"] if speaker in actors.index else speaker
    citations.cite(row["source_ids"])
    return row


# Kinds where a person or body speaks; for scare quotes and documents the speaker's
# corrections (name, role) do not apply.
SPOKEN_KINDS = ("speech", "fragment", "campaign_text")


@dataclass
class QuoteCard:
    """A quote with its attribution, shown as a styled blockquote (HTML) or plain text."""

    quote_id: str
    text: str
    speaker_as_printed: str
    role_as_printed: str
    speaker_name: str
    role_2022: str
    corrections: list[str]
    note: str
    date: str
    kind: str
    source_ids: list[str] = field(default_factory=list)

    def attribution(self) -> str:
        """Who, as printed (with the role as printed), e.g. ``Altay Goyushov, head of …``."""
        if self.kind == "scare_quote":
            return f"{self.speaker_name}: quotation marks in the article's own text, not speech"
        if self.kind == "document":
            return "text of a document, quoted in the article (see the note)"
        who = self.speaker_as_printed or self.speaker_name
        return f"{who}, {self.role_as_printed}" if self.role_as_printed else who

    @property
    def renamed(self) -> bool:
        """True when the article prints a person's name differently from the correct form."""
        printed = self.speaker_as_printed
        spoken = self.kind in ("speech", "fragment")
        return spoken and bool(printed) and printed != self.speaker_name

    def text_lines(self) -> list[str]:
        lines = [f"“{self.text}”", f"— {self.attribution()} ({self.date})"]
        if self.renamed:
            lines.append(
                f"Printed as “{self.speaker_as_printed}”; the speaker is {self.speaker_name}."
            )
        lines += self.corrections
        if self.note:
            lines.append(f"Note: {self.note}")
        lines.append("Source: " + ", ".join(self.source_ids))
        return lines

    def __repr__(self) -> str:
        return "\n".join(self.text_lines())

    def _repr_html_(self) -> str:
        esc = html.escape
        who = esc(self.attribution())
        extra = []
        if self.renamed:
            extra.append(
                f"Printed as “{esc(self.speaker_as_printed)}”; "
                f"the speaker is <b>{esc(self.speaker_name)}</b>."
            )
        for line in self.corrections:
            label, _, rest = line.partition(": ")
            extra.append(f"<b>{esc(label)}:</b> {esc(rest)}")
        if self.note:
            extra.append(f"<b>Note:</b> {esc(self.note)}")
        extras = "".join(f"<li>{e}</li>" for e in extra)
        sources = ", ".join(f"<code>{esc(s)}</code>" for s in self.source_ids)
        return (
            '<figure style="margin:0.5em 0;padding:0.6em 1em;border-left:5px solid #0072B2;'
            'background:#F5F8FB;color:#000">'
            f'<blockquote style="margin:0;font-size:1.1em">“{esc(self.text)}”</blockquote>'
            f"<figcaption>— {who} <small>({esc(self.date)}; quote <code>"
            f"{esc(self.quote_id)}</code>)</small>"
            + (f"<ul style='margin:0.3em 0'>{extras}</ul>" if extras else "")
            + f"<small>Source: {sources}</small></figcaption></figure>"
        )


def quote_card(quote_id: str) -> QuoteCard:
    """A styled card: the verbatim quote, the speaker and role as printed, corrections where
    the article errs (name, role, identity), the date and the source ids.

    Example:
        >>> import course_lib as cl
        >>> card = cl.quote_card("q11")
        >>> card.speaker_name
        'Leila Alieva'
    """
    row = quote(quote_id)
    actors = data.actors()
    speaker = row["speaker_id"]
    actor = actors.loc[speaker] if speaker in actors.index else None
    corrections: list[str] = []
    role_2022 = ""
    if actor is not None and row["kind"] in SPOKEN_KINDS:
        role_2022 = _clean(actor.get("role_2022"))
        note = _clean(actor.get("note"))
        if note:
            corrections.append(f"About the speaker: {note}")
        printed_role = _clean(row.get("role_as_printed"))
        if role_2022 and printed_role and printed_role.casefold() not in role_2022.casefold():
            corrections.append(f"Role as of March 2022: {role_2022}")
    citations.cite(row["source_ids"])
    if actor is not None:
        citations.cite(actor["source_ids"])
    date = row["date"]
    return QuoteCard(
        quote_id=quote_id,
        text=_clean(row["text"]),
        speaker_as_printed=_clean(row.get("speaker_as_printed")),
        role_as_printed=_clean(row.get("role_as_printed")),
        speaker_name=_clean(row["speaker_name"]),
        role_2022=role_2022,
        corrections=corrections,
        note=_clean(row.get("note")),
        date=date.strftime("%Y-%m-%d") if hasattr(date, "strftime") else _clean(date),
        kind=_clean(row.get("kind")),
        source_ids=list(row["source_ids"]),
    )
