"""Actor diagrams: who pulls Baku which way, and how that changed in early 2022.

``actor_graph`` turns ``relations.csv`` into a :class:`networkx.MultiDiGraph` of the ties in
force on a date; ``actor_network`` draws it with one fixed layout for every date (so the eye
can compare two dates); ``balance`` shows Baku's signals towards Moscow and Kyiv.

Example:
    >>> import course_lib as cl
    >>> g = cl.actor_graph("2022-02-22")  # doctest: +SKIP
    >>> g.has_edge("azerbaijan", "russia")  # doctest: +SKIP
    True
"""

from __future__ import annotations

import difflib
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from . import citations, data, style
from .dates import parse_date
from .errors import CourseError, DataError

C = style.BASE_COLOURS  # the palette the accessibility tests check

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
# vermillion conflict); line style and width keep kinds apart without colour.
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "alliance_declaration": {"color": C["blue"], "linestyle": "-", "width": 3.0},
    "military_presence": {"color": C["black"], "linestyle": "-", "width": 2.2},
    "membership": {"color": C["black"], "linestyle": ":", "width": 1.4},
    "partnership": {"color": C["sky"], "linestyle": ":", "width": 1.8},
    "mediation": {"color": C["purple"], "linestyle": "--", "width": 1.8},
    "peace_process": {"color": C["purple"], "linestyle": "-.", "width": 1.8},
    "territorial_integrity_support": {"color": C["green"], "linestyle": "-", "width": 2.2},
    "humanitarian_aid": {"color": C["green"], "linestyle": "--", "width": 2.2},
    "energy_economic": {"color": C["orange"], "linestyle": "--", "width": 1.8},
    "pressure_sanctions": {"color": C["vermillion"], "linestyle": "--", "width": 1.8},
    "armed_conflict": {"color": C["vermillion"], "linestyle": "-", "width": 3.0},
    "recognition": {"color": C["vermillion"], "linestyle": ":", "width": 2.0},
    "affiliation": {"color": C["grey"], "linestyle": "-", "width": 1.0},
}

# Node look per actor kind (actors.csv): shape and fill.
NODE_STYLE: dict[str, dict[str, Any]] = {
    "state": {"marker": "o", "color": C["sky"], "size": 520},
    "organisation": {"marker": "s", "color": C["light"], "size": 300},
    "person": {"marker": "^", "color": C["yellow"], "size": 240},
    "company": {"marker": "D", "color": C["orange"], "size": 220},
    "armed_force": {"marker": "p", "color": C["vermillion"], "size": 300},
    "media": {"marker": "h", "color": C["purple"], "size": 260},
    "de_facto_entity": {"marker": "8", "color": C["grey"], "size": 300},
}
_FALLBACK_NODE = {"marker": "o", "color": "#FFFFFF", "size": 200}

# Hand-tuned positions: Azerbaijan in the middle, Moscow's side on the left and Kyiv's on
# the right (as in ``balance``), talks formats at the bottom, the article's voices in the
# lower corners. Every date uses these, so a tie appearing is the only thing that moves.
_POSITIONS: dict[str, tuple[float, float]] = {
    "azerbaijan": (0.0, 0.0),
    "russia": (-4.4, 2.0),
    "ukraine": (4.4, 2.0),
    "dnr": (-1.1, 4.1),
    "lnr": (1.1, 4.1),
    "armenia": (-2.2, -2.4),
    "turkey": (2.4, -2.4),
    "russian_peacekeepers": (-2.3, 0.9),
    "russia_102nd_base": (-4.6, -0.9),
    "csto": (-6.4, 0.6),
    "socar": (2.9, -0.7),
    "azal": (-1.2, 1.6),
    "bayramov": (0.9, -1.7),
    "ukraine_embassy_baku": (3.0, 3.1),
    "eu": (6.4, 3.4),
    "nato": (6.4, 0.6),
    "borrell": (6.4, 5.0),
    "minsk_group": (0.0, -4.0),
    "osce": (0.0, -5.5),
    "usa": (2.3, -4.6),
    "france": (-2.3, -4.6),
    "nkr": (-1.0, -1.3),
    "goyushov": (-6.6, -3.2),
    "baku_research_institute": (-6.6, -4.5),
    "mammadov_ilgar": (-4.7, -3.2),
    "real_party": (-4.7, -4.5),
    "de_waal": (4.7, -3.2),
    "carnegie_europe": (4.7, -4.5),
    "alieva_leila": (6.6, -3.2),
    "university_of_oxford": (6.6, -4.5),
}

