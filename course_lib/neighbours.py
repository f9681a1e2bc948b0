"""The maps around Karabakh: the South Caucasus with its neighbours, and Ukraine in early 2022.

Example:
    >>> "Gyumri" in region_map().alt_text
    True
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import citations, data, geo, style
from .cartography import CREDIT, add_shape, country_base, note_box, scale_bar, set_extent

REGION_EXTENT = (32.0, 35.2, 52.0, 45.2)
UKRAINE_EXTENT = (21.8, 44.0, 41.0, 52.6)

# --------------------------------------------------------------------------- region


_REGION_COLOURS = {
    "AZE": "azerbaijan",
    "ARM": "armenia",
    "RUS": "russia",
    "TUR": "turkey",
    "GEO": "other",
    "IRN": "other",
    "UKR": "ukraine",
}
_REGION_NAMES = {
    "AZE": ("AZERBAIJAN", 48.3, 40.6),
    "ARM": ("ARMENIA", 44.9, 40.45),
    "GEO": ("GEORGIA", 43.6, 42.2),
    "RUS": ("RUSSIA", 44.5, 44.6),
    "TUR": ("TURKEY", 35.5, 38.8),
    "IRN": ("IRAN", 49.0, 36.6),
}
_CAPITALS = ("baku", "yerevan", "tbilisi", "ankara", "tehran")


def region_map(ax: Axes | None = None) -> style.FigureResult:
    """The South Caucasus and its neighbours, capitals, and Russia's 102nd base at Gyumri.

    Example:
        >>> "Gyumri" in region_map().alt_text
        True
    """
    ax, owned = style.new_axes(ax, size=(9.0, 5.5))
    colours = style.palette()
    set_extent(ax, REGION_EXTENT)
    shown = []
    for a3 in country_base(ax, REGION_EXTENT, _REGION_COLOURS, alpha=0.45, linewidth=0.7):
        if a3 in _REGION_NAMES:
            name, x, y = _REGION_NAMES[a3]
            ax.text(
                x,
                y,
                name,
                ha="center",
                fontsize="small",
                fontweight="bold",
                color="#333333",
                zorder=5,
            )
            shown.append(name.title())
    add_shape(
        ax,
        geo.authored("nkao_1923").geometry,
        facecolor="none",
        edgecolor=colours["nkao"],
        linewidth=1.2,
        linestyle=(0, (3, 1.5)),
        zorder=3,
    )
    places = {t["place_id"]: t for t in geo.towns()}
    capitals = [places[c] for c in _CAPITALS if c in places]
    for row in capitals:
        ax.plot(row["lon"], row["lat"], marker="*", color="black", markersize=9, zorder=6)
        below = row["place_id"] == "yerevan"  # keeps clear of the ARMENIA label
        ax.annotate(
            row["name_en"],
            (row["lon"], row["lat"]),
            xytext=(4, -11 if below else 4),
            textcoords="offset points",
            fontsize="small",
            zorder=7,
        )
    base = places.get(geo.GYUMRI_BASE)
    if base is not None:
        ax.plot(
            base["lon"],
            base["lat"],
            marker="s",
            color=colours["russia"],
            markeredgecolor="black",
            markersize=8,
            zorder=6,
        )
        ax.annotate(
            "Gyumri: Russia's 102nd base",
            (base["lon"], base["lat"]),
            xytext=(-6, 6),
            textcoords="offset points",
            ha="right",
            fontsize="small",
            zorder=7,
            bbox={"facecolor": "white", "alpha": 0.7, "pad": 1, "edgecolor": "none"},
        )
    nakh = places.get("nakhchivan")
    if nakh is not None:
        ax.annotate(
            "Nakhchivan\n(Azerbaijan)",
            (nakh["lon"], nakh["lat"]),
            xytext=(-4, -14),
            textcoords="offset points",
            ha="right",
            fontsize="x-small",
            zorder=7,
        )
    handles = [
        Patch(facecolor=colours[k], alpha=0.45, edgecolor="#444444", label=label)
        for k, label in (
            ("azerbaijan", "Azerbaijan (with Nakhchivan)"),
            ("armenia", "Armenia"),
            ("russia", "Russia"),
            ("turkey", "Turkey"),
            ("other", "Georgia, Iran"),
        )
    ]
    handles += [
        Line2D(
            [],
            [],
            color=colours["nkao"],
            linestyle=(0, (3, 1.5)),
            label="Former NKAO (approximate)",
        ),
        Line2D([], [], marker="*", color="black", linestyle="none", markersize=9, label="Capital"),
        Line2D(
            [],
            [],
            marker="s",
            color=colours["russia"],
            markeredgecolor="black",
            linestyle="none",
            markersize=8,
            label="Russian military base",
        ),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize="x-small", framealpha=0.9)
    ax.set_title("The South Caucasus and its neighbours")
    scale_bar(ax, 200, REGION_EXTENT)
    style.credit(ax, CREDIT)
    sources = {"natural_earth", "geonames"}
    for row in [*capitals, *([base] if base else [])]:
        sources.update(row["source_ids"])
    citations.cite(sorted(sources))
    alt = (
        "Map of the South Caucasus: "
        + ", ".join(shown)
        + ". Capitals marked: "
        + ", ".join(r["name_en"] for r in capitals)
        + ". "
        + ("A square marks Russia's 102nd military base at Gyumri in Armenia. " if base else "")
        + "Azerbaijan includes the Nakhchivan exclave, separated from the mainland by Armenia; "
        "a dashed line marks the former NKAO (approximate)."
    )
    return style.FigureResult(
        ax=ax,
        alt_text=alt,
        owned=owned,
        extra={"countries": shown, "capitals": [r["place_id"] for r in capitals]},
    )


# --------------------------------------------------------------------------- Ukraine

DPR_LPR = {"UA-14": "Donetsk", "UA-09": "Luhansk"}
CRIMEA = {"UA-43": "Crimea", "UA-40": "Sevastopol"}
# rows of data/periods.csv (view "ukraine") whose title is the legend entry, note the statement
UKRAINE_NOTES = {"dpr_lpr": "dpr_lpr_recognised", "crimea": "crimea_annexed"}


def ukraine_map(ax: Axes | None = None) -> style.FigureResult:
    """Ukraine in early 2022: Donetsk and Luhansk oblasts, Crimea, Kyiv and Kharkiv.

    Example:
        >>> "Crimea" in ukraine_map().alt_text
        True
    """
    ax, owned = style.new_axes(ax, size=(8.5, 5.5))
    colours = style.palette()
    facts = data.periods("ukraine")
    dpr_lpr, crimea = (facts.loc[UKRAINE_NOTES[k]] for k in ("dpr_lpr", "crimea"))
    set_extent(ax, UKRAINE_EXTENT)
    country_base(ax, UKRAINE_EXTENT, {"UKR": "ukraine", "RUS": "russia"}, alpha=0.35, linewidth=0.8)
    for feature in geo.layer("admin1"):
        if feature["adm0_a3"] != "UKR":
            continue
        code = feature["iso_3166_2"]
        if code in DPR_LPR:
            add_shape(
                ax,
                feature.geometry,
                facecolor=colours["russia"],
                alpha=0.45,
                edgecolor="black",
                hatch=style.HATCH["contested"],
                linewidth=0.9,
                zorder=3,
            )
        elif code in CRIMEA:
            add_shape(
                ax,
                feature.geometry,
                facecolor=colours["ukraine"],
                alpha=0.6,
                edgecolor=colours["russia"],
                hatch=style.HATCH["approximate"],
                linewidth=1.0,
                zorder=3,
            )
        else:
            add_shape(
                ax, feature.geometry, facecolor="none", edgecolor="#888888", linewidth=0.4, zorder=2
            )
    ax.text(31.0, 49.3, "UKRAINE", ha="center", fontweight="bold", fontsize="small", zorder=5)
    ax.text(39.5, 51.8, "RUSSIA", ha="center", fontweight="bold", fontsize="small", zorder=5)
    places = {t["place_id"]: t for t in geo.towns()}
    cities = [places[c] for c in ("kyiv", "kharkiv", "donetsk", "luhansk") if c in places]
    for row in cities:
        capital = row["kind"] == "capital"
        ax.plot(
            row["lon"],
            row["lat"],
            marker="*" if capital else "o",
            color="black",
            markersize=9 if capital else 4,
            zorder=6,
        )
        ax.annotate(
            row["name_en"],
            (row["lon"], row["lat"]),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize="small",
            zorder=7,
            bbox={"facecolor": "white", "alpha": 0.6, "pad": 0.5, "edgecolor": "none"},
        )
    ax.annotate(
        textwrap.fill(crimea["note"], 44),
        (34.1, 45.3),
        xytext=(27.3, 44.35),
        fontsize="x-small",
        zorder=8,
        arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.6},
        bbox={"facecolor": "white", "alpha": 0.85, "pad": 2, "edgecolor": "#777777"},
    )
    handles = [
        Patch(
            facecolor=colours["russia"],
            alpha=0.45,
            edgecolor="black",
            hatch=style.HATCH["contested"],
            label=textwrap.fill(dpr_lpr["title"], 60),
        ),
        Patch(
            facecolor=colours["ukraine"],
            alpha=0.6,
            edgecolor=colours["russia"],
            hatch=style.HATCH["approximate"],
            label=crimea["title"],
        ),
        Line2D([], [], marker="*", color="black", linestyle="none", markersize=9, label="Capital"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize="x-small", framealpha=0.9)
    ax.set_title("Ukraine, February-March 2022")
    note_box(
        ax,
        "Whole oblasts are shaded; the map does not show\nthe lines of control inside them.",
        y=0.12,
    )
    scale_bar(ax, 200, UKRAINE_EXTENT)
    style.credit(ax, CREDIT)
    sources = {"natural_earth", "geonames", *dpr_lpr["source_ids"], *crimea["source_ids"]}
    for row in cities:
        sources.update(row["source_ids"])
    citations.cite(sorted(sources))
    alt = (
        "Map of Ukraine in early 2022. Donetsk and Luhansk oblasts are shaded and cross-hatched: "
        f"{dpr_lpr['note']} Crimea and Sevastopol are hatched. {crimea['note']} Cities marked: "
        + ", ".join(r["name_en"] for r in cities)
        + "."
    )
    return style.FigureResult(
        ax=ax, alt_text=alt, owned=owned, extra={"cities": [r["place_id"] for r in cities]}
    )
