"""The course arc (notebooks 01, 05, 06): dates agree with the timeline, quiz ids and glossary
terms exist, contested place names appear in both forms, and the structure is complete.

The date check scans every notebook, not only the arc's: a date in prose that no timeline
event supports is either a typo or a fact without a source.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import NAME_PAIRS, NOTEBOOKS, REPO

import course_lib as cl

ARC = {
    "01": REPO / "notebooks" / "01_context_1923_2022.ipynb",
    "05": REPO / "notebooks" / "05_the_balancing_act.ipynb",
    "06": REPO / "notebooks" / "06_after_march_2022.ipynb",
}
ARC_PREREQUISITES = {"01": ["00"], "05": ["00", "02", "03", "04"], "06": ["05"]}

# Dates that may appear in prose without being a timeline event. Keep it empty if at all
# possible: add a timeline row instead. Format: ISO day or "YYYY-MM" -> why it is allowed.
ALLOWED_DATES: dict[str, str] = {}


# --------------------------------------------------------------------------- date extraction

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = r"\s*[–—-]\s*"
# [D Month – ] [D[–/]D] Month YYYY, e.g. "7 July 1923", "19–20 September 2023",
# "9/10 November 2020", "27 September – 10 November 2020", "June 2021".
DATE_RE = re.compile(
    rf"(?:(?<![\d/–-])(?P<d0>\d{{1,2}})\s+(?P<m0>{_MONTH}){_DASH})?"
    rf"(?:(?<![\d/–-])(?P<d1>\d{{1,2}})(?:\s*(?:[–—-]|/)\s*(?P<d2>\d{{1,2}}))?\s+)?"
    rf"(?<![\w-])(?P<m>{_MONTH})\s+(?P<y>\d{{4}})\b"
)


def _month(text: str) -> int:
    return _MONTHS[text.rstrip(".")]


def extract_dates(text: str) -> list[tuple[str, str]]:
    """Every date stated in ``text``: (as written, ISO day or 'YYYY-MM').

    Example:
        >>> [iso for _, iso in extract_dates("9/10 November 2020 to June 2021")]
        ['2020-11-09', '2020-11-10', '2021-06']
    """
    found = []
    for m in DATE_RE.finditer(text):
        year, month = int(m["y"]), _month(m["m"])
        written = m.group(0)
        if m["d1"] is None:
            found.append((written, f"{year:04d}-{month:02d}"))
            continue
        days = [(month, int(m["d1"]))]
        if m["d2"]:
            days.append((month, int(m["d2"])))
        if m["d0"]:
            days.insert(0, (_month(m["m0"]), int(m["d0"])))
        for mon, day in days:
            try:
                found.append((written, dt.date(year, mon, day).isoformat()))
            except ValueError:  # "31 February": report it as written, it can never match
                found.append((written, f"invalid:{written}"))
    return found


# --------------------------------------------------------------------------- date support


def _supported_days_and_months() -> tuple[
    list[tuple[pd.Timestamp, pd.Timestamp]], set[pd.Timestamp], set[str]
]:
    """Day ranges a written day may fall in, exact days, and months a 'Month YYYY' may name."""
    frame = cl.timeline()
    ranges, exact, months = [], set(), set()
    for _, row in frame.iterrows():
        start, end = row["date"], row["date_end"]
        has_end = not pd.isna(end)
        if has_end:
            exact.add(end)  # an end date is always a real day, whatever the precision
        if row["precision"] == "day":
            ranges.append((start, end if has_end else start))
        if row["precision"] in ("day", "month"):
            last = end if has_end else start
            for period in pd.period_range(start, last, freq="M"):
                months.add(str(period))
        elif has_end:
            months.add(f"{end:%Y-%m}")
    return ranges, exact, months


def unsupported_dates(text: str) -> list[str]:
    """Dates in ``text`` that no timeline event supports (and that are not allow-listed)."""
    ranges, exact, months = _supported_days_and_months()
    bad = []
    for written, iso in extract_dates(text):
        if iso in ALLOWED_DATES:
            continue
        if iso.startswith("invalid:"):
            bad.append(written)
        elif len(iso) == 7:
            if iso not in months:
                bad.append(written)
        else:
            day = pd.Timestamp(iso)
            if day not in exact and not any(lo <= day <= hi for lo, hi in ranges):
                bad.append(f"{written} ({iso})")
    return bad


def markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def code_sources(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


# --------------------------------------------------------------------------- tests: extractor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 7 July 1923 a decree", ["1923-07-07"]),
        ("19–20 September 2023", ["2023-09-19", "2023-09-20"]),
        ("9/10 November 2020", ["2020-11-09", "2020-11-10"]),
        ("27 September – 10 November 2020", ["2020-09-27", "2020-11-10"]),
        ("in June 2021 and **12 June 2024**", ["2021-06", "2024-06-12"]),
        ("18 Mar 2022", ["2022-03-18"]),
        ("the 2020 war, 1,960 peacekeepers, 5 km, in 1997", []),
        ("May 2025 and may 2025", ["2025-05"]),
    ],
)
def test_date_extractor_finds_each_written_form(text, expected):
    assert [iso for _, iso in extract_dates(text)] == expected


def test_unsupported_dates_are_caught():
    # the Bishkek Protocol is 5 May 1994; "12 May" is the ceasefire; 14 February 1997 (a date
    # from the fact sheet's notes) is no event; February 1995 has no event at all
    assert unsupported_dates("the Bishkek Protocol of 5 May 1994") == []
    assert unsupported_dates("ceasefire on 12 May 1994") == []
    assert unsupported_dates("co-chairs from 14 February 1997") == ["14 February 1997 (1997-02-14)"]
    assert unsupported_dates("in February 1995") == ["February 1995"]
    # a day inside a month-precision event is not supported (the day is not known)...
    assert unsupported_dates("15 June 2021") == ["15 June 2021 (2021-06-15)"]
    # ...but its month is, and so is a day inside a day-precision range
    assert unsupported_dates("June 2021, 9 November 2020, 31 February 2022") == ["31 February 2022"]


# --------------------------------------------------------------------------- tests: notebooks


def test_dates_in_notebook_text_agree_with_timeline():
    """Every date written in any notebook's markdown is a timeline date (issue requirement)."""
    assert NOTEBOOKS, "no notebooks found"
    problems = {p.name: unsupported_dates(markdown(p)) for p in NOTEBOOKS}
    problems = {name: bad for name, bad in problems.items() if bad}
    assert not problems, (
        "dates in notebook text that no event in data/timeline.csv supports "
        f"(fix the text, add an event, or render it with cl.event_date): {problems}"
    )


