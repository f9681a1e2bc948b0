"""Actor diagrams: who pulls Baku which way, and how that changed in early 2022.

``actor_graph`` turns ``relations.csv`` into a :class:`networkx.MultiDiGraph` of the ties in
force on a date. :class:`ActorCanvas` draws every tie and actor once and its setters (date,
tie kinds, focus) only show or hide them; ``actor_network`` is one call of it.

Two views: **Baku's own ties** (the default: Azerbaijan, its foreign minister, state oil
company and airline, and everyone they are tied to) and the **full network**
(``view="full"``); ``focus`` picks any other actor's ties. Each view has one fixed layout for
every date, so the eye can compare two dates, and the canvas is fitted to what the view and
the tie filter can show. Ties are drawn by family (:data:`~course_lib.actor_style.FAMILIES`:
six colours and line patterns instead of 13 kinds); the kinds stay in the data and in the
alt text. (Baku's signals chart, once ``balance`` here, lives in
:mod:`course_lib.chronology`.)

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
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from . import citations, data, style
from .actor_style import (
    BAKU_POSITIONS,
    FAMILIES,
    FAMILY_OF,
    POSITIONS,
    UNKNOWN_START,
    add_legends,
    arc_control,
    arc_point,
    box_half_size,
    draw_edge,
    draw_node,
    exit_distance,
    family,
    name_size,
    pretty,
    sizes,
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
assert set(KINDS) == set(FAMILY_OF), "every tie kind belongs to exactly one family"

PRECISIONS = ("day", "month", "year", "unknown")
BAKU = "azerbaijan"
#: The two views by name, as the focus they stand for (None: everyone).
VIEWS: dict[str, str | None] = {"baku": BAKU, "full": None}


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


def short_names() -> dict[str, str]:
    """Actor id -> the label a diagram shows (``short_name`` in actors.csv, else the name).

    Example:
        >>> short_names()["turkey"], short_names()["goyushov"]
        ('Türkiye', 'Altay Goyushov')
    """
    return dict(_short_names())


@data.per_folder
def _short_names() -> tuple[tuple[str, str], ...]:
    actors = _actors()  # the loader always gives short_name, blank as ""
    return tuple(
        (aid, short.strip() or name)
        for aid, name, short in zip(actors.index, actors["name"], actors["short_name"], strict=True)
    )


def ties_of(label: str) -> str:
    """``label``'s ties in words, for menus and titles (a quoted name or a final s respected).

    Example:
        >>> ties_of("Russia"), ties_of("'DPR'"), ties_of("Russian peacekeepers")
        ("Russia's ties", "'DPR' ties", "Russian peacekeepers' ties")
    """
    if label.endswith("'"):
        return f"{label} ties"
    return f"{label}' ties" if label.endswith("s") else f"{label}'s ties"


def _check_kinds(kinds: Iterable[str] | str | None) -> tuple[str, ...] | None:
    """Tie kinds as given; a family name ('talks', 'support', …) stands for its kinds."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    out: list[str] = []
    for kind in kinds:
        if kind in KINDS:
            out.append(kind)
        elif kind in FAMILIES:
            out.extend(FAMILIES[kind]["kinds"])
        else:
            close = difflib.get_close_matches(str(kind), [*KINDS, *FAMILIES], n=1)
            tip = f" Did you mean '{close[0]}'?" if close else ""
            raise CourseError(
                f"'{kind}' is not a tie kind.{tip} Known kinds: {', '.join(KINDS)}; "
                f"or a family: {', '.join(FAMILIES)}."
            )
    return tuple(dict.fromkeys(out))


def _check_actor(actor: str) -> str:
    actors = _actors()
    if actor in actors.index:
        return actor
    text = str(actor).lower()
    by_name = {name.lower(): aid for aid, name in actors["name"].items()}
    by_name.update({name.lower(): aid for aid, name in short_names().items()})
    if text in by_name:
        return by_name[text]
    close = difflib.get_close_matches(text, list(actors.index), n=3)
    tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise CourseError(f"'{actor}' is not an actor id.{tip} See cl.actors() for the list.")


