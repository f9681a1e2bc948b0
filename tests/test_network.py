"""Actor diagrams: graph content at given dates, layout, filters, figures and the explorer."""

from __future__ import annotations

import csv
import datetime as dt
import inspect

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Rectangle  # noqa: E402

import course_lib as cl  # noqa: E402
from course_lib import chronology, citations, network  # noqa: E402
from course_lib.dates import format_date  # noqa: E402
from course_lib.errors import CourseError, DataError  # noqa: E402

DECLARATION = "r_az_ru_allied_declaration"
PEACEKEEPERS = "r_ru_peacekeepers_in_az"


def edge_keys(graph):
    return {key for _, _, key in graph.edges(keys=True)}


def drawn_ties(ax):
    """The curves drawn (bundle keys: one curve per family, pair and direction)."""
    return {p.get_gid() for p in ax.patches if isinstance(p, FancyArrowPatch) and p.get_visible()}


def curves(relation_ids):
    """The curves that show these ties."""
    of = {rid: b.key for b in network.bundles().values() for rid in b.members}
    return {of[rid] for rid in relation_ids}


def drawn_nodes(ax):
    """Actor id -> position of every visible actor (its name in a box)."""
    return {
        t.get_gid().removeprefix("label:"): tuple(t.get_position())
        for t in ax.texts
        if (t.get_gid() or "").startswith("label:") and t.get_visible()
    }


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --------------------------------------------------------------------------- the table


def test_at_least_30_ties_with_known_kinds():
    rel = cl.relations()
    assert len(rel) >= 30
    assert set(rel["kind"]) <= set(network.KINDS)
    # the vocabulary is used, not just declared
    assert len(set(rel["kind"])) >= 10


def test_every_tie_is_sourced_and_joins_known_actors():
    rel, actors, sources = cl.relations(), cl.actors(), cl.sources()
    for rid, row in rel.iterrows():
        assert row["source_ids"], f"{rid} has no source"
        assert set(row["source_ids"]) <= set(sources.index), rid
        assert row["source"] in actors.index and row["target"] in actors.index, rid
        assert row["source"] != row["target"], rid
        assert pd.isna(row["end"]) or row["end"] >= row["start"], rid
        assert row["summary"].strip() and len(row["summary"]) < 240, rid


def test_brief_ties_are_present():
    rel = cl.relations()
    pairs = {(r.source, r.target, r.kind) for r in rel.itertuples()}
    for needed in [
        ("azerbaijan", "russia", "alliance_declaration"),
        ("russian_peacekeepers", "azerbaijan", "military_presence"),
        ("azerbaijan", "ukraine", "territorial_integrity_support"),
        ("azerbaijan", "ukraine", "humanitarian_aid"),
        ("socar", "ukraine", "humanitarian_aid"),
        ("azerbaijan", "turkey", "alliance_declaration"),
        ("armenia", "csto", "membership"),
        ("russia_102nd_base", "armenia", "military_presence"),
        ("russia", "dnr", "recognition"),
        ("russia", "lnr", "recognition"),
        ("russia", "ukraine", "armed_conflict"),
        ("russia", "minsk_group", "membership"),
        ("usa", "minsk_group", "membership"),
        ("france", "minsk_group", "membership"),
        ("goyushov", "baku_research_institute", "affiliation"),
        ("de_waal", "carnegie_europe", "affiliation"),
        ("mammadov_ilgar", "real_party", "affiliation"),
        ("alieva_leila", "university_of_oxford", "affiliation"),
        ("bayramov", "azerbaijan", "affiliation"),
        ("borrell", "eu", "affiliation"),
        ("ukraine_embassy_baku", "ukraine", "affiliation"),
    ]:
        assert needed in pairs, needed
    shusha = rel.loc[rel["kind"].eq("alliance_declaration") & rel["target"].eq("turkey")].iloc[0]
    assert shusha["start"] == pd.Timestamp("2021-06-01")  # day is memory_only: month only
    assert "June 2021" in shusha["summary"]


