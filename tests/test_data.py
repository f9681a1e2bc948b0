"""The data layer: shipped tables validate, load once, and bad copies fail clearly."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import NAME_PAIRS

import course_lib as cl
from course_lib import data
from course_lib.errors import DataError

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_3f25aeba68e6b23d.txt"


# ---------------------------------------------------------------- the shipped data


def test_shipped_data_validates_with_minimum_counts():
    counts = data.validate()
    assert counts["timeline"] >= 30
    assert counts["actors"] >= 20
    assert counts["quotes"] == 17
    assert counts["places"] >= 24
    assert counts["glossary"] >= 15
    assert counts["relations"] >= 30
    assert counts["sources"] >= 20


@pytest.mark.parametrize(
    "name, id_col",
    [
        ("timeline", "event_id"),
        ("actors", "actor_id"),
        ("quotes", "quote_id"),
        ("places", "place_id"),
        ("sources", "source_id"),
        ("glossary", "term_id"),
    ],
)
def test_public_tables_are_indexed_by_id(name, id_col):
    frame = getattr(cl, name)()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == list(frame[id_col])
    assert frame.index.is_unique


def test_quotes_have_text_and_known_speakers():
    quotes = cl.quotes()
    assert "text" in quotes.columns
    assert set(quotes["speaker_id"]) <= set(cl.actors().index)


def test_timeline_spans_1923_to_2025_and_is_sorted():
    tl = cl.timeline()
    assert tl["date"].min().year == 1923
    assert tl["date"].max().year == 2025
    assert tl["date"].is_monotonic_increasing
    assert pd.api.types.is_datetime64_any_dtype(tl["date"])


def test_key_dates_are_right():
    tl = cl.timeline().set_index("date", drop=False)
    titles = {
        d.strftime("%Y-%m-%d"): " ".join(t.lower() for t in tl.loc[[d], "title"]) for d in tl.index
    }
    assert "declaration" in titles["2022-02-22"]
    assert "kyiv" in titles["2022-01-14"]
    assert "bishkek" in titles["1994-05-05"]
    assert "ceasefire" in titles["1994-05-12"]


def test_article_misnamings_are_recorded():
    actors = cl.actors()
    alieva = actors.loc["alieva_leila"]
    assert alieva["name_as_printed"] == "Leyla Aliyeva"
    assert "daughter" in alieva["note"].lower()
    assert actors.loc["real_party", "name_as_printed"] == "Real Party"


def test_places_carry_both_name_forms_for_contested_places():
    places = cl.places()
    for pid in ("khankendi", "shusha", "lachin", "kalbajar", "agdam"):
        assert places.loc[pid, "name_az"] and places.loc[pid, "name_hy"], pid
    assert "Stepanakert" in places.loc["khankendi", "name_hy"]
    assert "Shushi" in places.loc["shusha", "name_hy"]


@pytest.mark.skipif(
    not SEED.exists(), reason="the seed article (../shared/seed) is not on this machine"
)
def test_quotes_are_verbatim_in_the_article():
    article = SEED.read_text(encoding="utf-8")
    for qid, text in cl.quotes()["text"].items():
        assert text in article, f"{qid} is not verbatim"


def test_tables_are_loaded_once_per_kernel():
    first = data.load_tables()
    assert data.load_tables() is first
    cl.timeline().iloc[0:0]  # a public call does not reload either
    assert data.load_tables() is first


def test_public_tables_are_copies():
    places = cl.places()
    name = places.loc["baku", "name_en"]
    del places["lat"]
    places.loc["baku", "name_en"] = "changed by a student"
    places["source_ids"].iloc[0].append("added")
    again = cl.places()
    assert "lat" in again.columns and again.loc["baku", "name_en"] == name
    assert "added" not in again["source_ids"].iloc[0]


def test_data_never_comes_from_the_working_directory(tmp_path, monkeypatch):
    """A folder called data/ where the notebook runs (a student's own files) is ignored."""
    decoy = tmp_path / "data"
    decoy.mkdir()
    (decoy / "timeline.csv").write_text("event_id\nnot_the_course\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_LIB_DATA", raising=False)
    data.reload()
    assert data.data_dir().resolve() != decoy.resolve()
    assert "not_the_course" not in cl.timeline().index


def test_missing_override_folder_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_LIB_DATA", str(tmp_path / "nope"))
    with pytest.raises(DataError, match="does not exist"):
        data.data_dir()


# ---------------------------------------------------------------- malformed copies


def rewrite(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def set_cell(rows, line, column, value):
    rows[line - 1][rows[0].index(column)] = value
    return rows


def expect(match: str, file: str):
    data.reload()
    with pytest.raises(DataError) as info:
        data.load_tables()
    assert info.value.file == file
    assert match in str(info.value), str(info.value)
    return info.value


def test_missing_column(data_copy):
    rewrite(data_copy / "timeline.csv", lambda rows: [r[:-1] for r in rows])
    err = expect("missing column", "timeline.csv")
    assert err.row == 1


def test_bad_date(data_copy):
    rewrite(data_copy / "timeline.csv", lambda rows: set_cell(rows, 3, "date", "2022-02-30"))
    err = expect("'date' = '2022-02-30' is not a date", "timeline.csv")
    assert err.row == 3


def test_dangling_source_id(data_copy):
    rewrite(
        data_copy / "quotes.csv", lambda rows: set_cell(rows, 4, "source_ids", "no_such_source")
    )
    err = expect("source id 'no_such_source' is not in sources.csv", "quotes.csv")
    assert err.row == 4


def test_duplicate_id(data_copy):
    def dup(rows):
        rows.insert(-1, list(rows[1]))  # before the end line
        return rows

    rewrite(data_copy / "places.csv", dup)
    expect("duplicate id", "places.csv")


def test_unknown_actor_reference(data_copy):
    rewrite(data_copy / "quotes.csv", lambda rows: set_cell(rows, 2, "speaker_id", "nobody_known"))
    expect("'speaker_id' refers to 'nobody_known'", "quotes.csv")


def test_value_outside_vocabulary(data_copy):
    rewrite(data_copy / "timeline.csv", lambda rows: set_cell(rows, 2, "category", "gossip"))
    expect("'category' = 'gossip' is not one of", "timeline.csv")


def test_fact_without_source(data_copy):
    rewrite(data_copy / "actors.csv", lambda rows: set_cell(rows, 2, "source_ids", ""))
    expect("'source_ids' is empty", "actors.csv")


def test_wrong_encoding(data_copy):
    path = data_copy / "glossary.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    expect("not UTF-8", "glossary.csv")


def test_missing_file(data_copy):
    (data_copy / "sources.csv").unlink()
    expect("the file is missing", "sources.csv")


@pytest.mark.parametrize("where", ["line boundary", "mid-line", "inside the last field"])
def test_truncated_file(data_copy, where):
    """81 events cut to 39 at a line boundary fail as loudly as a cut in the middle of a row."""
    path = data_copy / "timeline.csv"
    raw = path.read_bytes()
    lines = raw.splitlines(keepends=True)
    if where == "line boundary":
        cut = b"".join(lines[:40])
    elif where == "mid-line":
        cut = raw[: len(raw) // 2]
    else:
        cut = raw[: raw.rindex(b"\n# end") - 3]  # the last row keeps all its fields
    path.write_bytes(cut)
    err = expect("timeline.csv", "timeline.csv")
    if where != "mid-line":
        assert "cut short" in str(err) and err.row is not None


def test_end_line_survives_a_spreadsheet_but_not_rows_after_it(data_copy):
    path = data_copy / "glossary.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + ",,,,,,,,\n\n", encoding="utf-8")  # padded by a re-save, blank after
    data.reload()
    assert len(cl.glossary()) > 10
    path.write_text(text + "\n" + text.splitlines()[1].replace(",", "_x,", 1) + "\n", "utf-8")
    expect("rows follow the end line", "glossary.csv")


def test_duplicated_header(data_copy):
    def twice(rows):
        rows[0][rows[0].index("note")] = "name"
        return rows

    rewrite(data_copy / "actors.csv", twice)
    err = expect("the header names column(s) twice: name", "actors.csv")
    assert err.row == 1


@pytest.mark.parametrize("value", ["nan", "999", "-91", "inf", "40,1"])
def test_latitude_out_of_range(data_copy, value):
    rewrite(data_copy / "places.csv", lambda rows: set_cell(rows, 2, "lat", value))
    err = expect("'lat'", "places.csv")
    assert err.row == 2


@pytest.mark.parametrize(
    ("file", "start", "end"),
    [("timeline.csv", "date", "date_end"), ("relations.csv", "start", "end")],
)
def test_end_date_before_start(data_copy, file, start, end):
    def backwards(rows):
        rows = set_cell(rows, 2, start, "2022-03-18")
        return set_cell(rows, 2, end, "2022-03-17")

    rewrite(data_copy / file, backwards)
    err = expect(f"'{end}' = '2022-03-17' is before '{start}' = '2022-03-18'", file)
    assert err.row == 2


@pytest.mark.parametrize(
    ("name", "size"), [("timeline.csv", 2_100_000), ("geo/countries.geojson", 10_100_000)]
)
def test_oversized_files_are_refused_before_reading(data_copy, name, size):
    path = data_copy / name
    with path.open("ab") as handle:
        handle.truncate(size)  # sparse: no real 10 MB written
    data.reload()
    with pytest.raises(DataError, match="more than the") as info:
        data.read_text(*name.split("/"))
    assert info.value.file == name


def test_empty_file(data_copy):
    (data_copy / "actors.csv").write_text("", encoding="utf-8")
    expect("the file is empty", "actors.csv")


def test_error_message_is_friendly(data_copy):
    (data_copy / "sources.csv").unlink()
    data.reload()
    with pytest.raises(DataError) as info:
        cl.timeline()
    message = info.value.friendly()
    assert "sources.csv" in message and "instructor" in message
    assert "Traceback" not in message


# Document names and set terms are exempt from the both-forms rule.
SET_TERMS = ("Lachin corridor", "Shusha Declaration")


@pytest.mark.parametrize("column", ["title"])
def test_timeline_titles_give_both_forms_of_contested_names(column):
    import re

    for event_id, text in cl.timeline()[column].items():
        for term in SET_TERMS:
            text = text.replace(term, "")
        for az, hy in NAME_PAIRS:
            has_az = re.search(rf"\b{az}\b", text) is not None
            has_hy = re.search(rf"\b{hy}\b", text) is not None
            assert has_az == has_hy, f"{event_id}: '{text}' names only one of {az}/{hy}"


def test_blank_optional_dates_stay_blank():
    """An event without an end date has none (no value carried over from the row above)."""
    raw = {}
    with (data.data_dir() / "timeline.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["event_id"].startswith(data.END_LINE):
                raw[row["event_id"]] = row["date_end"]
    tl = cl.timeline()
    for event_id, end in raw.items():
        assert pd.isna(tl.loc[event_id, "date_end"]) == (end == ""), event_id
