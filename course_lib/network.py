"""Actor diagrams: who pulls Baku which way, and how that changed in early 2022.

``actor_graph`` turns ``relations.csv`` into a :class:`networkx.MultiDiGraph` of the ties in
force on a date. :class:`ActorCanvas` draws every tie and actor once, on one fixed layout
for every date (so the eye can compare two dates), and its setters (date, tie kinds, focus)
only show or hide them; ``actor_network`` is one call of it. (Baku's signals chart, once
``balance`` here, is a timeline chart and lives in :mod:`course_lib.chronology`.)

Example:
    >>> import course_lib as cl
    >>> g = cl.actor_graph("2022-02-22")
    >>> g.has_edge("azerbaijan", "russia")
    True
"""

from __future__ import annotations

import difflib
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from . import citations, data, style
from .actor_style import (
    POSITIONS,
    UNKNOWN_START,
    add_legends,
    arc_midpoint,
    draw_edge,
    draw_node,
    frame_axes,
    pretty,
)
from .canvas import Canvas
from .dates import format_date, parse_date
from .errors import CourseError, DataError

# --------------------------------------------------------------------------- vocabulary

#: The tie kinds ``relations.csv`` may use, with what each one means.
KINDS: dict[str, str] = {
    "alliance_declaration": "a signed political declaration of alliance (not a treaty)",
    "military_presence": "troops or a base of one actor on another's territory",
    "membership": "member (or co-chair) of an organisation or format",
    "partnership": "cooperation agreement or partnership short of membership",
    "mediation": "a third party brokers or hosts talks between others",
    "peace_process": "a proposal or request towards a peace settlement",
    "territorial_integrity_support": "public support for the other's sovereignty and borders",
    "humanitarian_aid": "aid to civilians, services or emergency workers",
    "energy_economic": "energy, trade or transport links, or their interruption",
    "pressure_sanctions": "sanctions, protests or other pressure",
    "armed_conflict": "war or military attack",
    "recognition": "recognition of a state or entity",
    "affiliation": "a person or unit belongs to, or works for, an institution",
}

# Edge look per tie kind. Colour families carry a rough meaning (green support, purple talks,
# vermillion conflict); line style and width keep kinds apart without colour. Looks are read
PRECISIONS = ("day", "month", "year", "unknown")


# --------------------------------------------------------------------------- loading


@data.per_folder
def _relations() -> pd.DataFrame:
    rel = data.relations()
    unknown = sorted(set(rel["kind"]) - set(KINDS))
    if unknown:
        row = int(data.load_tables()["relations"].loc[rel["kind"] == unknown[0], "_line"].iloc[0])
        raise DataError(
            "relations.csv",
            f"tie kind '{unknown[0]}' is not one of: {', '.join(KINDS)}",
            row=row,
        )
    for col in ("start_precision", "qualifier"):  # optional columns: blank when absent
        rel[col] = rel[col].fillna("") if col in rel else ""
    bad = sorted(set(rel["start_precision"]) - {"", *PRECISIONS})
    if bad:
        raise DataError("relations.csv", f"start_precision '{bad[0]}' is not one of {PRECISIONS}")
    return rel.sort_values(["start", "relation_id"])


@data.per_folder
def _actors() -> pd.DataFrame:
    return data.actors()


