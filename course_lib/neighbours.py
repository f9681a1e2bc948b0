"""The maps around Karabakh: the South Caucasus with its neighbours, and Ukraine in early 2022.

Both are laid out like the Karabakh map (:mod:`course_lib.cartography`): the map true to
shape, its legend and notes in a panel beside or below it, never on a country; labels have
halos instead of boxes; alt text names the colours actually drawn.

Example:
    >>> "Gyumri" in region_map().alt_text
    True
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import cartography, citations, data, geo, style
from .cartography import CREDIT, add_shape, country_base, set_extent
from .colour_names import colour_name

REGION_EXTENT = (32.0, 35.2, 52.0, 45.2)
UKRAINE_EXTENT = (21.8, 44.0, 41.0, 52.6)

# --------------------------------------------------------------------------- region


_REGION_COLOURS = {
    "AZE": "azerbaijan",
    "ARM": "armenia",
    "RUS": "russia",
    "TUR": "turkey",
    "GEO": "georgia",
    "IRN": "iran",
    "UKR": "ukraine",
}
REGION_ALPHA = 0.45
# Country names (ISO3, text, lon, lat, size): each on its own country's land (tested).
_REGION_NAMES = (
    ("AZE", "AZERBAIJAN", 47.8, 40.4, "small"),
    ("ARM", "ARMENIA", 44.75, 40.82, "x-small"),
    ("GEO", "GEORGIA", 43.3, 42.1, "small"),
    ("RUS", "RUSSIA", 44.6, 44.3, "small"),
    ("TUR", "TURKEY", 36.0, 39.0, "small"),
    ("IRN", "IRAN", 48.6, 36.6, "small"),
    ("IRQ", "IRAQ", 43.3, 36.1, "small"),
    ("SYR", "SYRIA", 39.6, 35.8, "small"),
)
_REGION_WATER = (("Black Sea", 37.3, 43.0), ("Caspian\nSea", 51.2, 38.8))
_CAPITALS = {  # place id: label offset in points (left of the star where the frame is near)
    "baku": (7, 5),
    "yerevan": (0, -6),
    "tbilisi": (7, 5),
    "ankara": (7, 5),
    "tehran": (-7, 5),
}
# Nakhchivan's label stands on mainland Azerbaijan, a leader line across Armenia's Syunik
# pointing to the exclave: not on Iran or Turkey, and the line shows what separates them.
NAKHCHIVAN_LABEL = ((45.75, 39.15), (47.05, 39.18))


def _region_handles(colours: dict[str, str]) -> list[Any]:
    handles: list[Any] = [
        Patch(facecolor=colours[k], alpha=REGION_ALPHA, edgecolor="#444444", label=label)
        for k, label in (
            ("azerbaijan", "Azerbaijan (with the Nakhchivan exclave)"),
            ("armenia", "Armenia"),
            ("georgia", "Georgia"),
            ("russia", "Russia"),
            ("turkey", "Turkey"),
            ("iran", "Iran"),
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
            markersize=7,
            label="Russia's 102nd military base (Gyumri)",
        ),
    ]
    return handles


def region_map(ax: Axes | None = None) -> style.FigureResult:
    """The South Caucasus and its neighbours, capitals, and Russia's 102nd base at Gyumri.

    Example:
        >>> "Gyumri" in region_map().alt_text
        True
    """
    ax, owned = style.new_axes(ax, size=(10.4, 5.6))
    colours = style.palette()
    set_extent(ax, REGION_EXTENT)
    panel = cartography.side_panel(ax, REGION_EXTENT, 2.3 * ax.figure.get_figwidth() / 10.4, owned)
    measure = cartography.measurer(ax.figure)
    k = cartography.marker_scale()
    drawn = country_base(ax, REGION_EXTENT, _REGION_COLOURS, alpha=REGION_ALPHA, linewidth=0.7 * k)
    shown = []
    for a3, name, x, y, size in _REGION_NAMES:
        if a3 in drawn:
            weight = "bold" if size == "small" else "normal"
            cartography.country_label(
                ax, a3, name, x, y, color=cartography.INK, fontsize=size, fontweight=weight
            )
            shown.append(name.title())
    for name, x, y in _REGION_WATER:
        cartography.water_label(ax, name, x, y, fontsize="small")
    add_shape(
        ax,
        geo.authored("nkao_1923").geometry,
        facecolor="none",
        edgecolor=colours["nkao"],
        linewidth=1.2 * k,
        linestyle=(0, (3, 1.5)),
        zorder=3,
    )
    places = {t["place_id"]: t for t in geo.towns()}
    capitals = [places[c] for c in _CAPITALS if c in places]
    for row in capitals:
        ax.plot(row["lon"], row["lat"], marker="*", color="black", markersize=7.5 * k, zorder=6)
        cartography.place_label(
            ax, row["name_en"], row["lon"], row["lat"], _CAPITALS[row["place_id"]], zorder=7
        )
    base = places.get(geo.GYUMRI_BASE)
    base_colour = colours["russia"]
    if base is not None:
        ax.plot(
            base["lon"],
            base["lat"],
            marker="s",
            color=base_colour,
            markeredgecolor="black",
            markersize=7 * k,
            zorder=6,
        )
        cartography.place_label(ax, base["name_en"], base["lon"], base["lat"], (-7, 5), zorder=7)
    nakh = places.get("nakhchivan")
    if nakh is not None:
        (x, y), (tx, ty) = NAKHCHIVAN_LABEL
        ax.plot(x, y, marker="o", color="black", markersize=2.5 * k, zorder=6)
        ax.annotate(
            "Nakhchivan",
            (x, y),
            xytext=(tx, ty),
            fontsize="x-small",
            color=cartography.INK,
            ha="center",
            va="center",
            zorder=7,
            path_effects=cartography.halo(2.2),
            arrowprops={
                "arrowstyle": "-",
                "color": "#333333",
                "linewidth": 0.7 * k,
                "shrinkA": 1,
                "shrinkB": 2,
            },
        )
    legend = cartography.panel_legend(ax, panel, _region_handles(colours), measure)
    ax.set_title("The South Caucasus and its neighbours", loc="left", pad=6)
    cartography.scale_bar(ax, 200, REGION_EXTENT, corner="left")
    cartography.credit(ax, CREDIT, owned)
    sources = {"natural_earth", "geonames"}
    for row in [*capitals, *([base] if base else [])]:
        sources.update(row["source_ids"])
    citations.cite(sorted(sources))
    fills = ", ".join(
        f"{name.title()} {colour_name(colours[_REGION_COLOURS[a3]], REGION_ALPHA)}"
        for a3, name, _, _, _ in _REGION_NAMES
        if a3 in _REGION_COLOURS and a3 in drawn
    )
    alt = (
        "Map of the South Caucasus: "
        + ", ".join(shown)
        + f" (coloured: {fills}; other countries grey). Capitals marked with black stars: "
        + ", ".join(r["name_en"] for r in capitals)
        + ". "
        + (
            f"A {colour_name(base_colour)} square marks Russia's 102nd military base at Gyumri "
            "in Armenia. "
            if base
            else ""
        )
        + "Azerbaijan includes the Nakhchivan exclave, separated from the mainland by Armenia; "
        "a label on the mainland points to it across Armenia's south. A dashed black line marks "
        "the former NKAO (approximate). The legend is beside the map."
    )
    return style.FigureResult(
        ax=ax,
        alt_text=alt,
        owned=owned,
        extra={
            "countries": shown,
            "capitals": [r["place_id"] for r in capitals],
            "legend": legend,
        },
    )


# --------------------------------------------------------------------------- Ukraine

DPR_LPR = {"UA-14": "Donetsk", "UA-09": "Luhansk"}
CRIMEA = {"UA-43": "Crimea", "UA-40": "Sevastopol"}
# rows of data/periods.csv (view "ukraine") whose title is the legend entry, note the statement
UKRAINE_NOTES = {"dpr_lpr": "dpr_lpr_recognised", "crimea": "crimea_annexed"}
_UKRAINE_NAMES = (
    ("UKR", "UKRAINE", 31.0, 49.3),
    ("RUS", "RUSSIA", 39.4, 51.9),
    ("BLR", "BELARUS", 27.5, 52.25),
)
_UKRAINE_WATER = (("Black Sea", 31.6, 44.45), ("Sea of Azov", 36.6, 46.2))
_CITY_OFFSETS = {"kyiv": (7, 6), "kharkiv": (5, 4), "donetsk": (-5, -6), "luhansk": (-5, 5)}
UKRAINE_ALPHA = {"ukraine": 0.35, "dpr_lpr": 0.45, "crimea": 0.6}


def ukraine_map(ax: Axes | None = None) -> style.FigureResult:
    """Ukraine in early 2022: Donetsk and Luhansk oblasts, Crimea, Kyiv and Kharkiv.

    Example:
        >>> "Crimea" in ukraine_map().alt_text
        True
    """
    ax, owned = style.new_axes(ax, size=(8.5, 6.7))
    colours = style.palette()
    facts = data.periods("ukraine")
    dpr_lpr, crimea = (facts.loc[UKRAINE_NOTES[k]] for k in ("dpr_lpr", "crimea"))
    set_extent(ax, UKRAINE_EXTENT)
    panel = cartography.bottom_panel(
        ax, UKRAINE_EXTENT, 1.05 * ax.figure.get_figheight() / 6.7, owned
    )
    measure = cartography.measurer(ax.figure)
    k = cartography.marker_scale()
    country_base(
        ax,
        UKRAINE_EXTENT,
        {"UKR": "ukraine", "RUS": "russia"},
        alpha=UKRAINE_ALPHA["ukraine"],
        linewidth=0.8 * k,
    )
    for feature in geo.layer("admin1"):
        if feature["adm0_a3"] != "UKR":
            continue
        code = feature["iso_3166_2"]
        if code in DPR_LPR:
            add_shape(
                ax,
                feature.geometry,
                facecolor=colours["russia"],
                alpha=UKRAINE_ALPHA["dpr_lpr"],
                edgecolor="black",
                hatch=style.HATCH["contested"],
                linewidth=0.9 * k,
                zorder=3,
            )
        elif code in CRIMEA:
            add_shape(
                ax,
                feature.geometry,
                facecolor=colours["ukraine"],
                alpha=UKRAINE_ALPHA["crimea"],
                edgecolor=colours["russia"],
                hatch=style.HATCH["approximate"],
                linewidth=1.0 * k,
                zorder=3,
            )
        else:
            add_shape(
                ax,
                feature.geometry,
                facecolor="none",
                edgecolor="#888888",
                linewidth=0.4 * k,
                zorder=2,
            )
    for a3, name, x, y in _UKRAINE_NAMES:
        cartography.country_label(ax, a3, name, x, y, color=cartography.INK)
    for name, x, y in _UKRAINE_WATER:
        cartography.water_label(ax, name, x, y, fontsize="small")
    places = {t["place_id"]: t for t in geo.towns()}
    cities = [places[c] for c in _CITY_OFFSETS if c in places]
    for row in cities:
        capital = row["kind"] == "capital"
        ax.plot(
            row["lon"],
            row["lat"],
            marker="*" if capital else "o",
            color="black",
            markersize=(9 if capital else 4) * k,
            zorder=6,
        )
        cartography.place_label(
            ax, row["name_en"], row["lon"], row["lat"], _CITY_OFFSETS[row["place_id"]], zorder=7
        )
    ax.annotate(
        "Crimea",
        (34.2, 45.25),
        xytext=(32.4, 45.35),
        fontsize="small",
        color=cartography.INK,
        ha="center",
        va="center",
        zorder=8,
        path_effects=cartography.halo(),
        arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.7 * k, "shrinkA": 2},
    )
    handles = [
        Patch(
            facecolor=colours["russia"],
            alpha=UKRAINE_ALPHA["dpr_lpr"],
            edgecolor="black",
            hatch=style.HATCH["contested"],
            label=dpr_lpr["title"],
        ),
        Patch(
            facecolor=colours["ukraine"],
            alpha=UKRAINE_ALPHA["crimea"],
            edgecolor=colours["russia"],
            hatch=style.HATCH["approximate"],
            label=crimea["title"],
        ),
        Line2D(
            [], [], marker="*", color="black", linestyle="none", markersize=9 * k, label="Capital"
        ),
    ]
    half = (panel.width_in - 0.25) / 2  # legend on the left half, notes on the right
    legend = cartography.panel_legend(ax, panel, handles, measure, width_in=half)
    notes = (
        f"{crimea['note']} Whole oblasts are shaded; the map does not show the lines of "
        "control inside them."
    )
    x_note = panel.x0 + panel.fraction(half + 0.25)[0]
    cartography.note(ax, x_note, panel.y1, cartography.wrap(notes, half - 0.12, "small", measure))
    ax.set_title("Ukraine, February–March 2022", loc="left", pad=6)
    cartography.scale_bar(ax, 200, UKRAINE_EXTENT)
    cartography.credit(ax, CREDIT, owned)
    sources = {"natural_earth", "geonames", *dpr_lpr["source_ids"], *crimea["source_ids"]}
    for row in cities:
        sources.update(row["source_ids"])
    citations.cite(sorted(sources))
    dpr_words = colour_name(colours["russia"], UKRAINE_ALPHA["dpr_lpr"])
    crimea_words = colour_name(colours["ukraine"], UKRAINE_ALPHA["crimea"])
    ukraine_words = colour_name(colours["ukraine"], UKRAINE_ALPHA["ukraine"])
    russia_words = colour_name(colours["russia"], UKRAINE_ALPHA["ukraine"])
    alt = (
        f"Map of Ukraine in early 2022: Ukraine in {ukraine_words}, Russia in {russia_words}. "
        f"Donetsk and Luhansk oblasts are shaded {dpr_words} and cross-hatched: "
        f"{dpr_lpr['note']} Crimea and Sevastopol are {crimea_words} and hatched. "
        f"{crimea['note']} Cities marked: "
        + ", ".join(r["name_en"] for r in cities)
        + " (Kyiv, the capital, with a black star). The legend and notes are below the map."
    )
    return style.FigureResult(
        ax=ax,
        alt_text=alt,
        owned=owned,
        extra={"cities": [r["place_id"] for r in cities], "legend": legend},
    )