def test_arc_notebooks_exist_with_their_metadata():
    for nb_id, path in ARC.items():
        meta = nbformat.read(path, as_version=4).metadata["course"]
        assert meta["id"] == nb_id
        assert meta["prerequisites"] == ARC_PREREQUISITES[nb_id]
        assert meta["content_note"], f"{path.name} needs a content note"


@pytest.mark.parametrize("nb_id", sorted(ARC))
def test_quiz_ids_used_exist(nb_id):
    used = re.findall(
        r"cl\.(?:quiz|question|check|hint)\(\s*[\"']([^\"']+)[\"']", code_sources(ARC[nb_id])
    )
    assert used, f"notebook {nb_id} uses no exercise"
    for qid in used:
        if re.fullmatch(r"\d\d", qid):
            assert cl.questions(qid), f"no questions for notebook {qid}"
        else:
            assert cl.question(qid).id == qid
            assert cl.question(qid).notebook == nb_id, f"{qid} belongs to another notebook"


@pytest.mark.parametrize("nb_id", sorted(ARC))
def test_every_bank_question_of_the_notebook_is_asked(nb_id):
    used = set(re.findall(r"cl\.quiz\(\s*[\"']([^\"']+)[\"']", code_sources(ARC[nb_id])))
    bank = {q.id for q in cl.questions(nb_id)}
    assert bank, f"the bank has no questions for {nb_id}"
    assert nb_id in used or bank <= used, f"never asked in {nb_id}: {sorted(bank - used)}"


@pytest.mark.parametrize("nb_id", sorted(ARC))
def test_glossary_terms_and_event_ids_exist(nb_id):
    src = code_sources(ARC[nb_id])
    terms = [
        t
        for call in re.findall(r"cl\.show_glossary\(\[([^\]]*)\]\)", src)
        for t in re.findall(r"[\"']([a-z0-9_]+)[\"']", call)
    ]
    assert terms, f"notebook {nb_id} explains no glossary term"
    missing = sorted(set(terms) - set(cl.glossary().index))
    assert not missing, f"not in data/glossary.csv: {missing}"
    events = re.findall(r"[\"'](t\d+[a-z]?_[a-z0-9_]+)[\"']", src)
    missing = sorted(set(events) - set(cl.timeline().index))
    assert not missing, f"not in data/timeline.csv: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_contested_names_in_both_forms(path):
    """Every notebook that names a contested place also gives its other form."""
    text = markdown(path)
    for az, hy in NAME_PAIRS:
        has_az = re.search(rf"\b{az}\b", text) is not None
        has_hy = re.search(rf"\b{hy}\b", text) is not None
        assert has_az == has_hy, f"{path.name} uses only one of {az}/{hy}"


