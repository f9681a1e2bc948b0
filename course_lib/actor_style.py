"""How the actor diagram looks: tie families, actor boxes, the two layouts, legends.

Kept apart from :mod:`course_lib.network` (which decides *what* is shown). The 13 tie kinds
of ``relations.csv`` stay in the data and in the alt text; the drawing groups them into six
families (:data:`FAMILIES`), one colour and line pattern each, so a reader tells ties apart
at a glance. Every edge look is read through :func:`tie_look`. An actor is its name in a
box: the box's fill and the mark before the name give the kind of actor, and ties end at
the box's edge, so no line runs through a name.

Example:
    >>> family("armed_conflict"), tie_look("armed_conflict")["label"]
    ('conflict', 'conflict and pressure')
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from . import style

C = style.BASE_COLOURS  # the palette the accessibility tests check
UNKNOWN_START = "start date not in our sources"

#: Tie families: the one place the 13 kinds are grouped. Colour by meaning (blue security,
#: vermillion conflict, green support, purple talks); the line pattern keeps families apart
#: without colour (greyscale print, colour-vision deficiency).
FAMILIES: dict[str, dict[str, Any]] = {
    "security": {
        "label": "security and alliance",
        "kinds": ("alliance_declaration", "military_presence", "partnership"),
        "color": C["blue"],
        "linestyle": "-",
        "width": 3.2,
    },
    "conflict": {
        "label": "conflict and pressure",
        "kinds": ("armed_conflict", "pressure_sanctions", "recognition"),
        "color": C["vermillion"],
        "linestyle": (0, (3.0, 1.6)),
        "width": 2.8,
    },
    "support": {
        "label": "support and aid",
        "kinds": ("territorial_integrity_support", "humanitarian_aid"),
        "color": C["green"],
        "linestyle": (0, (7.0, 2.2)),
        "width": 2.6,
    },
    "talks": {
        "label": "mediation and talks",
        "kinds": ("mediation", "peace_process"),
        "color": C["purple"],
        "linestyle": (0, (6.0, 1.8, 1.4, 1.8)),
        "width": 2.4,
    },
    "economy": {
        "label": "economic links",
        "kinds": ("energy_economic",),
        "color": C["orange"],
        "linestyle": (0, (1.2, 1.4)),
        "width": 2.8,
    },
    "membership": {
        "label": "membership and affiliation",
        "kinds": ("membership", "affiliation"),
        "color": C["grey"],
        "linestyle": "-",
        "width": 1.3,
    },
}
FAMILY_OF: dict[str, str] = {k: f for f, spec in FAMILIES.items() for k in spec["kinds"]}

# Actor boxes by kind (actors.csv): a light fill (black text on it keeps well over 4.5:1)
# and a mark before the name, so the kind reads without colour too.
NODE_STYLE: dict[str, dict[str, Any]] = {
    "state": {"mark": "●", "fill": "#D7EBF8", "marker": "o", "bold": True},
    "organisation": {"mark": "■", "fill": "#EAEAEA", "marker": "s"},
    "person": {"mark": "▲", "fill": "#FAF5C8", "marker": "^"},
    "company": {"mark": "◆", "fill": "#FBE5BC", "marker": "D"},
    "armed_force": {"mark": "⬟", "fill": "#F6D2BC", "marker": "p"},
    "media": {"mark": "⬢", "fill": "#F4DAEA", "marker": "h"},
    "de_facto_entity": {"mark": "○", "fill": "#FFFFFF", "marker": "o", "dashed": True},
}
_FALLBACK_NODE = {"mark": "•", "fill": "#FFFFFF", "marker": "."}
TEXT_COLOUR = "#1A1A1A"
BOX_EDGE = "#404040"

# Hand-tuned positions of the full network, in layout units: Azerbaijan in the middle,
# Moscow's side on the left and Kyiv's on the right (as in the signal chart), talks formats
# below, the article's voices in the lower corners. Checked by geometry on the rendered figure
# (tests/test_network.py): on every date a tie starts or ends, at normal and projector sizes,
# no tie crosses a name or a mark and no two names touch. Move one actor and re-run that test.
POSITIONS: dict[str, tuple[float, float]] = {
    "azerbaijan": (0.0, 0.0),
    "russia": (-5.6, 1.04),
    "ukraine": (5.4, 1.04),
    "dnr": (-6.6, 6.24),
    "lnr": (-4.4, 5.98),
    "armenia": (-4.0, -3.76),
    "turkey": (3.4, -3.0),
    "russian_peacekeepers": (-2.6, 1.8),
    "russia_102nd_base": (-8.6, -1.9),
    "csto": (-9.2, 2.6),
    "socar": (2.2, 2.4),
    "azal": (-2.4, 4.9),
    "bayramov": (6.4, -2.9),
    "ukraine_embassy_baku": (8.0, 3.64),
    "eu": (1.8, 6.8),
    "nato": (8.2, -0.4),
    "borrell": (4.4, 7.3),
    "minsk_group": (0.1, -3.9),
    "osce": (0.0, -6.5),
    "usa": (2.9, -5.98),
    "france": (-2.6, -6.5),
    "nkr": (0.5, 4.0),
    "goyushov": (-9.0, -4.68),
    "baku_research_institute": (-9.0, -7.02),
    "mammadov_ilgar": (-5.8, -4.94),
    "real_party": (-5.8, -7.0),
    "de_waal": (5.0, -4.42),
    "carnegie_europe": (5.4, -6.5),
    "alieva_leila": (8.4, -4.68),
    "university_of_oxford": (8.6, -7.02),
}

# Baku's own view: Azerbaijan in the middle and everyone it was ever tied to around it, in
# the same directions as in the full network (Moscow left, Kyiv right, talks below), its
# state company and airline next to the capital they dealt with.
BAKU_POSITIONS: dict[str, tuple[float, float]] = {
    "azerbaijan": (0.0, 0.0),
    "russia": (-4.6, 0.9),
    "russian_peacekeepers": (-2.7, 3.0),
    "azal": (-4.6, 3.0),
    "ukraine": (4.6, 0.9),
    "socar": (2.6, 2.6),
    "eu": (4.8, 3.2),
    "nato": (0.0, 3.0),
    "turkey": (3.8, -1.2),
    "bayramov": (2.1, -1.9),
    "armenia": (-3.6, -2.0),
    "nkr": (-4.6, -0.6),
    "minsk_group": (-1.3, -3.4),
    "usa": (0.9, -3.4),
}


def family(kind: str) -> str:
    """The family a tie kind belongs to ('mediation' -> 'talks')."""
    return FAMILY_OF[kind]


def tie_look(kind: str) -> dict[str, Any]:
    """Colour, line pattern, width and family label of a tie kind (the one place edge looks
    are chosen: every kind of a family looks the same)."""
    return FAMILIES[family(kind)]


# Kinds whose key joins two things: read with "or", not as one phrase.
TWO_THINGS = {
    "pressure_sanctions": "pressure or sanctions",
    "energy_economic": "energy or economic",
}


def pretty(kind: str) -> str:
    """A vocabulary key as words ('alliance_declaration' -> 'alliance declaration'; a key
    naming two things reads 'or': 'pressure_sanctions' -> 'pressure or sanctions')."""
    return TWO_THINGS.get(kind, kind.replace("_", " "))


def sizes(full: bool = False) -> dict[str, float]:
    """Font sizes (points) of names, marks and legend, normal or projector; the full
    network's names are a little smaller on a projector (30 names share the picture)."""
    if style.presenting():
        names = {"name": 11.0, "state": 12.0} if full else {"name": 15.0, "state": 16.0}
        return {**names, "mark": 12.0, "legend": 14.0, "note": 12.0}
    return {"name": 9.0, "state": 10.0, "mark": 8.0, "legend": 8.5, "note": 8.0}


