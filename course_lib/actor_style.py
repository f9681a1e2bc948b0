"""How the actor diagram looks: positions, colours and shapes, edges, nodes and legends.

Kept apart from :mod:`course_lib.network` (which decides *what* is shown) so the look can
change, for example kinds grouped into families of one colour, without touching the logic.
Every edge look is read through :func:`tie_look`.

Example:
    >>> tie_look("armed_conflict")["linestyle"]
    '-'
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from . import style

C = style.BASE_COLOURS  # the palette the accessibility tests check
UNKNOWN_START = "start date not in our sources"

# through ``tie_look`` only, so kinds can later share one look per family.
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
POSITIONS: dict[str, tuple[float, float]] = {
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
SHORT_NAMES = {
    "russian_peacekeepers": "Russian peacekeepers",
    "socar": "SOCAR",
    "dnr": "'DPR'",  # the English forms, not the Russian abbreviations
    "lnr": "'LPR'",
    "nkr": "NKR (Artsakh)",
    "ukraine_embassy_baku": "Ukraine's embassy in Baku",
}

#: Optional columns of relations.csv: how precise ``start`` is (day, month, year, or unknown:
#: the sources do not date the start), and a short qualifier shown on the tie.


def tie_look(kind: str) -> dict[str, Any]:
    """Colour, line style and width of a tie kind (the one place edge looks are chosen)."""
    return EDGE_STYLE[kind]


def pretty(kind: str) -> str:
    """A vocabulary key as words ('alliance_declaration' -> 'alliance declaration')."""
    return kind.replace("_", " ")


def wrap_name(name: str) -> str:
    """An actor's name on lines of at most 16 characters."""
    return "\n".join(textwrap.wrap(name, 16)) or name


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
    look = tie_look(kind)
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
    name = SHORT_NAMES.get(gid, name)
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
        wrap_name(name),
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


def arc_midpoint(start: tuple[float, float], end: tuple[float, float], bend: float) -> tuple:
    """The middle of an ``arc3`` curve (a quadratic Bezier) between two nodes."""
    (x1, y1), (x2, y2) = start, end
    return ((x1 + x2) / 2 + bend * (y2 - y1) / 2, (y1 + y2) / 2 - bend * (x2 - x1) / 2)


def legend_handles(
    edge_kinds: Iterable[str], node_kinds: Iterable[str], unknown_start: bool = False
) -> tuple[list, list]:
    """Legend handles for tie kinds (line styles, in the order given) and actor kinds (shapes)."""
    edges = [
        Line2D(
            [],
            [],
            color=tie_look(k)["color"],
            linestyle=tie_look(k)["linestyle"],
            linewidth=tie_look(k)["width"],
            label=pretty(k),
        )
        for k in edge_kinds
    ]
    if unknown_start:
        edges.append(Line2D([], [], linestyle="", marker="$?$", color="black", label=UNKNOWN_START))
    nodes = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=NODE_STYLE[k]["marker"],
            markerfacecolor=NODE_STYLE[k]["color"],
            markeredgecolor="#333333",
            markersize=9,
            label=pretty(k),
        )
        for k in NODE_STYLE
        if k in set(node_kinds)
    ]
    return edges, nodes


def add_legends(
    ax: Axes, edge_kinds: Iterable[str], node_kinds: Iterable[str], unknown_start: bool = False
) -> Any:
    """One legend right of the drawing, in two sections: ties (lines), actors (shapes).

    One legend, not two, so constrained layout makes room for all of it.
    """
    edges, nodes = legend_handles(edge_kinds, node_kinds, unknown_start)
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


def frame_axes(ax: Axes, pos: dict[str, tuple[float, float]]) -> None:
    """Square, bare axes with room for every position in ``pos``."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 1.2, max(ys) + 0.8)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