def _sources_for_extra(source: str) -> list[str] | None:
    """The ids of ``cl.sources_for()`` or ``cl.sources_for(extra=[...])``; None otherwise."""
    import ast

    try:
        (statement,) = ast.parse(source).body
    except (SyntaxError, ValueError):
        return None
    call = statement.value if isinstance(statement, ast.Expr) else None
    if not (
        isinstance(call, ast.Call)
        and ast.unparse(call.func) == "cl.sources_for"
        and not call.args
        and all(k.arg == "extra" for k in call.keywords)
    ):
        return None
    return [ast.literal_eval(k.value) for k in call.keywords][0] if call.keywords else []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_sources_cell_lists_the_prose_sources(path):
    """The closing cell adds the ids behind the notebook's prose; each must be in sources.csv."""
    nb = nbformat.read(path, as_version=4)
    extra = _sources_for_extra(nb.cells[-1].source)
    assert extra is not None, "the last cell is cl.sources_for(...)"
    assert len(extra) == len(set(extra)), "an id is listed twice"
    assert not set(extra) - set(cl.sources().index), "an id is not in data/sources.csv"
    assert set(extra) <= set(cl.sources_for(extra=extra).table.index)


@pytest.mark.parametrize(
    ("nb_id", "ids"),
    [
        ("02", {"acaps_blockade", "armradio_2023_02_22", "kyivindependent_peacekeepers_leave"}),
        ("03", {"zeenews_azal_2024", "panarmenian_322635", "ocmedia_csto_frozen_2024"}),
        ("06", {"earthpressnews_armenia_conditions"}),
    ],
)
def test_prose_sources_of_the_audit_are_listed(nb_id, ids):
    """Facts told only in markdown (blockade, ICJ, AZAL crash, CSTO) still reach the list."""
    nb = nbformat.read(ALL_NOTEBOOK_IDS[nb_id], as_version=4)
    assert ids <= set(_sources_for_extra(nb.cells[-1].source) or [])


@pytest.mark.parametrize("nb_id", sorted(ARC))
def test_structure_of_arc_notebooks(nb_id):
    nb = nbformat.read(ARC[nb_id], as_version=4)
    md_text = markdown(ARC[nb_id])
    assert "Think, then open" in md_text and "<details>" in md_text
    assert any("instructor" in c.metadata.get("tags", []) for c in nb.cells)
    assert "## Summary" in md_text
    last = nb.cells[-1]
    assert last.cell_type == "code" and _sources_for_extra(last.source) is not None
    assert nb.cells[-2].source.startswith("## Sources for this notebook")
    # each code cell stands alone: no name carried over from an earlier cell
    for cell in nb.cells:
        if cell.cell_type == "code" and "cl.start(" not in cell.source:
            assert re.match(r"\s*(cl\.|for |print\()", cell.source), cell.source[:60]


def test_contested_terms_are_attributed():
    """Contested words appear with who uses them, never in the course's own voice alone."""
    text06 = markdown(ARC["06"])
    assert "local anti-terrorist measures" in text06 and "military offensive" in text06
    assert re.search(r"Armenia and many NGOs call it ethnic cleansing", text06)
    assert re.search(r"Azerbaijan describes the departures as voluntary", text06)
    assert "initialled" in text06
    text01 = markdown(ARC["01"])
    assert "Azerbaijan's official toll is 613" in text01
    assert "Human Rights Watch" in text01 and "genocide" in text01
    assert re.search(r"1,960 Russian peacekeepers", text01)


def test_balancing_notebook_names_each_correction():
    text = markdown(ARC["05"]).lower()
    for phrase in ("treaty", "declaration", "21.5 million manat", "insurance", "honorary", "five"):
        assert phrase in text, phrase


# --------------------------------------------------------------------------- facts (issue #11)
# Each test below guards one correction of the fact-checking pass, so that it cannot creep back.

SEED = REPO.parent / "shared" / "seed" / "000_3f25aeba68e6b23d.txt"
ALL_NOTEBOOK_IDS = {p.name[:2]: p for p in NOTEBOOKS}