def _check_view(view: str | None, focus: str | None) -> str | None:
    """The focus a view stands for (``view`` wins over ``focus`` when both are given)."""
    if view is None:
        return None if focus in (None, "") else _check_actor(focus)
    if view not in VIEWS:
        raise CourseError(
            f"'{view}' is not a view of the actor diagram: use view='baku' (Baku's own "
            "ties) or view='full' (the whole network)."
        )
    return VIEWS[view]


def in_force(start: np.ndarray, end: np.ndarray, day: Any) -> np.ndarray:
    """Which ties hold on ``day``, from their ``start`` and ``end`` columns as datetime64
    arrays: ``start <= day`` and (``end`` blank or ``day <= end``). The one rule, used by
    the graph and the diagram alike. A one-off event ends on its own day, so it holds on
    that day only (data/SCHEMA.md).

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


# --------------------------------------------------------------------------- who is whose


def own_actors(actor: str) -> frozenset[str]:
    """``actor`` and those that belong to it (an affiliation tie to it at any date: its
    ministers, units, state companies, embassies): whose ties count as ``actor``'s own.

    Example:
        >>> sorted(own_actors("azerbaijan"))
        ['azal', 'azerbaijan', 'bayramov', 'socar']
    """
    return _own()[actor] | {actor}


@data.per_folder
def _own() -> defaultdict[str, frozenset[str]]:
    rel = _relations()
    own: defaultdict[str, set[str]] = defaultdict(set)
    for row in rel[rel["kind"] == "affiliation"].itertuples():
        own[row.target].add(row.source)
    return defaultdict(frozenset, {k: frozenset(v) for k, v in own.items()})


def _focus_mask(rel: pd.DataFrame, focus: str | None) -> np.ndarray:
    if focus is None:
        return np.ones(len(rel), dtype=bool)
    own = list(own_actors(focus))
    return (rel["source"].isin(own) | rel["target"].isin(own)).to_numpy()


# --------------------------------------------------------------------------- graph


def actor_graph(date: Any = None, kinds: Iterable[str] | str | None = None) -> nx.MultiDiGraph:
    """The ties in force on ``date`` as a graph (``date=None``: every tie ever recorded).

    Nodes are actor ids with ``name`` and ``kind`` from ``actors.csv`` (and ``short_name``,
    the diagram's label); only actors with at least one tie appear. Each tie is one edge
    keyed by its ``relation_id``, with ``kind``, ``family``, ``summary``, ``source_ids``,
    ``start``, ``end`` and ``directed``. An undirected tie (``directed=false``, e.g. a joint
    declaration) is stored once, from ``source`` to ``target`` as written in the CSV; read
    its ``directed`` attribute before following arrows.

    Example:
        >>> g = actor_graph("2022-03-18", kinds=["alliance_declaration"])
        >>> sorted(g.nodes)
        ['azerbaijan', 'russia', 'turkey']
    """
    rows = ties(date, kinds)
    actors, short = _actors(), short_names()
    graph = nx.MultiDiGraph(date=None if date is None else parse_date(date), kinds=kinds)
    for rid, row in rows.iterrows():
        for node in (row["source"], row["target"]):
            if node not in graph:
                graph.add_node(
                    node,
                    name=actors.at[node, "name"],
                    short_name=short[node],
                    kind=actors.at[node, "kind"],
                )
        graph.add_edge(
            row["source"],
            row["target"],
            key=rid,
            relation_id=rid,
            kind=row["kind"],
            family=family(row["kind"]),
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
    """Only ``focus``'s own ties (see :func:`own_actors`) and the actors they join (the
    whole graph when ``focus`` is None)."""
    if focus is None:
        return graph
    focus = _check_actor(focus)
    own = own_actors(focus)
    sub = nx.MultiDiGraph(**graph.graph)
    if focus in graph:
        sub.add_node(focus, **graph.nodes[focus])
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if u in own or v in own:
            sub.add_node(u, **graph.nodes[u])
            sub.add_node(v, **graph.nodes[v])
            sub.add_edge(u, v, key=key, **attrs)
    return sub


# --------------------------------------------------------------------------- layout


def layout(view: str = "full") -> dict[str, tuple[float, float]]:
    """Fixed positions of the actors a view can show (the same for every date).

    Hand-tuned for the course's actors; an actor an instructor adds gets a place on an
    outer ring, in a stable order, so positions never depend on the date shown.

    Example:
        >>> layout()["azerbaijan"], layout("baku")["russia"][0] < 0
        ((0.0, 0.0), True)
    """
    if view not in VIEWS:
        _check_view(view, None)
    return dict(_layout(view))


@data.per_folder
def _layout(view: str) -> tuple[tuple[str, tuple[float, float]], ...]:
    rel = _relations()
    rel = rel[_focus_mask(rel, VIEWS[view])]
    everyone = sorted(set(rel["source"]) | set(rel["target"]))
    tuned = BAKU_POSITIONS if view == "baku" else POSITIONS
    extra = [a for a in everyone if a not in tuned]
    pos = {a: tuned[a] for a in everyone if a in tuned}
    span_x = max((abs(x) for x, _ in tuned.values()), default=6.0) + 1.6
    span_y = max((abs(y) for _, y in tuned.values()), default=5.0) + 1.2
    for i, actor in enumerate(extra):
        angle = 2 * math.pi * i / max(len(extra), 1) + math.pi / 7
        pos[actor] = (round(span_x * math.cos(angle), 3), round(span_y * math.sin(angle), 3))
    return tuple(sorted(pos.items()))


@dataclass(frozen=True)
class Bundle:
    """The ties of one family between two actors that point the same way: drawn as one
    curve. ``arrow`` is relative to (``a``, ``b``): ``-|>`` towards ``b``, ``<|-``
    towards ``a``, ``-`` mutual."""

    key: str
    a: str
    b: str
    family: str
    arrow: str
    bend: float
    members: tuple[str, ...]


def bundles() -> dict[str, Bundle]:
    """Every curve the diagram can draw, computed once over every tie, so a tie keeps its
    shape at every date. Families between one pair of actors bend apart; the arrows of one
    family share a curve (one drawn over the other reads as a two-way arrow).

    Example:
        >>> b = bundles()["azerbaijan~ukraine~support~-|>"]
        >>> sorted(b.members)
        ['r_az_ua_humanitarian_aid', 'r_az_ua_osce_statement']
    """
    return dict(_bundles())


@data.per_folder
def _bundles() -> tuple[tuple[str, Bundle], ...]:
    rel = _relations()
    members: defaultdict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for rid in sorted(rel.index):
        row = rel.loc[rid]
        a, b = sorted((row["source"], row["target"]))
        arrow = "-" if not row["directed"] else "-|>" if row["target"] == b else "<|-"
        members[(a, b, family(row["kind"]), arrow)].append(rid)
    families: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for a, b, fam, _ in members:
        if fam not in families[(a, b)]:
            families[(a, b)].append(fam)
    order = list(FAMILIES)
    out = []
    for (a, b, fam, arrow), rids in sorted(members.items()):
        fams = sorted(families[(a, b)], key=order.index)
        n = len(fams)
        bend = round((fams.index(fam) - (n - 1) / 2) * 0.22, 3)
        key = f"{a}~{b}~{fam}~{arrow}"
        out.append((key, Bundle(key, a, b, fam, arrow, bend, tuple(rids))))
    return tuple(out)


def tie_note(precision: str, qualifier: str) -> str:
    """What a tie's mark says: an unsourced start and/or its qualifier ('' for neither)."""
    parts = [UNKNOWN_START] if precision == "unknown" else []
    if qualifier:
        parts.append(qualifier)
    return "; ".join(parts)