def test_unknown_kind_in_csv_is_a_data_error(data_copy):
    path = data_copy / "relations.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][rows[0].index("kind")] = "friendship"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(DataError, match="friendship"):
        cl.actor_graph()


# --------------------------------------------------------------------------- graph by date


def test_declaration_starts_on_22_february_2022():
    assert DECLARATION in edge_keys(cl.actor_graph("2022-02-22"))
    assert DECLARATION not in edge_keys(cl.actor_graph("2022-02-21"))
    attrs = cl.actor_graph("2022-02-22").edges["azerbaijan", "russia", DECLARATION]
    assert attrs["kind"] == "alliance_declaration" and attrs["directed"] is False
    assert attrs["source_ids"] and attrs["relation_id"] == DECLARATION
    assert "not a treaty" in attrs["summary"].lower() or "declaration" in attrs["summary"].lower()


def test_peacekeepers_from_10_november_2020_until_june_2024():
    assert PEACEKEEPERS in edge_keys(cl.actor_graph("2020-11-10"))
    assert PEACEKEEPERS not in edge_keys(cl.actor_graph("2020-11-09"))
    assert PEACEKEEPERS in edge_keys(cl.actor_graph("2024-06-12"))
    assert PEACEKEEPERS not in edge_keys(cl.actor_graph("2024-06-13"))


def test_recognition_of_dnr_and_lnr_on_21_february_2022():
    on, before = cl.actor_graph("2022-02-21"), cl.actor_graph("2022-02-20")
    for entity in ("dnr", "lnr"):
        kinds = [a["kind"] for a in on.get_edge_data("russia", entity, default={}).values()]
        assert "recognition" in kinds
        assert entity not in before
    assert not on.has_edge("russia", "ukraine")
    assert cl.actor_graph("2022-02-24").has_edge("russia", "ukraine")


def test_nodes_carry_name_and_kind_from_actors():
    graph, actors = cl.actor_graph("2022-03-18"), cl.actors()
    for node, attrs in graph.nodes(data=True):
        assert attrs["name"] == actors.at[node, "name"]
        assert attrs["kind"] == actors.at[node, "kind"]
    assert graph.nodes["azerbaijan"]["kind"] == "state"


def test_all_ties_when_no_date():
    assert cl.actor_graph().number_of_edges() == len(cl.relations())
    assert (
        cl.actor_graph("2022-01-14").number_of_edges()
        < cl.actor_graph("2022-03-18").number_of_edges()
    )


def test_kind_filter_and_focus_give_expected_subgraphs():
    alliances = cl.actor_graph("2022-03-18", kinds=["alliance_declaration"])
    assert set(alliances.nodes) == {"azerbaijan", "russia", "turkey"}
    assert cl.actor_graph("2022-03-18", kinds="recognition").number_of_edges() == 2
    focused = network.focus_graph(cl.actor_graph("2022-03-18"), "azerbaijan")
    assert focused.number_of_edges() >= 6
    own = network.own_actors("azerbaijan")  # Baku's ties include its minister's, SOCAR's, AZAL's
    assert own == {"azerbaijan", "bayramov", "socar", "azal"}
    assert all(u in own or v in own for u, v in focused.edges())
    assert ("socar", "ukraine") in focused.edges()
    assert {"russia", "ukraine", "turkey"} <= set(focused.nodes)
    assert "dnr" not in focused


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cl.actor_graph("22nd of Feb"), "2022-02-22"),
        (lambda: cl.actor_graph("2022-02-30"), "2022-02-22"),
        (lambda: cl.actor_graph(kinds=["alliance"]), "alliance_declaration"),
        (lambda: cl.actor_network(focus="azerbaijn"), "azerbaijan"),
        (lambda: cl.balance("2022-03-31", "2022-01-01"), "before"),
    ],
)
def test_mistakes_give_friendly_errors(call, message):
    with pytest.raises(CourseError, match=message):
        call()


# --------------------------------------------------------------------------- diagrams