def _bank_texts() -> dict[str, list[str]]:
    """Every student-facing string of every question bank, feedback and model answers included."""
    import sys

    sys.path.insert(0, str(REPO / "tools"))
    import exercise_keys

    answers = REPO / "tests" / "exercise_answers.json"
    texts: dict[str, list[str]] = {}
    for bank in sorted((REPO / "data" / "exercises").glob("*.yaml")):
        doc = exercise_keys.unseal_file(bank, answers)
        for q in doc["questions"]:
            found = [q.get("title", ""), q["prompt"], *q.get("hints", [])]
            for field in ("options", "items", "feedback", "notes"):
                found += [str(v) for v in (q.get(field) or {}).values()]
            found += [q.get("explanation", ""), q.get("model_answer", "")]
            texts[q["id"]] = [t for t in found if t]
    return texts


def _metadata_text(path: Path) -> str:
    meta = nbformat.read(path, as_version=4).metadata["course"]
    return "\n".join([meta["title"], meta["content_note"], *meta["objectives"]])


def _data_texts() -> list[tuple[str, str]]:
    """(where, text) for the free-text cells of the data tables students see."""
    columns = {
        "timeline": ("title", "summary", "contested_note"),
        "actors": ("name", "role_2022", "note"),
        "relations": ("summary", "qualifier"),
        "glossary": ("term", "definition", "note"),
        "places": ("name_hy", "other_names", "note"),
        "quotes": ("note",),
        "corrections": ("finding",),
        "place_names": ("note",),
    }
    from course_lib import data

    out = []
    for name, cols in columns.items():
        frame = data.table(name)
        for row_id, row in frame.iterrows():
            out += [(f"{name}:{row_id}:{c}", str(row[c])) for c in cols if str(row[c])]
    return out


def _student_texts() -> list[tuple[str, str]]:
    texts = [(p.name, markdown(p)) for p in NOTEBOOKS]
    texts += [(f"{p.name} metadata", _metadata_text(p)) for p in NOTEBOOKS]
    texts += [(qid, t) for qid, found in _bank_texts().items() for t in found]
    return texts + _data_texts()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


def test_no_ivanyan_in_text_about_dates_before_2001():
    """Ivanyan is the NKR's name from 2001: a sentence about 1988 or 1992 says Khojaly/Khojalu."""
    bad = []
    for where, text in _student_texts():
        for sentence in _sentences(text):
            if "Ivanyan" not in sentence:
                continue
            years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", sentence)]
            if any(y < 2001 for y in years) and "2001" not in sentence:
                bad.append(f"{where}: {sentence.strip()[:120]}")
    assert not bad, bad
    # the events of February 1992 name the town by the forms of 1992, in every place they appear
    for path in (ALL_NOTEBOOK_IDS["00"], ALL_NOTEBOOK_IDS["01"]):
        assert "Khojaly (Armenian: Khojalu)" in markdown(path), path.name
        assert "Khojalu" in _metadata_text(path) and "Ivanyan" not in _metadata_text(path)
    assert "Khojaly (Armenian: Khojalu)" in cl.timeline().loc["t06_khojaly", "title"]
    assert "Khojaly (Armenian: Khojalu)" in cl.glossary().loc["khojaly_massacre", "definition"]


def test_place_names_are_dated_and_the_1988_map_form_is_not_ivanyan():
    from course_lib import place_names

    assert place_names.place_name("khojaly", "hy", "1988-01-01") == "Khojalu (Խոջալու)"
    assert place_names.place_name("khojaly", "hy", "1992-02-25") == "Khojalu (Խոջալու)"
    assert place_names.place_name("khojaly", "hy", "2019-06-01") == "Ivanyan (Իվանյան)"
    # the undated form in places.csv (what maps show today) must hold at every date
    assert "Ivanyan" not in cl.places().loc["khojaly", "name_hy"]
    # no dated rows: places.csv holds
    assert place_names.place_name("shusha", "hy", "1988-01-01") == "Shushi (Շուշի)"
    place_names.check_no_overlaps()
    sources = cl.sources()
    for _, row in place_names.forms("khojaly", "hy").iterrows():
        assert set(row["source_ids"]) <= set(sources.index)