# Shorter labels where the full name would take four lines on the diagram.
_SHORT_NAMES = {
    "russian_peacekeepers": "Russian peacekeepers",
    "socar": "SOCAR",
    "dnr": "'DNR'",
    "lnr": "'LNR'",
    "nkr": "NKR (Artsakh)",
    "ukraine_embassy_baku": "Ukraine's embassy in Baku",
}

KEY_DATES: dict[str, str] = {
    "2022-01-14": "Aliyev in Kyiv",
    "2022-02-21": "Russia recognises DNR/LNR",
    "2022-02-22": "Moscow Declaration",
    "2022-02-24": "Invasion of Ukraine",
    "2022-03-18": "IWPR article",
}

SIGNALS: dict[str, str] = {
    "toward_moscow": "towards Moscow",
    "hedge": "hedging",
    "toward_kyiv": "towards Kyiv",
}

# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, eq=False)  # hashed by identity: one per loaded data folder
class _Tables:
    relations: pd.DataFrame
    actors: pd.DataFrame


@lru_cache(maxsize=4)
def _tables_for(folder: str, generation: int) -> _Tables:
    rel = data.relations()
    unknown = sorted(set(rel["kind"]) - set(KINDS))
    if unknown:
        row = int(data.load_tables()["relations"].loc[rel["kind"] == unknown[0], "_line"].iloc[0])
        raise DataError(
            "relations.csv",
            f"tie kind '{unknown[0]}' is not one of: {', '.join(KINDS)}",
            row=row,
        )
    return _Tables(relations=rel.sort_values(["start", "relation_id"]), actors=data.actors())


def _tables() -> _Tables:
    # keyed on the loaded frame too, so cl.reload() after editing the CSV is seen here
    return _tables_for(str(data.data_dir()), id(data.load_tables()["relations"]))


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
    actors = _tables().actors
    if actor in actors.index:
        return actor
    by_name = {name.lower(): aid for aid, name in actors["name"].items()}
    if str(actor).lower() in by_name:
        return by_name[str(actor).lower()]
    close = difflib.get_close_matches(str(actor).lower(), list(actors.index), n=3)
    tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise CourseError(f"'{actor}' is not an actor id.{tip} See cl.actors() for the list.")


def ties(date: Any = None, kinds: Iterable[str] | str | None = None) -> pd.DataFrame:
    """The rows of ``relations.csv`` in force on ``date`` (all rows when ``date`` is None).

    A tie is in force when ``start <= date`` and (``end`` is blank or ``date <= end``).

    Example:
        >>> len(ties("2022-02-22")) > len(ties("2022-01-01"))  # doctest: +SKIP
        True
    """
    kinds = _check_kinds(kinds)
    rel = _tables().relations
    mask = pd.Series(True, index=rel.index)
    if date is not None:
        day = parse_date(date)
        mask &= (rel["start"] <= day) & (rel["end"].isna() | (day <= rel["end"]))
    if kinds is not None:
        mask &= rel["kind"].isin(kinds)
    return rel[mask]


# --------------------------------------------------------------------------- graph