@pytest.mark.parametrize("view", ["baku", "full"])
def test_layout_positions_are_identical_across_dates(view):
    early = drawn_nodes(cl.actor_network("2022-01-14", view=view).ax)
    late = drawn_nodes(cl.actor_network("2022-03-18", view=view).ax)
    later = drawn_nodes(cl.actor_network("2024-07-01", view=view).ax)
    common = set(early) & set(late) & set(later)
    assert {"azerbaijan", "ukraine", "turkey"} <= common
    for node in common:
        assert early[node] == late[node] == later[node]
    pos = network.layout(view)
    assert pos["azerbaijan"] == (0.0, 0.0)
    assert pos["russia"][0] < 0 < pos["ukraine"][0]  # opposite sides, as in balance()
    rel = cl.relations()
    if view == "full":
        assert set(pos) == set(rel["source"]) | set(rel["target"])
    else:
        own = network.own_actors("azerbaijan")
        mine = rel[rel["source"].isin(own) | rel["target"].isin(own)]
        assert set(pos) == set(mine["source"]) | set(mine["target"])


def test_diagram_draws_the_ties_in_force_with_labels_and_legend():
    result = cl.actor_network("2022-02-22", view="full")
    ax = result.ax
    assert drawn_ties(ax) == curves(edge_keys(cl.actor_graph("2022-02-22")))
    labels = {" ".join(t.get_text().split()[1:]) for t in ax.texts if t.get_visible()}
    for short in ("Azerbaijan", "Russia", "Ukraine", "Türkiye", "'DPR'"):  # short names
        assert short in labels
    assert "Russian Federation" not in labels
    legend = legend_texts(ax)
    assert {"Ties", "Actors", "security and alliance", "conflict and pressure", "state"} <= set(
        legend
    )
    assert "22 February 2022" in ax.get_title(loc="left")
    assert "full network" in ax.get_title(loc="left")
    # Baku's own view on the same day: no conflict tie of Baku's yet, so no such legend row
    assert "conflict and pressure" not in legend_texts(cl.actor_network("2022-02-22").ax)


def test_alt_text_is_generated_from_the_data():
    graph = cl.actor_graph("2022-03-18")
    alt = cl.actor_network("2022-03-18", view="full").alt_text
    assert "full network" in alt and "Russian Federation" in alt  # alt text: full names
    assert f"{graph.number_of_nodes()} actors and {graph.number_of_edges()} ties" in alt
    assert "18 March 2022" in alt
    n_alliances = sum(a["kind"] == "alliance_declaration" for *_, a in graph.edges(data=True))
    assert f"{n_alliances} alliance declaration" in alt
    assert "Newest ties" in alt


def test_focus_diagram_shows_only_that_actors_ties():
    result = cl.actor_network("2022-03-18", focus="azerbaijan")
    rel, own = cl.relations(), network.own_actors("azerbaijan")
    shown = result.extra["graph"].edges(keys=True)
    assert shown and all(u in own or v in own for u, v, _ in shown)
    assert drawn_ties(result.ax) == curves(k for *_, k in shown)
    assert "dnr" not in drawn_nodes(result.ax)
    assert "Baku's own ties" in result.ax.get_title(loc="left")
    assert len(rel) > len(network.bundles())  # ties of one family and pair share a curve


def test_default_view_is_bakus_own_ties_in_at_most_five_families():
    rel = cl.relations()
    for date in [d for d, _ in network.key_dates()] + ["2022-03-18", "2023-09-20", "2025-08-08"]:
        canvas = network.ActorCanvas(date)
        assert canvas.focus == "azerbaijan"
        families = {network.family(k) for k in rel.loc[canvas.visible_ties(), "kind"]}
        assert len(families) <= 5, (date, families)
    assert len(network.FAMILIES) <= 6