def test_overlapping_name_forms_are_a_data_error(data_copy):
    from course_lib import data, place_names

    path = data_copy / "place_names.csv"
    text = path.read_text(encoding="utf-8").replace(",,2001-01-01,year,", ",,2005-01-01,year,")
    path.write_text(text, encoding="utf-8")
    data.reload()
    with pytest.raises(cl.DataError, match="both valid"):
        place_names.check_no_overlaps()


def test_independence_dates_and_referendum_numbers():
    summary = cl.timeline().loc["t03b_azerbaijan_constitutional_act", "summary"]
    assert "Day of Restoration of Independence" in summary and "28 May" in summary
    assert "99.8%" in summary and "turnout of about 95%" in summary
    for where, text in _student_texts():
        assert "now its Independence Day" not in text, where
        assert "95% in favour" not in text, where


def test_armenian_and_other_spellings_fixed():
    assert cl.places().loc["jabrayil", "name_hy"] == "Jrakan (Ջրական)"
    for where, text in _student_texts():
        assert "Ձրական" not in text, where  # reads "Dzrakan"
    q06 = cl.quotes().loc["q06", "note"]
    assert "Name should be 'de Waal'" not in q06 and "De Waal added" in q06
    assert "de Waal" in cl.quotes().loc["q05", "note"]


def test_no_russian_abbreviations_dnr_lnr_in_student_text():
    """English texts write DPR/LPR; DNR/LNR only where a sentence explains the Russian form."""
    bad = [
        f"{where}: {sentence.strip()[:100]}"
        for where, text in _student_texts()
        for sentence in _sentences(text)
        if re.search(r"\b[DL]NR\b", sentence) and "Russian" not in sentence
    ]
    assert not bad, bad
    assert "DPR" in cl.actors().loc["dnr", "name"] and "LPR" in cl.actors().loc["lnr", "name"]


def test_contested_names_for_the_2023_offensive_agree():
    """Armenia says 'aggression' and 'ethnic cleansing'; 'military offensive' is the course's."""
    note = cl.timeline().loc["t36_sept_2023_offensive", "contested_note"]
    assert "aggression" in note and "ethnic cleansing" in note
    assert not re.search(r"(Armenia|NGOs)[^.;]*call it a military offensive", note)
    glossary = cl.glossary().loc["anti_terrorist_measures", "definition"]
    assert (
        "Armenia calls it aggression" in glossary
        and "this course calls it a military offensive" in glossary
    )
    assert "Armenia called it aggression" in markdown(ALL_NOTEBOOK_IDS["06"])


def test_placeholder_start_dates_are_gone():
    rel = cl.relations()
    for rid, row in rel.iterrows():
        precision = row["start_precision"] or "day"
        assert "shown from 2022" not in row["summary"], rid
        if precision == "unknown":
            assert "not in our sources" in row["summary"], rid
        elif row["start"] == pd.Timestamp("2022-01-01"):
            raise AssertionError(f"{rid}: placeholder start 2022-01-01 without start_precision")
        if precision == "month":
            assert row["start"].day == 1, rid
        if precision == "year":
            assert (row["start"].month, row["start"].day) == (1, 1), rid
    in_2019 = {
        (r.source, r.target, r.kind)
        for r in cl.relations().itertuples()
        if r.start <= pd.Timestamp("2019-06-01")
        and (pd.isna(r.end) or r.end >= pd.Timestamp("2019-06-01"))
    }
    assert ("turkey", "nato", "membership") in in_2019
    assert ("nato", "ukraine", "partnership") in in_2019
    assert ("nato", "azerbaijan", "partnership") in in_2019
    assert rel.loc["r_turkey_in_nato", "start"] == pd.Timestamp("1952-02-18")


def test_armenia_is_not_an_ordinary_csto_member_in_2024():
    from course_lib import network

    def armenia_csto(date):
        ties = network.ties(date)
        return ties[(ties["source"] == "armenia") & (ties["target"] == "csto")]

    march_2022 = armenia_csto("2022-03-18")
    assert len(march_2022) == 1 and not march_2022["qualifier"].iloc[0]
    mid_2024 = armenia_csto("2024-07-01")
    assert len(mid_2024) == 1 and "frozen" in mid_2024["qualifier"].iloc[0]
    assert "CSTO" in cl.timeline().loc["t39b_armenia_freezes_csto", "title"]