def _check_kinds(kinds: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    kinds = tuple(kinds)
    for kind in kinds:
        if kind not in KINDS:
            close = difflib.get_close_matches(str(kind), KINDS, n=1)
            tip = f" Did you mean '{close[0]}'?" if close else ""
            raise CourseError(f"'{kind}' is not a tie kind.{tip} Known kinds: {', '.join(KINDS)}.")
    return kinds


def _check_actor(actor: str) -> str:
    actors = _actors()
    if actor in actors.index:
        return actor
    by_name = {name.lower(): aid for aid, name in actors["name"].items()}
    if str(actor).lower() in by_name:
        return by_name[str(actor).lower()]
    close = difflib.get_close_matches(str(actor).lower(), list(actors.index), n=3)
    tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise CourseError(f"'{actor}' is not an actor id.{tip} See cl.actors() for the list.")


def in_force(start: np.ndarray, end: np.ndarray, day: Any) -> np.ndarray:
    """Which ties hold on ``day``, from their ``start`` and ``end`` columns as datetime64
    arrays: ``start <= day`` and (``end`` blank or ``day <= end``). The one rule, used by
    the graph and the diagram alike.

    Example:
        >>> rel = data.relations()
        >>> int(in_force(rel["start"].to_numpy(), rel["end"].to_numpy(), "1900-01-01").sum())
        0
    """
    day64 = np.datetime64(parse_date(day), "ns")
    return (start <= day64) & (np.isnat(end) | (day64 <= end))


def ties(date: Any = None, kinds: Iterable[str] | str | None = None) -> pd.DataFrame:
    """The rows of ``relations.csv`` in force on ``date`` (all rows when ``date`` is None).

    Example:
        >>> len(ties("2022-02-22")) > len(ties("2022-01-01"))
        True
    """
    kinds = _check_kinds(kinds)
    rel = _relations()
    mask = np.ones(len(rel), dtype=bool)
    if date is not None:
        mask &= in_force(rel["start"].to_numpy(), rel["end"].to_numpy(), date)
    if kinds is not None:
        mask &= rel["kind"].isin(kinds).to_numpy()
    return rel[mask]


def key_dates() -> list[tuple[Any, str]]:
    """The actor explorer's key dates, (date, label), from ``data/key_dates.csv``."""
    return list(_key_dates())


@data.per_folder
def _key_dates() -> tuple[tuple[Any, str], ...]:
    frame = data.key_dates("actors")
    return tuple((d.date(), label) for d, label in zip(frame["date"], frame["label"], strict=True))


# --------------------------------------------------------------------------- graph


def actor_graph(date: Any = None, kinds: Iterable[str] | str | None = None) -> nx.MultiDiGraph:
    """The ties in force on ``date`` as a graph (``date=None``: every tie ever recorded).

    Nodes are actor ids with ``name`` and ``kind`` from ``actors.csv``; only actors with at
    least one tie appear. Each tie is one edge keyed by its ``relation_id``, with ``kind``,
    ``summary``, ``source_ids``, ``start``, ``end`` and ``directed``. An undirected tie
    (``directed=false``, e.g. a joint declaration) is stored once, from ``source`` to
    ``target`` as written in the CSV; read its ``directed`` attribute before following arrows.

    Example:
        >>> g = actor_graph("2022-03-18", kinds=["alliance_declaration"])
        >>> sorted(g.nodes)
        ['azerbaijan', 'russia', 'turkey']
    """
    rows = ties(date, kinds)
    actors = _actors()
    graph = nx.MultiDiGraph(date=None if date is None else parse_date(date), kinds=kinds)
    for rid, row in rows.iterrows():
        for node in (row["source"], row["target"]):
            if node not in graph:
                graph.add_node(node, name=actors.at[node, "name"], kind=actors.at[node, "kind"])
        graph.add_edge(
            row["source"],
            row["target"],
            key=rid,
            relation_id=rid,
            kind=row["kind"],
            summary=row["summary"],
            source_ids=list(row["source_ids"]),
            start=row["start"],
            end=None if pd.isna(row["end"]) else row["end"],
            directed=bool(row["directed"]),
            start_precision=row["start_precision"] or "day",
            qualifier=row["qualifier"],
        )
    return graph


def focus_graph(graph: nx.MultiDiGraph, focus: str | None) -> nx.MultiDiGraph:
    """Only ``focus``'s ties and neighbours (the whole graph when ``focus`` is None)."""
    if focus is None:
        return graph
    focus = _check_actor(focus)
    sub = nx.MultiDiGraph(**graph.graph)
    if focus in graph:
        sub.add_node(focus, **graph.nodes[focus])
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if focus in (u, v):
            sub.add_node(u, **graph.nodes[u])
            sub.add_node(v, **graph.nodes[v])
            sub.add_edge(u, v, key=key, **attrs)
    return sub


# --------------------------------------------------------------------------- layout


def layout() -> dict[str, tuple[float, float]]:
    """Fixed positions for every actor that appears in any tie (same for every date).

    Hand-tuned for the course's actors; an actor an instructor adds gets a place on an
    outer ring, in a stable order, so positions never depend on the date shown.

    Example:
        >>> layout()["azerbaijan"]
        (0.0, 0.0)
    """
    return dict(_layout())


@data.per_folder
def _layout() -> tuple[tuple[str, tuple[float, float]], ...]:
    rel = _relations()
    everyone = sorted(set(rel["source"]) | set(rel["target"]))
    extra = [a for a in everyone if a not in POSITIONS]
    pos = {a: POSITIONS[a] for a in everyone if a in POSITIONS}
    for i, actor in enumerate(extra):
        angle = 2 * math.pi * i / max(len(extra), 1) + math.pi / 7
        pos[actor] = (round(8.0 * math.cos(angle), 3), round(6.0 * math.sin(angle), 3))
    return tuple(sorted(pos.items()))


def curvature() -> dict[str, float]:
    """Arc bend per tie, computed once over every tie so a tie keeps its shape at every date."""
    return dict(_curvature())


@data.per_folder
def _curvature() -> tuple[tuple[str, float], ...]:
    """Arc bend per edge so several ties between one pair stay apart."""
    rel = _relations()
    seen: Counter[frozenset[str]] = Counter()
    bend: dict[str, float] = {}
    steps = (0.12, -0.12, 0.3, -0.3, 0.45, -0.45)
    for key in sorted(rel.index):
        u, v = rel.at[key, "source"], rel.at[key, "target"]
        pair = frozenset((u, v))
        i = seen[pair]
        seen[pair] += 1
        b = steps[i % len(steps)]
        bend[key] = b if u <= v else -b  # same visual side whichever way the tie points
    return tuple(bend.items())


def tie_note(precision: str, qualifier: str) -> str:
    """What a tie's mark says: an unsourced start and/or its qualifier ('' for neither)."""
    parts = [UNKNOWN_START] if precision == "unknown" else []
    if qualifier:
        parts.append(qualifier)
    return "; ".join(parts)


# --------------------------------------------------------------------------- the canvas

CREDIT = "Ties: course relations table; sources listed by cl.sources_for()."


class ActorCanvas(Canvas):
    """The actor diagram as one figure: every tie and actor drawn once on the fixed layout.

    The state is the set of ties in force on the date that pass the kind filter and the
    focus, and the actors they join; a change computes it once and, only if it differs,
    shows or hides the artists concerned. Ties whose start the sources do not date
    (``start_precision`` unknown) or that carry a ``qualifier`` get a small mark on the
    diagram, a legend entry and a word in the alt text.

    Example:
        >>> canvas = ActorCanvas("2022-02-21")
        >>> "r_az_ru_allied_declaration" in canvas.visible_ties()
        False
        >>> canvas.set_date("2022-02-22"); "r_az_ru_allied_declaration" in canvas.visible_ties()
        True
    """

    def __init__(
        self,
        date: Any = None,
        kinds: Iterable[str] | str | None = None,
        focus: str | None = None,
        ax: Axes | None = None,
        live: bool = False,
    ):
        super().__init__(ax, size=(11.0, 7.5), live=live)
        self.date = parse_date(data.article_date() if date is None else date).date()
        self.kinds: tuple[str, ...] = _check_kinds(kinds) or tuple(KINDS)
        self.focus = None if focus is None else _check_actor(focus)
        self._rel = _relations()
        self._columns = {
            c: self._rel[c].to_numpy() for c in ("start", "end", "kind", "source", "target")
        }
        self._columns["id"] = self._rel.index.to_numpy()
        self._described: dict[tuple[Any, ...], str] = {}
        actors = _actors()
        self._names = {
            a: actors.at[a, "name"] for a in set(self._rel["source"]) | set(self._rel["target"])
        }
        self._legends: dict[tuple[Any, ...], Any] = {}
        self._draw()
        self._shown: tuple[tuple[str, ...], frozenset[str]] | None = None
        self._apply()

    def _draw(self) -> None:
        ax, rel = self.ax, self._rel
        pos, bend = layout(), curvature()
        self.edges: dict[str, FancyArrowPatch] = {}
        self.marks: dict[str, Any] = {}
        for rid, row in rel.iterrows():
            u, v = row["source"], row["target"]
            patch = draw_edge(ax, pos[u], pos[v], row["kind"], row["directed"], bend[rid], rid)
            patch.set_visible(False)
            self.edges[rid] = patch
            note = tie_note(row["start_precision"], row["qualifier"])
            if note:
                mark = "? " if row["start_precision"] == "unknown" else ""
                text = "\n".join(textwrap.wrap(row["qualifier"], 24)) if row["qualifier"] else ""
                self.marks[rid] = ax.text(
                    *arc_midpoint(pos[u], pos[v], bend[rid]),
                    (mark + text).strip(),
                    ha="center",
                    va="center",
                    fontsize=7 * (1.5 if style.presenting() else 1.0),
                    fontstyle="italic",
                    zorder=2,
                    visible=False,
                    gid=f"mark:{rid}",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "#FFFFF0", "ec": "#999999"},
                )
        kinds = _actors()["kind"]
        self.nodes: dict[str, tuple[Any, Any]] = {}
        for node in sorted(self._names):
            marker, text = draw_node(ax, pos[node], kinds[node], self._names[node], node)
            marker.set_visible(False)
            text.set_visible(False)
            self.nodes[node] = (marker, text)
        frame_axes(ax, pos)
        self.title = ax.set_title("", loc="left")
        style.credit(ax, CREDIT)

    # -- state ---------------------------------------------------------------------------
    def _select(self) -> tuple[tuple[str, ...], frozenset[str]]:
        cols = self._columns
        mask = in_force(cols["start"], cols["end"], self.date) & np.isin(cols["kind"], self.kinds)
        if self.focus is not None:
            mask &= (cols["source"] == self.focus) | (cols["target"] == self.focus)
        actors = {*cols["source"][mask], *cols["target"][mask]}
        if self.focus in self.nodes:
            actors.add(self.focus)
        return tuple(cols["id"][mask]), frozenset(actors)

    def _apply(self) -> None:
        selection = self._select()
        if selection != self._shown:
            shown, actors = set(selection[0]), selection[1]
            for rid, patch in self.edges.items():
                patch.set_visible(rid in shown)
            for rid, mark in self.marks.items():
                mark.set_visible(rid in shown)
            for node, (marker, text) in self.nodes.items():
                marker.set_visible(node in actors)
                text.set_visible(node in actors)
            self._shown = selection
            self.ax.legend_ = self._legend(selection)
        who = f": {self._names.get(self.focus, self.focus)}" if self.focus else ""
        self.title.set_text(("Ties in force" if self.live else self.label()) + who)

    def _legend(self, selection: tuple[tuple[str, ...], frozenset[str]]) -> Any:
        rows = self._rel.loc[list(selection[0])]
        kinds = _actors()["kind"]
        key = (
            frozenset(rows["kind"]),
            frozenset(kinds[a] for a in selection[1]),
            bool((rows["start_precision"] == "unknown").any()),
        )
        if key not in self._legends:
            shown = self.ax.legend_
            edge_kinds = [k for k in KINDS if k in key[0]]
            self._legends[key] = add_legends(self.ax, edge_kinds, key[1], key[2])
            self.ax.legend_ = shown
        return self._legends[key]

    def ahead(self) -> Iterator[Any]:
        """The legend of the selection on every day a tie starts or stops (current filters)."""
        date = self.date
        try:
            for day in self.boundaries():
                self.date = day.date()
                yield self._legend(self._select())
        finally:
            self.date = date

    def widest_legend(self) -> Any:
        everything = (tuple(self._rel.index), frozenset(self._names))
        return self._legend(everything)

    def state(self) -> tuple[Any, ...]:
        return (self._shown, self.focus, self.live or self.date)

    def label(self) -> str:
        return f"Ties in force on {format_date(self.date)}"

    def changing(self) -> list[Any]:
        nodes = [artist for pair in self.nodes.values() for artist in pair]
        return [*self.edges.values(), *self.marks.values(), *nodes, self.title]

    def volatile(self) -> list[Any]:
        return [self.title]

    def actor_names(self) -> dict[str, str]:
        """Actor id -> name, for every actor the diagram can show."""
        return dict(self._names)

    def visible_ties(self) -> list[str]:
        """Relation ids drawn for the current date, kinds and focus."""
        return list(self._shown[0]) if self._shown else []

    def visible_actors(self) -> set[str]:
        """Actor ids drawn now: the ends of the visible ties, and the focus actor."""
        return set(self._shown[1]) if self._shown else set()

    def boundaries(self) -> list[pd.Timestamp]:
        """Every day on which some tie starts or stops holding (where the state can change)."""
        days = set(self._rel["start"])
        days.update(e + pd.Timedelta(days=1) for e in self._rel["end"].dropna())
        return sorted(days)

    # -- setters -------------------------------------------------------------------------
    def set_date(self, date: Any) -> None:
        """Show the ties in force on ``date`` (``'2022-02-22'``)."""
        self.date = parse_date(date).date()
        self._apply()

    def set_kinds(self, kinds: Iterable[str] | str | None) -> None:
        """Show only these tie kinds (None: all)."""
        self.kinds = tuple(KINDS) if kinds is None else _check_kinds(kinds) or ()
        self._apply()

    def set_focus(self, focus: str | None) -> None:
        """Show only ``focus``'s ties and neighbours (None or '': everyone)."""
        self.focus = None if focus in (None, "") else _check_actor(focus)
        self._apply()

    # -- description ---------------------------------------------------------------------
    def alt_text(self) -> str:
        """Alt text from the ties shown: who, how many of each kind, the newest, the marks."""
        names = self._names
        who = f", {names.get(self.focus, self.focus)}'s ties only" if self.focus else ""
        key = (self._shown, self.focus)
        if key not in self._described:
            self._described[key] = self._describe()
        return f"Actor network as of {format_date(self.date)}{who}: {self._described[key]}"

    def image_alt(self) -> str:
        if not self.live:
            return self.alt_text()
        names, key = self._names, (self._shown, self.focus)
        who = f", {names.get(self.focus, self.focus)}'s ties only" if self.focus else ""
        self.alt_text()  # fills the description of this selection
        return f"Actor network{who}: {self._described[key]}"

    def _describe(self) -> str:
        rows = self._rel.loc[self.visible_ties()]
        names = self._names
        actors = sorted(self.visible_actors(), key=lambda a: names.get(a, a))
        parts = [f"{len(actors)} actors and {len(rows)} ties."]
        if rows.empty:
            parts.append("No ties are in force for this choice; try a later date or fewer filters.")
            return " ".join(parts)
        counts = Counter(rows["kind"])
        parts.append(
            "Ties by kind: "
            + ", ".join(
                f"{n} {pretty(k)}"
                for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            + "."
        )
        parts.append("Actors: " + ", ".join(names[a] for a in actors) + ".")

        def tie(rid: str, row: pd.Series) -> str:
            arrow = "→" if row["directed"] else "–"
            return f"{names[row['source']]} {arrow} {names[row['target']]}, {pretty(row['kind'])}"

        newest = rows.sort_values("start", ascending=False, kind="stable").head(4)
        parts.append(
            "Newest ties: "
            + "; ".join(
                f"{tie(rid, row)} ({self._start_text(row)})" for rid, row in newest.iterrows()
            )
            + "."
        )
        marked = [
            f"{tie(rid, row)}: {tie_note(row['start_precision'], row['qualifier'])}"
            for rid, row in rows.iterrows()
            if rid in self.marks
        ]
        if marked:
            parts.append("Marked ties: " + "; ".join(marked) + ".")
        return " ".join(parts)

    @staticmethod
    def _start_text(row: pd.Series) -> str:
        precision = row["start_precision"] or "day"
        if precision == "unknown":
            return f"in force by {format_date(row['start'])}; {UNKNOWN_START}"
        return format_date(row["start"], precision)

    def graph(self) -> nx.MultiDiGraph:
        """The ties shown, as a graph (the same rule as :func:`actor_graph`)."""
        return focus_graph(actor_graph(self.date, self.kinds), self.focus)

    def result(self) -> style.FigureResult:
        rows = self._rel.loc[self.visible_ties()]
        citations.cite_rows(rows["source_ids"])
        return style.FigureResult(
            ax=self.ax, alt_text=self.alt_text(), owned=self.owned, extra={"graph": self.graph()}
        )


def actor_network(
    date: Any = None,
    kinds: Iterable[str] | str | None = None,
    focus: str | None = None,
    ax: Axes | None = None,
) -> style.FigureResult:
    """Draw who is tied to whom on ``date`` (default: the article's date), on the course's
    fixed layout.

    Shape and fill show the actor's kind, line colour and style the tie's kind; arrows point
    from the actor that acts (recognises, deploys, mediates, sends aid). ``kinds`` keeps
    only some tie kinds; ``focus`` keeps one actor's ties and neighbours.

    Example:
        >>> import course_lib as cl
        >>> cl.actor_network("2022-02-22", focus="azerbaijan").alt_text[:36]
        'Actor network as of 22 February 2022'

    """
    return ActorCanvas(date=date, kinds=kinds, focus=focus, ax=ax).result()