def test_views_fit_the_canvas_to_what_they_show():
    """Baku's view and a filter zoom in: the drawn names fill the axes, not a corner."""

    def spread(canvas):
        canvas.png()
        renderer = canvas._agg().get_renderer()
        axes = canvas.ax.get_window_extent(renderer)
        boxes = [
            t.get_bbox_patch().get_window_extent(renderer)
            for t in canvas.nodes.values()
            if t.get_visible()
        ]
        width = max(b.x1 for b in boxes) - min(b.x0 for b in boxes)
        height = max(b.y1 for b in boxes) - min(b.y0 for b in boxes)
        return max(width / axes.width, height / axes.height)

    full = network.ActorCanvas("2022-03-18", view="full")
    assert spread(full) > 0.85
    baku = network.ActorCanvas("2022-03-18")
    assert spread(baku) > 0.85
    full.set_kinds("recognition")  # three actors in the top-left corner of the full layout
    assert spread(full) > 0.6
    full.set_kinds(None)
    full.set_focus("minsk_group")
    assert spread(full) > 0.6


def _change_days():
    rel = cl.relations()
    days = {d.date() for d in rel["start"]} | {
        (e + pd.Timedelta(days=1)).date() for e in rel["end"].dropna()
    }
    return sorted(d for d in days if d.year >= 2020)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("view", "presenting"),
    [
        ("baku", False),
        ("baku", True),
        ("full", False),
        ("full", True),
    ],
    ids=["baku-normal", "baku-projector", "full-normal", "full-projector"],
)
def test_no_label_is_crossed_by_a_tie_or_another_label(view, presenting):
    """On every day a tie starts or ends since 2020, on the rendered figure: no tie runs
    through a name or a mark, no two names touch, every name is inside the figure. (No tie
    ends before 2020, so every earlier picture is a subset of a checked one.)"""
    cl.present(presenting)
    try:
        canvas = network.ActorCanvas("2020-01-01", view=view)
        problems = {}
        for day in _change_days():
            canvas.set_date(day)
            found = canvas.collisions()
            if found:
                problems[str(day)] = found
    finally:
        cl.present(False)
    assert not problems, f"{sum(map(len, problems.values()))} crossings: {problems}"


def test_collision_check_can_fail():
    canvas = network.ActorCanvas("2022-03-18", view="full")
    assert canvas.collisions() == []
    canvas.nodes["nato"].set_position(network.layout("full")["ukraine"])  # one name on another
    assert any("nato" in p and "ukraine" in p for p in canvas.collisions())


def test_kind_filter_diagram_and_caller_axes():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    result = cl.actor_network("2022-03-18", kinds=["recognition"], view="full", ax=ax)
    assert result.ax is ax and result.owned is False
    assert drawn_ties(ax) == curves({"r_ru_recognises_dnr", "r_ru_recognises_lnr"})
    assert set(drawn_nodes(ax)) == {"russia", "dnr", "lnr"}
    other = Figure().add_subplot()  # Baku's view: Russia's recognitions are not Baku's ties
    assert drawn_ties(cl.actor_network("2022-03-18", kinds="recognition", ax=other).ax) == set()


def test_diagram_cites_the_sources_of_the_ties_shown():
    citations.reset()
    cl.actor_network("2022-02-22", kinds=["alliance_declaration"])
    expected = {
        s
        for *_, a in cl.actor_graph("2022-02-22", "alliance_declaration").edges(data=True)
        for s in a["source_ids"]
    }
    assert expected and expected <= set(citations.cited())


def test_empty_choice_says_so():
    result = cl.actor_network("1950-01-01")  # before any tie (Turkey joined NATO in 1952)
    assert "No ties are in force" in result.alt_text
    assert drawn_ties(result.ax) == set()


# --------------------------------------------------------------------------- balance


