"""The student-facing fact-check table (``cl.fact_checks()``) and its data (corrections.csv)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import course_lib as cl
from course_lib import citations
from course_lib.errors import CourseError, DataError

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_3f25aeba68e6b23d.txt"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_table_lists_every_check_in_article_order_with_its_sources():
    checks = cl.fact_checks()
    table = checks.table
    assert len(checks) == len(table) >= 20
    assert list(table.columns[:5]) == ["check_id", "claim", "finding", "status", "topic"]
    sources = cl.sources()
    for check_id, row in table.iterrows():
        assert row["source_ids"], check_id
        assert set(row["source_ids"]) <= set(sources.index), check_id
        assert set(row["event_ids"]) <= set(cl.timeline().index), check_id
    assert set(checks.counts()) == {"corrected", "not_confirmed", "partly_confirmed", "confirmed"}
    assert sum(checks.counts().values()) == len(checks)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article (../shared/seed) is not here")
def test_claims_are_verbatim_and_in_the_order_of_the_article():
    article = SEED.read_text(encoding="utf-8")
    positions = []
    for check_id, claim in cl.fact_checks().table["claim"].items():
        assert claim in article, f"{check_id} is not verbatim"
        positions.append(article.index(claim))
    assert positions == sorted(positions)


def test_html_shows_every_cell_in_full_with_links():
    checks = cl.fact_checks()
    page = checks._repr_html_()
    assert page.count("<tr>") == len(checks) + 1  # header row + one per check
    for header in ("The article says", "What the sources show", "Status", "Sources"):
        assert f">{header}</th>" in page
    for _, row in checks.table.iterrows():
        assert html.escape(row["claim"]) in page
        assert html.escape(row["finding"]) in page
    urls = set(re.findall(r'href="([^"]+)"', page))
    expected = {cl.sources().loc[s, "url"] for ids in checks.table["source_ids"] for s in ids} - {
        ""
    }
    assert {html.escape(u) for u in expected} == urls
    assert "…" not in page and "..." not in page  # nothing truncated


def test_plain_text_shows_every_cell_in_full():
    checks = cl.fact_checks(status="corrected")
    text = _flat(repr(checks))
    for _, row in checks.table.iterrows():
        assert _flat(row["claim"]) in text
        assert _flat(row["finding"]) in text
    assert text.count("Status: Corrected.") == len(checks)
    assert max(len(line) for line in repr(checks).splitlines()) <= 88


def test_filters_by_status_and_topic():
    corrected = cl.fact_checks(status="corrected")
    assert set(corrected.table["status"]) == {"corrected"}
    moves = cl.fact_checks(status=["corrected", "not_confirmed"], topic="baku_moves")
    assert set(moves.table["topic"]) == {"baku_moves"}
    assert "c02_treaty" in moves.table.index and "c22_aid" in moves.table.index
    assert "c01_kyiv_visit" not in moves.table.index  # confirmed
    assert repr(cl.fact_checks(status="confirmed", topic="people")) == (
        "No fact checks match this choice."
    )


def test_unknown_filter_is_a_friendly_error():
    with pytest.raises(CourseError, match="Did you mean 'corrected'"):
        cl.fact_checks(status="corected")
    with pytest.raises(CourseError, match="Choose from"):
        cl.fact_checks(topic="weather")


def test_showing_the_table_cites_its_sources():
    citations.reset()
    cl.fact_checks(status="corrected")
    assert {"azertag_declaration_2022", "aze_az_azal_2022"} <= set(citations.cited())


def test_corrected_moves_of_baku_are_flagged_in_the_timeline():
    """A correction of a dated move points to a timeline event that is marked contested."""
    tl = cl.timeline()
    checks = cl.fact_checks(status=["corrected", "not_confirmed"], topic="baku_moves").table
    for check_id, row in checks.iterrows():
        assert row["event_ids"], check_id
        events = tl.loc[row["event_ids"]]
        flagged = events["contested"] | events["status"].eq("unverified")
        assert flagged.any(), check_id


def test_bad_status_in_the_csv_is_a_data_error(data_copy):
    path = data_copy / "corrections.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",corrected,", ",wrong,", 1), encoding="utf-8"
    )
    with pytest.raises(DataError, match="wrong"):
        cl.fact_checks()