def wrap_name(name: str, width: int = 13) -> str:
    """An actor's label on lines of at most ``width`` characters (words are not cut)."""
    return "\n".join(textwrap.wrap(name, width, break_long_words=False)) or name


def node_label(name: str, kind: str) -> str:
    """The text of an actor's box: the kind's mark and the (short) name."""
    look = NODE_STYLE.get(kind, _FALLBACK_NODE)
    return f"{look['mark']} {wrap_name(name)}"


def name_size(kind: str, full: bool = False) -> float:
    """The font size of an actor's name (states a little larger, in bold)."""
    size = sizes(full)
    return size["state"] if NODE_STYLE.get(kind, _FALLBACK_NODE).get("bold") else size["name"]


def draw_node(ax: Axes, xy: tuple[float, float], kind: str, name: str, gid: str) -> Text:
    """One actor as its name in a box, centred on ``xy``, in the fill of its kind."""
    look = NODE_STYLE.get(kind, _FALLBACK_NODE)
    return ax.text(
        xy[0],
        xy[1],
        node_label(name, kind),
        ha="center",
        va="center",
        multialignment="center",
        fontsize=name_size(kind),
        fontweight="bold" if look.get("bold") else "normal",
        color=TEXT_COLOUR,
        linespacing=1.1,
        zorder=4,
        gid=f"label:{gid}",
        bbox={
            "boxstyle": "round,pad=0.32",
            "fc": look["fill"],
            "ec": BOX_EDGE,
            "lw": 0.9,
            "ls": "--" if look.get("dashed") else "-",
        },
    )