def test_balance_has_one_bar_per_signal_event_with_labels():
    events = cl.timeline()
    window = events[events["date"].between("2022-01-01", "2022-03-31")]
    expected = window["baku_signal"].value_counts().to_dict()
    assert expected.get("toward_moscow", 0) >= 1 and expected.get("toward_kyiv", 0) >= 1
    result = cl.balance()
    bars = [p for p in result.ax.patches if isinstance(p, Rectangle) and p.get_gid()]
    for signal in chronology.SIGNALS:
        mine = [b for b in bars if b.get_gid().startswith(signal + ":")]
        assert len(mine) == expected.get(signal, 0), signal
        assert len(result.extra["bars"][signal]) == expected.get(signal, 0)
    # moves towards Moscow go left of the middle, towards Kyiv right
    assert all(b.get_x() + b.get_width() <= 0 for b in result.extra["bars"]["toward_moscow"])
    assert all(b.get_x() >= 0 for b in result.extra["bars"]["toward_kyiv"])
    ticks = [t.get_text() for t in result.ax.get_yticklabels()]
    assert len(ticks) == len(bars)
    first = window.dropna(subset=["baku_signal"]).sort_values("date").iloc[0]
    assert ticks[0].startswith(format_date(first["date"], short=True))
    legend = legend_texts(result.ax)
    assert f"towards Moscow ({expected.get('toward_moscow', 0)})" in legend
    assert f"{expected.get('toward_moscow', 0)} towards Moscow" in result.alt_text


def test_balance_window_and_empty_window():
    january = cl.balance("2022-01-01", "2022-01-31")
    dates = cl.timeline().loc[january.extra["events"], "date"]
    assert dates.between("2022-01-01", "2022-01-31").all()
    empty = cl.balance("1990-01-01", "1990-02-01")
    assert "No signals" in empty.alt_text


def test_balance_is_the_old_name_of_the_signal_chart():
    # cl.* names are argument-checking wrappers (course_lib.arguments): compare what they wrap
    assert inspect.unwrap(cl.balance) is inspect.unwrap(cl.signal_chart) is chronology.signal_chart


# --------------------------------------------------------------------------- the canvas


def test_canvas_shows_and_hides_prebuilt_ties_and_actors():
    canvas = network.ActorCanvas("2022-02-21", view="full")
    edges, n_patches = dict(canvas.edges), len(canvas.ax.patches)
    assert set(edges) == set(network.bundles())  # every curve drawn once
    assert drawn_ties(canvas.ax) == curves(edge_keys(cl.actor_graph("2022-02-21")))
    canvas.set_date("2022-02-22")
    (declaration,) = curves([DECLARATION])
    assert edges[declaration].get_visible() and len(canvas.ax.patches) == n_patches
    canvas.set_kinds(["recognition"])
    assert drawn_ties(canvas.ax) == curves({"r_ru_recognises_dnr", "r_ru_recognises_lnr"})
    assert set(drawn_nodes(canvas.ax)) == {"russia", "dnr", "lnr"}
    labels = {t.get_text().split(" ", 1)[-1] for t in canvas.ax.texts if t.get_visible()}
    assert {"'DPR'", "'LPR'"} <= labels and not any("DNR" in t for t in labels)
    canvas.set_kinds(None)
    canvas.set_focus("turkey")
    assert all("turkey" in (u, v) for u, v in canvas.graph().edges())
    assert drawn_ties(canvas.ax) == curves(edge_keys(canvas.graph()))


def test_canvas_reuses_the_image_within_a_state_and_redraws_across():
    canvas = network.ActorCanvas("2022-03-01", live=True)
    first = canvas.png()
    canvas.set_date("2022-03-02")  # no tie starts or ends that day
    assert canvas.png() is first and canvas.renders == 1
    assert "2 March 2022" in canvas.alt_text() and "2 March 2022" in canvas.label()
    # the date is beside a live image
    assert canvas.title.get_text() == "Ties in force: Baku's own ties"
    canvas.set_date("2022-03-06")  # AZAL suspends flights: a tie changes
    assert canvas.png() != first and canvas.renders == 2
    canvas.set_view("full")
    assert canvas.png() != first and canvas.renders == 3
    assert canvas.title.get_text() == "Ties in force: full network"