def test_september_2022_attacks_in_timeline_actor_view_and_notebook_06():
    from course_lib import network

    tl = cl.timeline()
    attack = tl.loc["t33b_sept_2022_attacks"]
    assert attack["contested"] and {"azerbaijan", "armenia"} <= set(attack["actors"])
    assert "Armenia's government reported" in attack["summary"]
    assert "Azerbaijan reported" in attack["summary"]
    assert "fact-finding mission" in tl.loc["t33c_armenia_appeals_csto", "title"]
    ties = network.ties("2022-09-14")
    pairs = {(r.source, r.target, r.kind) for r in ties.itertuples()}
    assert ("azerbaijan", "armenia", "armed_conflict") in pairs
    appeal = ties[(ties["source"] == "armenia") & (ties["target"] == "csto")]
    assert any("fact-finding" in q for q in appeal["qualifier"])
    kinds = set(cl.relations()["kind"])
    assert kinds <= set(network.KINDS)
    text06 = markdown(ALL_NOTEBOOK_IDS["06"])
    assert "13–14 September 2022" in text06 and "CSTO" in text06
    assert "Armenia calls it aggression" in text06 and "large-scale provocations" in text06


def test_lachin_blockade_gives_bakus_position_and_the_icj_order():
    note = cl.timeline().loc["t35_lachin_blockade", "contested_note"]
    assert "ICRC" in note and "ICJ" in note and "22 February 2023" in note
    assert cl.timeline().loc["t35b_icj_order_lachin", "date"] == pd.Timestamp("2023-02-22")
    for nb_id in ("02", "06"):
        text = markdown(ALL_NOTEBOOK_IDS[nb_id])
        assert "International Court of" in text and "ICRC" in text, nb_id


def test_no_area_outside_bakus_control_is_said_with_its_dates():
    for path in NOTEBOOKS:
        text = markdown(path)
        assert "no area was outside Baku's control" not in text, path.name
    text02 = markdown(ALL_NOTEBOOK_IDS["02"])
    assert "early October" in text02 and "1 January 2024" in text02


def test_judgements_about_people_are_attributed():
    text04 = markdown(ALL_NOTEBOOK_IDS["04"])
    assert "as a political prisoner" not in text04
    assert "European\nCourt of Human Rights" in text04 or "European Court of Human Rights" in text04
    assert "Amnesty International called him a\nprisoner of conscience" in text04
    assert "both linked to REAL (NED profile)" not in text04
    for where, text in _data_texts():
        assert not text.startswith("Political prisoner"), where


def test_memory_only_and_self_contradicting_notes_are_gone():
    tl = cl.timeline()
    assert "Azerbaijan marks 25 October" not in tl.loc["t12e_qubadli_retaken", "contested_note"]
    assert "never revoked" not in tl.loc["t38b_decree_disputed", "contested_note"]
    text05 = markdown(ALL_NOTEBOOK_IDS["05"])
    assert "according to\nthe UN vote summary" not in text05 and "UN vote summary" not in text05
    sources = tl.loc["t22b_unga_vote", "source_ids"]
    assert "az24saat_2022_03_24" in sources  # the media reports the notebook now names
    text01 = markdown(ALL_NOTEBOOK_IDS["01"])
    assert "much of the\ndistricts" not in text01 and "much of the districts" not in text01


def test_balancing_notebook_counts_what_the_course_checks():
    number = dict(enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven"]))
    number.update({8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"})
    checks = cl.fact_checks(topic="baku_moves")
    counts = checks.counts()
    expected = (
        f"checks {number[len(checks)]} of the article's claims about Baku's own moves: "
        f"{number[counts['confirmed']]} are confirmed, {number[counts['corrected']]} are corrected "
        f"by other sources, and {number[counts['not_confirmed']]} could not be confirmed"
    )
    text05 = " ".join(markdown(ALL_NOTEBOOK_IDS["05"]).split())
    assert expected in text05
    assert "Four of the article's claims are corrected" not in text05


def test_students_sent_to_a_fact_check_table_can_find_it():
    """No 'fact sheet' in student text; every mention of the fact-check table leads to it."""
    calls = {p.name[:2] for p in NOTEBOOKS if "cl.fact_checks(" in code_sources(p)}
    assert calls == {"04"}, calls
    for where, text in _student_texts():
        assert "fact sheet" not in text.lower(), where
    bank = _bank_texts()
    for path in NOTEBOOKS:
        nb_id = path.name[:2]
        text = markdown(path) + "\n".join(
            t for qid, found in bank.items() if qid.startswith(f"nb{nb_id}_") for t in found
        )
        if "fact-check table" in text and nb_id not in calls:
            assert "notebook 04" in text and "cl.fact_checks()" in text, path.name