def actor_graph(date: Any = None, kinds: Iterable[str] | str | None = None) -> nx.MultiDiGraph:
    """The ties in force on ``date`` as a graph (``date=None``: every tie ever recorded).

    Nodes are actor ids with ``name`` and ``kind`` from ``actors.csv``; only actors with at
    least one tie appear. Each tie is one edge keyed by its ``relation_id``, with ``kind``,
    ``summary``, ``source_ids``, ``start``, ``end`` and ``directed``. An undirected tie
    (``directed=false``, e.g. a joint declaration) is stored once, from ``source`` to
    ``target`` as written in the CSV; read its ``directed`` attribute before following arrows.

    Example:
        >>> g = actor_graph("2022-03-18", kinds=["alliance_declaration"])  # doctest: +SKIP
        >>> sorted(g.nodes)  # doctest: +SKIP
        ['azerbaijan', 'russia', 'turkey']
    """
    rows = ties(date, kinds)
    actors = _tables().actors
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
        >>> layout()["azerbaijan"]  # doctest: +SKIP
        (0.0, 0.0)
    """
    return dict(_layout_for(_tables()))


@lru_cache(maxsize=4)
def _layout_for(tables: _Tables) -> tuple[tuple[str, tuple[float, float]], ...]:
    import math

    rel = tables.relations
    everyone = sorted(set(rel["source"]) | set(rel["target"]))
    extra = [a for a in everyone if a not in _POSITIONS]
    pos = {a: _POSITIONS[a] for a in everyone if a in _POSITIONS}
    for i, actor in enumerate(extra):
        angle = 2 * math.pi * i / max(len(extra), 1) + math.pi / 7
        pos[actor] = (round(8.0 * math.cos(angle), 3), round(6.0 * math.sin(angle), 3))
    return tuple(sorted(pos.items()))


def _label(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 16)) or name


def _fmt(day: pd.Timestamp | None) -> str:
    return "" if day is None or pd.isna(day) else f"{day.day} {day:%b %Y}"


def _pretty(kind: str) -> str:
    return kind.replace("_", " ")


def curvature() -> dict[str, float]:
    """Arc bend per tie, computed once over every tie so a tie keeps its shape at every date."""
    return dict(_curvature_for(_tables()))


@lru_cache(maxsize=4)
def _curvature_for(tables: _Tables) -> tuple[tuple[str, float], ...]:
    return tuple(_curvature(actor_graph(None)).items())


def _curvature(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Arc bend per edge so several ties between one pair stay apart."""
    seen: Counter[frozenset[str]] = Counter()
    bend: dict[str, float] = {}
    steps = (0.12, -0.12, 0.3, -0.3, 0.45, -0.45)
    for u, v, key in sorted(graph.edges(keys=True), key=lambda e: e[2]):
        pair = frozenset((u, v))
        i = seen[pair]
        seen[pair] += 1
        b = steps[i % len(steps)]
        bend[key] = b if u <= v else -b  # same visual side whichever way the tie points
    return bend


# --------------------------------------------------------------------------- drawing


def draw_edge(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    kind: str,
    directed: bool,
    bend: float,
    gid: str,
) -> FancyArrowPatch:
    """One tie as an arrow (or a plain line when undirected) in the style of its kind."""
    look = EDGE_STYLE[kind]
    patch = FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>" if directed else "-",
        mutation_scale=14,
        connectionstyle=f"arc3,rad={bend}",
        color=look["color"],
        linestyle=look["linestyle"],
        linewidth=look["width"] * (1.4 if style.presenting() else 1.0),
        shrinkA=13,
        shrinkB=13,
        zorder=1,
        gid=gid,
    )
    ax.add_patch(patch)
    return patch


def draw_node(ax: Axes, xy: tuple[float, float], kind: str, name: str, gid: str) -> tuple[Any, Any]:
    """One actor as a marker in the shape and fill of its kind, with its name under it."""
    name = _SHORT_NAMES.get(gid, name)
    look = NODE_STYLE.get(kind, _FALLBACK_NODE)
    scale = 1.5 if style.presenting() else 1.0
    marker = ax.scatter(
        [xy[0]],
        [xy[1]],
        s=look["size"] * scale,
        marker=look["marker"],
        c=look["color"],
        edgecolors="#333333",
        linewidths=1.0,
        zorder=3,
        gid=gid,
    )
    text = ax.annotate(
        _label(name),
        xy,
        xytext=(0, -13 * scale),
        textcoords="offset points",
        ha="center",
        va="top",
        fontsize=8 * scale,
        zorder=4,
        gid=f"label:{gid}",
        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75},
    )
    return marker, text


def legend_handles(edge_kinds: Iterable[str], node_kinds: Iterable[str]) -> tuple[list, list]:
    """Legend handles for tie kinds (line styles) and actor kinds (shapes)."""
    edges = [
        Line2D(
            [],
            [],
            color=EDGE_STYLE[k]["color"],
            linestyle=EDGE_STYLE[k]["linestyle"],
            linewidth=EDGE_STYLE[k]["width"],
            label=_pretty(k),
        )
        for k in KINDS
        if k in set(edge_kinds)
    ]
    nodes = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=NODE_STYLE[k]["marker"],
            markerfacecolor=NODE_STYLE[k]["color"],
            markeredgecolor="#333333",
            markersize=9,
            label=_pretty(k),
        )
        for k in NODE_STYLE
        if k in set(node_kinds)
    ]
    return edges, nodes