def test_layered_render_paints_what_a_full_draw_paints():
    canvas = network.ActorCanvas("2022-02-21", live=True)
    canvas.png()
    changes = (
        lambda: canvas.set_date("2022-02-24"),
        lambda: canvas.set_focus("russia"),
        lambda: canvas.set_kinds(["humanitarian_aid"]),
        lambda: canvas.set_focus("azerbaijan"),  # framings seen before: kept layers come back
        lambda: canvas.set_kinds(None),
    )
    for change in changes:
        change()
        fast = canvas.render().copy()
        canvas.figure.canvas.draw()
        full = np.asarray(canvas.figure.canvas.buffer_rgba())
        assert np.abs(fast.astype(int) - full.astype(int)).max() <= 8


def test_a_framing_kept_from_the_other_mode_is_not_reused():
    """Projector mode resizes the names: layers kept before cl.present() are not pasted."""
    from course_lib import style

    was = style.presenting()
    canvas = network.ActorCanvas("2022-03-01", live=True)
    try:
        canvas.set_view("full")
        canvas.png()
        canvas.set_view("baku")
        canvas.png()
        style.present(True)
        canvas.set_view("full")
        fast = canvas.render().copy()
        canvas.figure.canvas.draw()
        full = np.asarray(canvas.figure.canvas.buffer_rgba())
        assert np.abs(fast.astype(int) - full.astype(int)).max() <= 8
    finally:
        style.present(was)


def test_a_framing_seen_before_is_not_laid_out_again(monkeypatch):
    canvas = network.ActorCanvas("2022-02-21", live=True)
    builds = []
    build = canvas._build_background
    monkeypatch.setattr(canvas, "_build_background", lambda: builds.append(1) or build())
    canvas.png()
    first = canvas.render().copy()
    canvas.set_kinds(["humanitarian_aid"])
    canvas.png()
    canvas.set_kinds(None)  # back: the background and sprites of the first framing return
    assert np.array_equal(canvas.render(), first)
    assert len(builds) == 2
    canvas.fit()  # a new size or layout forgets every framing
    canvas.render()
    assert len(builds) == 3


def _with_columns(data_copy, precision: dict[str, str], qualifier: dict[str, str] | None) -> None:
    """Set relations.csv's optional columns in the copy (``qualifier=None``: drop both)."""
    path = data_copy / "relations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = [f for f in rows[0] if f not in ("start_precision", "qualifier")]
    if qualifier is not None:
        fields += ["start_precision", "qualifier"]
    for row in rows:
        for col in ("start_precision", "qualifier"):
            row.pop(col, None)
        if qualifier is not None:
            row["start_precision"] = precision.get(row["relation_id"], "")
            row["qualifier"] = qualifier.get(row["relation_id"], "")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_unsourced_starts_and_qualifiers_are_marked(data_copy):
    """relations.csv may gain start_precision and qualifier: the diagram says so."""
    frozen = "a qualifier set by this test"
    _with_columns(data_copy, {"r_turkey_in_nato": "unknown"}, {"r_russia_in_csto": frozen})
    cl.reload()
    canvas = network.ActorCanvas("2024-07-01", view="full")
    marks = {t.get_gid(): t.get_text() for t in canvas.ax.texts if t.get_visible()}
    assert marks["mark:r_turkey_in_nato"].startswith("?")
    number = marks["mark:r_russia_in_csto"]  # a number on the tie, the words below
    assert number.isdigit() and frozen in " ".join(canvas.footnote.get_text().split())
    assert network.UNKNOWN_START in legend_texts(canvas.ax)
    alt = canvas.alt_text()
    assert f"Organization, membership: {network.UNKNOWN_START}" in alt  # Turkey → NATO
    assert f"membership: {frozen}" in alt.split("Marked ties:")[1]
    attrs = cl.actor_graph("2024-07-01").edges["turkey", "nato", "r_turkey_in_nato"]
    assert attrs["start_precision"] == "unknown"
    canvas.set_date("2022-03-18")  # the CSTO mark follows its tie: still drawn, still marked
    assert canvas.marks["r_russia_in_csto"].get_visible()