# --------------------------------------------------------------------------- the canvas

CREDIT = "Ties: course relations table; sources listed by cl.sources_for()."
EDGE_GAP = 2.5  # points between a tie's end (or arrow tip) and the name's box
FIGURE = {False: (11.0, 7.4), True: (12.8, 7.2)}  # inches, normal and projector


class ActorCanvas(Canvas):
    """The actor diagram as one figure: every tie and actor drawn once, on the layout of
    the view.

    The state is the set of ties in force on the date that pass the kind filter and the
    focus, the actors they join, and the framing (focus and kinds). A date change computes
    the selection once and only shows or hides artists; a focus or filter change also moves
    the artists to the view's layout and fits the canvas to what that view and filter can
    show at any date. Ties whose start the sources do not date (``start_precision`` unknown)
    get a ``?`` mark; ties with a ``qualifier`` get a number, explained under the diagram.

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
        focus: str | None = BAKU,
        ax: Axes | None = None,
        live: bool = False,
        view: str | None = None,
    ):
        super().__init__(ax, size=self._size(), live=live)
        self.date = parse_date(data.article_date() if date is None else date).date()
        self.kinds: tuple[str, ...] = _check_kinds(kinds) or tuple(KINDS)
        self.focus = _check_view(view, focus)
        self._rel = _relations()
        self._columns = {
            c: self._rel[c].to_numpy() for c in ("start", "end", "kind", "source", "target")
        }
        self._columns["id"] = self._rel.index.to_numpy()
        self._described: dict[tuple[Any, ...], str] = {}
        actors = _actors()
        ends = set(self._rel["source"]) | set(self._rel["target"])
        self._names = {a: actors.at[a, "name"] for a in ends}
        self._short = {a: s for a, s in short_names().items() if a in ends}
        self._legends: dict[tuple[Any, ...], Any] = {}
        self._bundles = bundles()
        self._bundle_of = {rid: b.key for b in self._bundles.values() for rid in b.members}
        self._draw()
        self._frame: tuple[Any, ...] | None = None
        self._shown: tuple[tuple[str, ...], frozenset[str]] | None = None
        self._apply()

    @staticmethod
    def _size() -> tuple[float, float]:
        """The figure's size before :func:`style.figure_size` scales it: the same inches in
        projector mode as on a 16:9 slide (the names grow, not the picture)."""
        width, height = FIGURE[style.presenting()]
        scale = style.figure_size(1.0, 1.0)[0]
        return (width / scale, height / scale)

    # -- drawing, once -------------------------------------------------------------------
    def _draw(self) -> None:
        ax, rel = self.ax, self._rel
        kinds = _actors()["kind"]
        self.nodes: dict[str, Text] = {}
        for node in sorted(self._names):
            text = draw_node(ax, (0.0, 0.0), kinds[node], self._short[node], node)
            text.set_visible(False)
            self.nodes[node] = text
        self.edges: dict[str, FancyArrowPatch] = {}
        for key, bundle in self._bundles.items():
            kind = FAMILIES[bundle.family]["kinds"][0]
            patch = draw_edge(ax, (0, 0), (1, 1), kind, bundle.arrow, bundle.bend, key)
            patch.set_visible(False)
            self.edges[key] = patch
        # marks: "?" for a start not in our sources, a number for a qualifier (noted below)
        qualified = [rid for rid in rel.index if rel.at[rid, "qualifier"]]
        self.footnote_number = {rid: i + 1 for i, rid in enumerate(qualified)}
        self.marks: dict[str, Text] = {}
        for rid, row in rel.iterrows():
            text = ("?" if row["start_precision"] == "unknown" else "") + str(
                self.footnote_number.get(rid, "")
            )
            if text:
                self.marks[rid] = ax.text(
                    0,
                    0,
                    text,
                    ha="center",
                    va="center",
                    fontsize=sizes()["mark"],
                    fontweight="bold",
                    color="#1A1A1A",
                    zorder=2,
                    visible=False,
                    gid=f"mark:{rid}",
                    bbox={"boxstyle": "circle,pad=0.18", "fc": "white", "ec": "#555555"},
                )
        ax.set_axis_off()
        ax.set_aspect("equal", adjustable="datalim")
        self.title = ax.set_title("", loc="left", fontsize=sizes()["legend"] * 1.35)
        # the qualifiers of the numbered ties, under the legend in the right-hand column
        self.footnote = ax.annotate(
            "",
            xy=(1.0, 0.0),
            xycoords="axes fraction",
            xytext=(sizes()["legend"] * 0.9, 0),
            textcoords="offset points",
            va="bottom",
            fontsize=sizes()["note"],
            color="#1A1A1A",
            linespacing=1.25,
            gid="footnote",
        )
        self._note_width = 40
        style.credit(ax, CREDIT)
        self.credit = ax.texts[-1]
        self.credit.set_color("#4D4D4D")
        renderer = self._agg().get_renderer()
        self._measure(full=False)
        if self.owned:
            self._fix_layout(renderer)

    def _measure(self, full: bool) -> None:
        """Set the names' font size for the view and measure their boxes (in points)."""
        renderer = self._agg().get_renderer()
        kinds = _actors()["kind"]
        self._half: dict[str, tuple[float, float]] = {}
        for node, text in self.nodes.items():
            text.set_fontsize(name_size(kinds[node], full))
            shown = text.get_visible()
            text.set_visible(True)  # an invisible text has no extent
            self._half[node] = box_half_size(text, renderer)
            text.set_visible(shown)
        self._measured = (full, style.presenting())

    def _fix_layout(self, renderer: Any) -> None:
        """A fixed frame: the drawing on the left, the widest legend's column on the right,
        room for the title above and the notes below (so nothing moves between states)."""
        fig = self.figure
        fig.set_layout_engine("none")
        legend = self.widest_legend()
        width_px, height_px = fig.get_size_inches() * fig.dpi
        legend_px = legend.get_window_extent(renderer).width if legend is not None else 0
        self.ax.legend_ = None
        font = sizes()["legend"] * fig.dpi / 72
        left, right = 0.01, 1 - (legend_px + 1.5 * font) / width_px
        top = 1 - 2.6 * font / height_px
        bottom = 2.4 * self.credit.get_fontsize() * fig.dpi / 72 / height_px
        self.ax.set_position([left, bottom, right - left, top - bottom])
        self.credit.xyann = (0, -0.6 * self.credit.get_fontsize())
        note_px = sizes()["note"] * fig.dpi / 72
        self._note_width = max(24, int(legend_px / (0.56 * note_px)))

    # -- framing: the view's layout, fitted to what it can show ---------------------------
    def _framing(self) -> tuple[Any, ...]:
        # Projector mode resizes the names: a framing kept from the other mode is not reused.
        return (self.focus, self.kinds, style.presenting())

    def _reframe(self) -> None:
        if (self.focus is None, style.presenting()) != self._measured:
            self._measure(full=self.focus is None)
        pos = self.positions = layout("baku" if self.focus == BAKU else "full")
        self._place(pos, measured=True)
        self._fit(pos)

    def _reframe_on_callers_axes(self) -> None:
        """On a caller's axes: the view's layout and limits from the positions alone."""
        pos = self.positions = layout("baku" if self.focus == BAKU else "full")
        self._place(pos, measured=False)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        self.ax.set_xlim(min(xs) - 1.6, max(xs) + 1.6)
        self.ax.set_ylim(min(ys) - 0.9, max(ys) + 0.9)

    def _place(self, pos: dict[str, tuple[float, float]], measured: bool) -> None:
        """Names, ties and marks to their places in ``pos``. ``measured`` (the names' boxes
        are known): a tie stops at each box's edge and a bundle's marks spread along it;
        otherwise (a caller's axes) a fixed gap and marks in the middle."""
        for node, text in self.nodes.items():
            if node in pos:
                text.set_position(pos[node])
        for key, patch in self.edges.items():
            bundle = self._bundles[key]
            if bundle.a not in pos or bundle.b not in pos:
                continue
            a, b = pos[bundle.a], pos[bundle.b]
            patch.set_positions(a, b)
            if not measured:
                patch.shrinkA = patch.shrinkB = 14
                continue
            control = arc_control(a, b, bundle.bend)
            patch.shrinkA = EDGE_GAP + exit_distance(
                self._half[bundle.a], (control[0] - a[0], control[1] - a[1])
            )
            patch.shrinkB = EDGE_GAP + exit_distance(
                self._half[bundle.b], (control[0] - b[0], control[1] - b[1])
            )
        seen: Counter[str] = Counter()
        for rid, mark in self.marks.items():
            bundle = self._bundles[self._bundle_of[rid]]
            if bundle.a in pos and bundle.b in pos:
                t = (0.5, 0.35, 0.65)[seen[bundle.key] % 3] if measured else 0.5
                seen[bundle.key] += 1
                mark.set_position(arc_point(pos[bundle.a], pos[bundle.b], bundle.bend, t))

    def _fit(self, pos: dict[str, tuple[float, float]]) -> None:
        """Axis limits that hold every name and curve this framing can show, at the largest
        scale that fits (capped, so two actors are not blown up to the size of the page)."""
        rel = self._rel
        mask = self._focus_rows & rel["kind"].isin(self.kinds).to_numpy()
        actors = ({*rel["source"][mask], *rel["target"][mask]} | {self.focus} - {None}) & set(pos)
        if not actors:
            actors = set(pos)
        points = [(pos[a], self._half[a]) for a in actors]
        for key in {self._bundle_of[r] for r in rel.index[mask]}:
            bundle = self._bundles[key]
            if bundle.a in pos and bundle.b in pos and bundle.bend:
                mid = arc_point(pos[bundle.a], pos[bundle.b], bundle.bend)
                points.append((mid, (6.0, 6.0)))
        fig = self.ax.figure
        box = self.ax.get_position()
        width = box.width * fig.get_figwidth() * 72 - 8  # points, a little air at the sides
        height = box.height * fig.get_figheight() * 72 - 8

        def fits(scale: float) -> bool:
            xs = [(p[0] * scale - h[0], p[0] * scale + h[0]) for p, h in points]
            ys = [(p[1] * scale - h[1], p[1] * scale + h[1]) for p, h in points]
            span_x = max(x for _, x in xs) - min(x for x, _ in xs)
            span_y = max(y for _, y in ys) - min(y for y, _ in ys)
            return span_x <= width and span_y <= height

        low, high = 1.0, 400.0
        for _ in range(40):
            mid = (low + high) / 2
            low, high = (mid, high) if fits(mid) else (low, mid)
        scale = min(low, 2.0 * self._full_scale(width, height))
        x0 = min(p[0] - h[0] / scale for p, h in points)
        x1 = max(p[0] + h[0] / scale for p, h in points)
        y0 = min(p[1] - h[1] / scale for p, h in points)
        y1 = max(p[1] + h[1] / scale for p, h in points)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half_w, half_h = width / 2 / scale + 4 / scale, height / 2 / scale + 4 / scale
        self.ax.set_xlim(cx - half_w, cx + half_w)
        self.ax.set_ylim(cy - half_h, cy + half_h)

    def _full_scale(self, width: float, height: float) -> float:
        """Points per layout unit of the full network (the cap of the zoom)."""
        xs = [p[0] for p in POSITIONS.values()]
        ys = [p[1] for p in POSITIONS.values()]
        return min(width / (max(xs) - min(xs) + 3.0), height / (max(ys) - min(ys) + 1.5))

    # -- state ---------------------------------------------------------------------------
    def _select(self) -> tuple[tuple[str, ...], frozenset[str]]:
        cols = self._columns
        mask = in_force(cols["start"], cols["end"], self.date) & np.isin(cols["kind"], self.kinds)
        mask &= self._focus_rows
        actors = {*cols["source"][mask], *cols["target"][mask]}
        if self.focus in self.nodes:
            actors.add(self.focus)
        return tuple(cols["id"][mask]), frozenset(actors)

    def _apply(self) -> None:
        framing = self._framing()
        if framing != self._frame:
            self._focus_rows = _focus_mask(self._rel, self.focus)
            previous, self._frame = self._frame, framing
            if self.owned:
                self._reframe()
                self.switch_frame(previous, framing)
            else:
                self._reframe_on_callers_axes()
            self._shown = None
        selection = self._select()
        if selection != self._shown:
            shown, actors = set(selection[0]), selection[1]
            lit = {self._bundle_of[rid] for rid in shown}
            for key, patch in self.edges.items():
                patch.set_visible(key in lit)
            for rid, mark in self.marks.items():
                mark.set_visible(rid in shown)
            for node, text in self.nodes.items():
                text.set_visible(node in actors)
            self._shown = selection
            self.ax.legend_ = self._legend(selection)
            notes = [
                textwrap.fill(
                    f"{self.footnote_number[rid]}  {self._tie_words(rid, short=True)}: "
                    f"{self._rel.at[rid, 'qualifier']}",
                    self._note_width,
                    subsequent_indent="    ",
                )
                for rid in sorted(shown & set(self.footnote_number), key=self.footnote_number.get)
            ]
            self.footnote.set_text("\n".join(notes))
        title = "Ties in force" if self.live else self.label()
        self.title.set_text(f"{title}: {self.view_name()}")

    def view_name(self) -> str:
        """What the diagram shows, in words: "Baku's own ties", "full network", "EU's ties"."""
        if self.focus is None:
            return "full network"
        if self.focus == BAKU:
            return "Baku's own ties"
        return ties_of(self._short.get(self.focus) or _actors()["name"].get(self.focus, self.focus))

    def _legend(self, selection: tuple[tuple[str, ...], frozenset[str]]) -> Any:
        rows = self._rel.loc[list(selection[0])]
        kinds = _actors()["kind"]
        key = (
            frozenset(family(k) for k in rows["kind"]),
            frozenset(kinds[a] for a in selection[1]),
            bool((rows["start_precision"] == "unknown").any()),
        )
        if key not in self._legends:
            shown = self.ax.legend_
            self._legends[key] = add_legends(self.ax, key[0], key[1], key[2])
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
        return (self._shown, self._frame, self.live or self.date)

    def label(self) -> str:
        return f"Ties in force on {format_date(self.date)}"

    def changing(self) -> list[Any]:
        return [
            *self.edges.values(),
            *self.marks.values(),
            *self.nodes.values(),
            self.title,
            self.footnote,
        ]

    def volatile(self) -> list[Any]:
        return [self.title, self.footnote]

    def labels(self) -> dict[str, str]:
        """Actor id -> the short label the diagram writes."""
        return dict(self._short)

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
        """Show only these tie kinds or families (None: all)."""
        self.kinds = tuple(KINDS) if kinds is None else _check_kinds(kinds) or ()
        self._apply()

    def set_families(self, families: Iterable[str] | None) -> None:
        """Show only these tie families ('security', 'talks', …; None: all)."""
        chosen = list(FAMILIES) if families is None else list(families)
        for name in chosen:
            if name not in FAMILIES:
                raise CourseError(f"'{name}' is not a tie family: use {', '.join(FAMILIES)}.")
        self.kinds = tuple(k for k in KINDS if family(k) in chosen)
        self._apply()

    @property
    def families(self) -> list[str]:
        """The families whose kinds are all shown."""
        return [f for f, spec in FAMILIES.items() if set(spec["kinds"]) <= set(self.kinds)]

    def set_focus(self, focus: str | None) -> None:
        """Show only ``focus``'s own ties ('azerbaijan': Baku's view; None or '': everyone)."""
        self.focus = None if focus in (None, "") else _check_actor(focus)
        self._apply()

    def set_view(self, view: str) -> None:
        """``'baku'`` (Baku's own ties) or ``'full'`` (the whole network)."""
        self.focus = _check_view(view, None)
        self._apply()

    # -- description ---------------------------------------------------------------------
    def _who(self) -> str:
        return f", {self.view_name()}"  # the words of the Show menu

    def alt_text(self) -> str:
        """Alt text from the ties shown: who, how many of each kind, the newest, the marks
        (with the actors' full names)."""
        key = (self._shown, self.focus)
        if key not in self._described:
            self._described[key] = self._describe()
        return f"Actor network as of {format_date(self.date)}{self._who()}: {self._described[key]}"

    def image_alt(self) -> str:
        if not self.live:
            return self.alt_text()
        self.alt_text()  # fills the description of this selection
        return f"Actor network{self._who()}: {self._described[(self._shown, self.focus)]}"

    def _tie_words(self, rid: str, short: bool = False) -> str:
        row = self._rel.loc[rid]
        names = self._short if short else self._names
        arrow = "→" if row["directed"] else "–"
        return f"{names[row['source']]} {arrow} {names[row['target']]}, {pretty(row['kind'])}"

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
        newest = rows.sort_values("start", ascending=False, kind="stable").head(4)
        parts.append(
            "Newest ties: "
            + "; ".join(
                f"{self._tie_words(rid)} ({self._start_text(row)})"
                for rid, row in newest.iterrows()
            )
            + "."
        )
        marked = [
            f"{self._tie_words(rid)}: {tie_note(row['start_precision'], row['qualifier'])}"
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

    # -- geometry ------------------------------------------------------------------------
    def collisions(self) -> list[str]:
        """What overlaps on the drawn figure: a tie through a name or a mark, two names or
        marks touching, a name outside the figure or under the legend. Empty when the
        picture is clean. Draws the figure first (for tests and layout tuning)."""
        return _collisions(self)


def _collisions(canvas: ActorCanvas) -> list[str]:
    from matplotlib.path import Path

    agg = canvas._agg()
    agg.draw()
    renderer = agg.get_renderer()
    width, height = agg.get_width_height()

    def box(text: Text) -> Any:
        patch = text.get_bbox_patch()
        return patch.get_window_extent(renderer) if patch is not None else text.get_window_extent()

    names = {n: box(t) for n, t in canvas.nodes.items() if t.get_visible()}
    marks = {r: box(t) for r, t in canvas.marks.items() if t.get_visible()}
    problems: list[str] = []
    labelled = list(names.items()) + [(f"mark {r}", b) for r, b in marks.items()]
    for i, (one, a) in enumerate(labelled):
        if a.x0 < 0 or a.y0 < 0 or a.x1 > width or a.y1 > height:
            problems.append(f"{one} is not wholly inside the figure")
        for other, b in labelled[i + 1 :]:
            if a.overlaps(b):
                problems.append(f"{one} touches {other}")
    legend = canvas.ax.get_legend()
    if legend is not None and legend.get_visible():
        area = legend.get_window_extent(renderer)
        problems += [f"{one} is under the legend" for one, a in labelled if a.overlaps(area)]
    for key, patch in canvas.edges.items():
        if not patch.get_visible():
            continue
        paths, _ = patch._get_path_in_displaycoord()
        paths = paths if isinstance(paths, list) else [paths]
        polygons = [p for path in paths for p in path.to_polygons(closed_only=False)]
        bundle = canvas._bundles[key]
        own_marks = {f"mark {r}" for r in bundle.members}
        for one, a in labelled:
            if one in own_marks:
                continue
            inner = a.padded(-1.0)
            for poly in polygons:
                if Path(poly).intersects_bbox(inner, filled=False):
                    problems.append(f"tie {key} crosses {one}")
                    break
    return problems


def actor_network(
    date: Any = None,
    kinds: Iterable[str] | str | None = None,
    focus: str | None = BAKU,
    ax: Axes | None = None,
    view: str | None = None,
) -> style.FigureResult:
    """Draw who is tied to whom on ``date`` (default: the article's date).

    By default Baku's own ties (Azerbaijan, its foreign minister, SOCAR and AZAL, and who
    they are tied to); ``view="full"`` shows the whole network, ``focus`` another actor's
    ties. Line colour and pattern show the tie's family (security and alliance, conflict and
    pressure, support and aid, mediation and talks, economic links, membership and
    affiliation); arrows point from the actor that acts. ``kinds`` keeps only some tie
    kinds or families ("talks", "support", …).

    Example:
        >>> import course_lib as cl
        >>> cl.actor_network("2022-02-22").alt_text[:36]
        'Actor network as of 22 February 2022'
        >>> "full network" in cl.actor_network("2022-02-22", view="full").alt_text
        True
    """
    return ActorCanvas(date=date, kinds=kinds, focus=focus, ax=ax, view=view).result()