def add_legends(ax: Axes, edge_kinds: Iterable[str], node_kinds: Iterable[str]) -> Any:
    """One legend right of the drawing, in two sections: ties (lines), actors (shapes).

    One legend, not two, so constrained layout makes room for all of it.
    """
    edges, nodes = legend_handles(edge_kinds, node_kinds)
    handles: list[Any] = []
    headers = []
    for title, group in (("Ties (line)", edges), ("Actors (shape)", nodes)):
        if group:
            headers.append(len(handles))
            handles.append(Line2D([], [], linestyle="", label=title))
            handles.extend(group)
    if not handles:
        return None
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small" if not style.presenting() else "medium",
        frameon=False,
        handlelength=2.6,
    )
    for i in headers:
        legend.get_texts()[i].set_fontweight("bold")
    legend.set_gid("legend:network")
    return legend


def frame_axes(ax: Axes) -> None:
    """Square, bare axes with room for every fixed position."""
    pos = layout()
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 1.2, max(ys) + 0.8)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()


def describe(graph: nx.MultiDiGraph, date: Any, focus: str | None = None) -> str:
    """Alt text from the graph: who is shown, how many ties of each kind, what is newest."""
    when = "all dates" if date is None else f"as of {_fmt(parse_date(date))}"
    counts = Counter(attrs["kind"] for _, _, attrs in graph.edges(data=True))
    names = [graph.nodes[n]["name"] for n in sorted(graph.nodes)]
    parts = [
        f"Actor network ({when}"
        + (
            f", {graph.nodes[focus]['name'] if focus in graph else focus}'s ties only"
            if focus
            else ""
        )
        + f"): {graph.number_of_nodes()} actors and {graph.number_of_edges()} ties."
    ]
    if counts:
        parts.append(
            "Ties by kind: "
            + ", ".join(
                f"{n} {_pretty(k)}"
                for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            + "."
        )
    if names:
        parts.append("Actors: " + ", ".join(names) + ".")
    newest = sorted(graph.edges(data=True), key=lambda e: e[2]["start"], reverse=True)[:4]
    if newest:
        parts.append(
            "Newest ties: "
            + "; ".join(
                f"{graph.nodes[u]['name']} {'→' if a['directed'] else '–'} "
                f"{graph.nodes[v]['name']}, {_pretty(a['kind'])} ({_fmt(a['start'])})"
                for u, v, a in newest
            )
            + "."
        )
    return " ".join(parts)


def actor_network(
    date: Any = "2022-03-18",
    kinds: Iterable[str] | str | None = None,
    focus: str | None = None,
    ax: Axes | None = None,
) -> style.FigureResult:
    """Draw who is tied to whom on ``date``, on the course's fixed layout.

    Shape and fill show the actor's kind, line colour and style the tie's kind; arrows point
    from the actor that acts (recognises, deploys, mediates, sends aid). ``kinds`` keeps
    only some tie kinds; ``focus`` keeps one actor's ties and neighbours.

    Example:
        >>> import course_lib as cl
        >>> cl.actor_network("2022-02-22", focus="azerbaijan")  # doctest: +SKIP
    """
    graph = focus_graph(actor_graph(date, kinds), focus)
    if focus is not None:
        focus = _check_actor(focus)
    ax, owned = style.new_axes(ax, size=(11.0, 7.5))
    pos = layout()
    bend = curvature()
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        draw_edge(ax, pos[u], pos[v], attrs["kind"], attrs["directed"], bend[key], gid=key)
    for node, attrs in graph.nodes(data=True):
        draw_node(ax, pos[node], attrs["kind"], attrs["name"], gid=node)
    frame_axes(ax)
    when = (
        "all ties ever recorded" if date is None else f"Ties in force on {_fmt(parse_date(date))}"
    )
    title = when + (f": {graph.nodes[focus]['name']}" if focus in graph else "")
    ax.set_title(title, loc="left")
    add_legends(
        ax,
        {a["kind"] for _, _, a in graph.edges(data=True)},
        {a["kind"] for _, a in graph.nodes(data=True)},
    )
    shown = sorted({s for _, _, a in graph.edges(data=True) for s in a["source_ids"]})
    citations.cite(shown)
    style.credit(ax, "Ties: course relations table; sources listed by cl.sources_for().")
    alt = describe(graph, date, focus)
    if graph.number_of_edges() == 0:
        alt += " No ties are in force for this choice; try a later date or fewer filters."
    return style.FigureResult(ax=ax, alt_text=alt, owned=owned, extra={"graph": graph})


# --------------------------------------------------------------------------- balance


def signals(start: Any = "2022-01-01", end: Any = "2022-03-31") -> pd.DataFrame:
    """Timeline events with a ``baku_signal`` between ``start`` and ``end``, oldest first.

    Example:
        >>> sorted(set(signals()["baku_signal"]))  # doctest: +SKIP
        ['hedge', 'toward_kyiv', 'toward_moscow']
    """
    first, last = parse_date(start, "start date"), parse_date(end, "end date")
    if last < first:
        raise CourseError("The end date is before the start date; swap them and try again.")
    events = data.timeline()
    mask = events["baku_signal"].isin(list(SIGNALS)) & events["date"].between(first, last)
    return events[mask].sort_values(["date", "event_id"], kind="stable")


def balance(
    start: Any = "2022-01-01", end: Any = "2022-03-31", ax: Axes | None = None
) -> style.FigureResult:
    """Baku's moves, one row per event in time order: bars left lean towards Moscow, bars
    right towards Kyiv, grey bars across the middle hedge.

    Example:
        >>> import course_lib as cl
        >>> cl.balance()  # doctest: +SKIP
    """
    rows = signals(start, end)
    n = len(rows)
    ax, owned = style.new_axes(ax, size=(10.5, max(3.0, 0.62 * n + 1.8)))
    pal = style.palette()
    spans = {"toward_moscow": (-1.0, 1.0), "toward_kyiv": (0.0, 1.0), "hedge": (-0.5, 1.0)}
    bars: dict[str, list[Any]] = {k: [] for k in SIGNALS}
    labels = []
    for i, (eid, row) in enumerate(rows.iterrows()):
        y = n - 1 - i  # oldest at the top, like reading a page
        signal = row["baku_signal"]
        left, width = spans[signal]
        (bar,) = ax.barh(
            y,
            width,
            left=left,
            height=0.7,
            color=pal[signal],
            hatch="///" if signal == "hedge" else None,
            edgecolor="#333333",
            linewidth=0.6,
            gid=f"{signal}:{eid}",
        )
        bars[signal].append(bar)
        labels.append(textwrap.fill(f"{_fmt(row['date'])} · {row['title']}", 48))
    ax.set_yticks(range(n - 1, -1, -1), labels if n else [])
    ax.axvline(0, color="#333333", linewidth=1.0)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-0.7, max(n, 1) - 0.3)
    ax.set_xticks([-0.7, 0.7], ["← towards Moscow", "towards Kyiv →"])
    ax.tick_params(axis="y", length=0)
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.set_title(f"Baku's signals, {_fmt(parse_date(start))} – {_fmt(parse_date(end))}", loc="left")
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="s",
            markersize=10,
            markerfacecolor=pal[k],
            markeredgecolor="#333333",
            label=f"{SIGNALS[k]} ({len(bars[k])})",
        )
        for k in SIGNALS
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    citations.cite_rows(rows["source_ids"])
    style.credit(ax, "Signals: the course's reading of events in the timeline table.")
    counts = {k: len(v) for k, v in bars.items()}
    if n:
        order = "; ".join(
            f"{_fmt(r['date'])} {r['title']} ({SIGNALS[r['baku_signal']]})"
            for _, r in rows.iterrows()
        )
        alt = (
            f"Diverging bar chart of {n} moves by Baku between {_fmt(parse_date(start))} and "
            f"{_fmt(parse_date(end))}: {counts['toward_moscow']} towards Moscow, "
            f"{counts['toward_kyiv']} towards Kyiv, {counts['hedge']} hedging. In order: {order}."
        )
    else:
        alt = "No signals by Baku are recorded in this period; try a wider date range."
    return style.FigureResult(
        ax=ax, alt_text=alt, owned=owned, extra={"bars": bars, "events": list(rows.index)}
    )