def test_without_the_optional_columns_nothing_is_marked(data_copy):
    _with_columns(data_copy, {}, None)
    cl.reload()
    canvas = network.ActorCanvas("2024-07-01")
    assert canvas.marks == {} and "Marked ties" not in canvas.alt_text()
    assert network.UNKNOWN_START not in legend_texts(canvas.ax)


# --------------------------------------------------------------------------- explorer


@pytest.fixture
def explorer(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    return cl.actor_explorer(date="2022-02-21")


def test_explorer_updates_one_figure_in_place(explorer):
    figure, n_patches = explorer.figure, len(explorer.ax.patches)
    declaration = explorer.edges[next(iter(curves([DECLARATION])))]
    assert not declaration.get_visible()
    explorer.set_date("2022-02-22")
    assert explorer.figure is figure and len(explorer.ax.patches) == n_patches
    assert declaration.get_visible()
    baku = network.focus_graph(cl.actor_graph("2022-02-22"), "azerbaijan")
    assert drawn_ties(explorer.ax) == curves(edge_keys(baku))
    assert "22 February 2022" in explorer.ax.get_title(loc="left")
    # the layout is the static diagram's layout
    assert (
        drawn_nodes(explorer.ax)["russia"]
        == drawn_nodes(cl.actor_network("2022-02-22").ax)["russia"]
    )


def test_explorer_kinds_and_focus(explorer):
    explorer.set_date("2022-03-18")
    explorer.set_view("full")
    explorer.set_kinds(["recognition"])
    assert drawn_ties(explorer.ax) == curves({"r_ru_recognises_dnr", "r_ru_recognises_lnr"})
    assert set(drawn_nodes(explorer.ax)) == {"russia", "dnr", "lnr"}
    explorer.set_kinds(None)
    explorer.set_families(["talks"])
    shown = drawn_ties(explorer.ax)  # keys: source~target~family~arrow
    assert shown and {key.split("~")[2] for key in shown} == {"talks"}, shown
    explorer.set_families(None)
    explorer.set_focus("azerbaijan")
    expected = edge_keys(network.focus_graph(cl.actor_graph("2022-03-18"), "azerbaijan"))
    assert drawn_ties(explorer.ax) == curves(expected)
    assert "as of 18 March 2022, Baku's own ties:" in explorer.summary()
    explorer.set_focus("armenia")
    assert "as of 18 March 2022, Armenia's ties:" in explorer.summary()
    explorer.set_focus("azerbaijan")
    explorer.set_kinds([])
    assert drawn_ties(explorer.ax) == set()
    assert "No ties are in force" in repr(explorer)
    with pytest.raises(CourseError):
        explorer.set_kinds(["alliance"])


def test_explorer_static_fallback(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<img" in bundle["text/html"]
    assert "Actor network as of 21 February 2022" in bundle["text/plain"]


def test_explorer_widgets_redraw_the_same_image(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.delenv("COURSE_LIB_NO_WIDGETS", raising=False)
    view = cl.actor_explorer(date="2022-02-21")
    image, before = view.image, view.image.value
    view.controls["key_dates"].value = dt.date(2022, 2, 24)  # as a click would
    assert view.image is image and view.image.value != before
    assert view.controls["day"].value == dt.date(2022, 2, 24)
    view.controls["focus"].value = ""  # "Full network"
    (invasion,) = curves(["r_ru_invades_ua"])
    assert view.edges[invasion].get_visible()
    view.controls["families"]["conflict"].value = False
    assert not view.edges[invasion].get_visible()
    view.controls["focus"].value = "turkey"
    assert view.focus == "turkey" and "Türkiye's ties" in view.canvas.title.get_text()
    view.set_date("2022-01-14")  # from code: the controls follow
    assert view.controls["key_dates"].value == dt.date(2022, 1, 14)
    view.set_date("2019-05-05")  # a day the slider does not list: it gains that day
    assert view.controls["day"].value == dt.date(2019, 5, 5)
    assert "application/vnd.jupyter.widget-view+json" in view._repr_mimebundle_()
