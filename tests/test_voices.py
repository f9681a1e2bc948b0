"""Quotes and quote cards: verbatim text, speaker and role as printed, corrections, sources."""

from __future__ import annotations

import pytest

import course_lib as cl
from course_lib import citations
from course_lib.errors import CourseError


@pytest.fixture(autouse=True)
def _fresh_citations():
    citations.reset()
    yield
    citations.reset()


def test_quote_row_is_verbatim_with_printed_attribution():
    row = cl.quote("q09")
    assert row["text"] == "NATO will not save Ukraine, and Azerbaijan must draw conclusions"
    assert row["speaker_as_printed"] == "Ilgar Mammadov"
    assert row["role_as_printed"] == "chairman of the opposition Real Party"
    assert row["speaker_name"] == "Ilgar Mammadov"
    assert "REAL" in row["note"]
    assert "iwpr_2022_03_18" in citations.cited()


def test_quote_keeps_editorial_brackets_and_quirks():
    assert "[Putin]" in cl.quote("q04")["text"]
    assert cl.quote("q11")["text"].endswith("Karabakh,")  # trailing comma kept, never fixed


def test_card_for_misprinted_name_shows_print_and_correct_identity():
    card = cl.quote_card("q11")
    assert card.speaker_as_printed == "Leyla Aliyeva"
    assert card.role_as_printed == "a former Soviet Union expert at Oxford Univeristy"
    assert card.speaker_name == "Leila Alieva"
    text, page = repr(card), card._repr_html_()
    for shown in (text, page):
        assert "Leyla Aliyeva, a former Soviet Union expert at Oxford Univeristy" in shown
        assert "Leila Alieva" in shown
        assert "daughter" in shown  # the correction where the article errs
        assert "iwpr_2022_03_18" in shown
    assert page.count("<blockquote") == 1 and "“Baku cannot afford" in page


def test_card_for_de_waal_and_real_party_corrections():
    card = cl.quote_card("q05")
    assert card.speaker_as_printed == "Thomas De Waal" and card.speaker_name == "Thomas de Waal"
    assert "Printed as “Thomas De Waal”; the speaker is Thomas de Waal." in repr(card)
    real = repr(cl.quote_card("q10"))
    assert "chairman of the opposition Real Party" in real  # as printed
    assert "Republican Alternative Party (REAL)" in real  # corrected role


def test_card_for_unverified_speakers_says_so():
    assert "could not be verified" in repr(cl.quote_card("q13")).lower()
    assert "verified" in repr(cl.quote_card("q14")).lower()


def test_cards_for_scare_quotes_and_documents_are_not_speech():
    war = cl.quote_card("q01")
    assert "not speech" in repr(war) and war.corrections == []
    doc = cl.quote_card("q08")
    assert "document" in repr(doc) and "Declaration" in repr(doc)


def test_card_cites_all_its_sources():
    card = cl.quote_card("q08")
    assert len(card.source_ids) >= 2
    assert set(card.source_ids) <= set(citations.cited())
    for sid in card.source_ids:
        assert sid in card._repr_html_()
    assert set(card.source_ids) <= set(cl.sources().index)


@pytest.mark.parametrize("quote_id", [f"q{n:02d}" for n in range(1, 18)])
def test_every_quote_has_a_card(quote_id):
    card = cl.quote_card(quote_id)
    assert card.text == cl.quotes().loc[quote_id, "text"]
    assert card.date.startswith("20")
    assert card.text in card._repr_html_().replace("&#x27;", "'").replace("&quot;", '"')


def test_unknown_quote_is_a_friendly_error():
    with pytest.raises(CourseError, match='Did you mean "q11"'):
        cl.quote_card("q111")
    with pytest.raises(CourseError, match="cannot use None as quote_id"):
        cl.quote(None)