def box_half_size(text: Text, renderer: Any) -> tuple[float, float]:
    """Half the width and height of a name's box, in points (text extent plus padding)."""
    box = text.get_window_extent(renderer)
    to_points = 72.0 / text.figure.dpi
    pad = 0.32 * text.get_fontsize()
    return box.width * to_points / 2 + pad, box.height * to_points / 2 + pad


def exit_distance(half: tuple[float, float], direction: tuple[float, float]) -> float:
    """How far (points) a ray from a box's centre runs in ``direction`` before it leaves
    the box of half-size ``half``."""
    dx, dy = abs(direction[0]), abs(direction[1])
    norm = math.hypot(dx, dy) or 1.0
    dx, dy = dx / norm, dy / norm
    limits = [h / d for h, d in ((half[0], dx), (half[1], dy)) if d > 1e-9]
    return min(limits) if limits else 0.0


def arc_control(start: tuple[float, float], end: tuple[float, float], bend: float) -> tuple:
    """The control point of matplotlib's ``arc3`` curve between two points."""
    (x1, y1), (x2, y2) = start, end
    return ((x1 + x2) / 2 + bend * (y2 - y1), (y1 + y2) / 2 - bend * (x2 - x1))


def arc_point(
    start: tuple[float, float], end: tuple[float, float], bend: float, t: float = 0.5
) -> tuple:
    """The point at ``t`` (0 to 1; default the middle) of an ``arc3`` curve, a quadratic
    Bezier, between two points.

    Example:
        >>> arc_point((0, 0), (2, 0), 0.0)
        (1.0, 0.0)
    """
    c = arc_control(start, end, bend)
    u = 1 - t
    return (
        u * u * start[0] + 2 * u * t * c[0] + t * t * end[0],
        u * u * start[1] + 2 * u * t * c[1] + t * t * end[1],
    )


def draw_edge(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    kind: str,
    arrow: str,
    bend: float,
    gid: str,
) -> FancyArrowPatch:
    """One bundle of ties as a curve in the look of its family; ``arrow`` is ``"-|>"``
    (towards ``end``), ``"<|-"`` or ``"-"`` (a mutual tie)."""
    look = tie_look(kind)
    scale = 1.5 if style.presenting() else 1.0
    patch = FancyArrowPatch(
        start,
        end,
        arrowstyle=arrow,
        mutation_scale=13 * scale,
        connectionstyle=f"arc3,rad={bend}",
        color=look["color"],
        linestyle=look["linestyle"],
        linewidth=look["width"] * scale,
        capstyle="butt",
        zorder=1,
        gid=gid,
    )
    ax.add_patch(patch)
    return patch


def legend_handles(
    families: Iterable[str], node_kinds: Iterable[str], unknown_start: bool = False
) -> tuple[list, list]:
    """Legend handles for tie families (in :data:`FAMILIES` order) and actor kinds."""
    wanted = set(families)
    edges = [
        Line2D(
            [],
            [],
            color=spec["color"],
            linestyle=spec["linestyle"],
            linewidth=spec["width"],
            label=spec["label"],
        )
        for key, spec in FAMILIES.items()
        if key in wanted
    ]
    if unknown_start:
        edges.append(Line2D([], [], linestyle="", marker="$?$", color="black", label=UNKNOWN_START))
    kinds = set(node_kinds)
    nodes = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=look["marker"],
            markerfacecolor=look["fill"],
            markeredgecolor=BOX_EDGE,
            markeredgewidth=1.2,
            markersize=10,
            label=pretty(k),
        )
        for k, look in NODE_STYLE.items()
        if k in kinds
    ]
    return edges, nodes


def add_legends(
    ax: Axes, families: Iterable[str], node_kinds: Iterable[str], unknown_start: bool = False
) -> Any:
    """One legend right of the drawing, in two sections: ties (families), actors (kinds).

    Example:
        >>> from matplotlib.figure import Figure
        >>> legend = add_legends(Figure().add_subplot(), ["talks"], ["state"])
        >>> [t.get_text() for t in legend.get_texts()]
        ['Ties', 'mediation and talks', 'Actors', 'state']
    """
    edges, nodes = legend_handles(families, node_kinds, unknown_start)
    handles: list[Any] = []
    headers = []
    for title, group in (("Ties", edges), ("Actors", nodes)):
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
        fontsize=sizes()["legend"],
        frameon=False,
        handlelength=3.0,
        borderaxespad=0.0,
    )
    for i in headers:
        legend.get_texts()[i].set_fontweight("bold")
    legend.set_gid("legend:network")
    return legend
