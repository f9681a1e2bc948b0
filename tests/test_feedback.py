"""Checking returns data; ui/feedback presents it (HTML with icons, and a plain-text twin)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import course_lib as cl
from course_lib import exercises
from course_lib.exercises import CheckResult, Score
from course_lib.ui import feedback

REPO = Path(__file__).resolve().parent.parent
ANSWERS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
Q = "nb04_attr_q03"


@pytest.fixture(autouse=True)
def _fresh_hints():
    exercises.forget_hints()


@pytest.mark.parametrize("module", ["exercises.py", "bank.py", "sealing.py"])
def test_exercises_module_holds_no_presentation(module):
    tree = ast.parse((REPO / "course_lib" / module).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"html", "ipywidgets", "IPython", "ui"}, imported
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    for text in (s for s in strings if isinstance(s, str)):
        assert "<div" not in text and "<p>" not in text and "style=" not in text, text
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert not {"_repr_html_", "header_html"} & names


def test_cl_check_shows_as_a_status_box_and_reads_like_the_data():
    wrong = next(o.id for o in cl.question(Q).options if o.id != ANSWERS[Q]["answer"])
    shown = cl.check(Q, wrong)
    assert isinstance(shown.result, CheckResult)
    assert (shown.correct, shown.status, shown.attempts) == (False, "incorrect", 1)
    page = shown._repr_html_()
    assert 'role="status"' in page and page.count("❌") == 1 and "#FDECEA" in page
    assert repr(shown).startswith("❌ Not quite.")
    assert f'cl.hint("{Q}")' in repr(shown)  # the console says which call helps next
    right = cl.check(Q, ANSWERS[Q]["answer"])
    assert right._repr_html_().count("✅") == 1 and repr(right).startswith("✅")


def test_the_widget_form_has_words_only():
    result = exercises.check(Q, "zz")
    assert result.how_to == ""
    blank = exercises.check(Q, "")
    assert "cl.check" in feedback.result_text(blank)
    assert "cl.check" not in feedback.result_text(blank, code=False)
    assert "cl.check" not in feedback.result_html(blank, code=False)


def test_not_saved_is_shown_in_both_forms():
    result = CheckResult(Q, True, "Correct.", 1, "correct", saved=False, storage="disk full")
    assert "⚠️ Not saved: disk full" in feedback.result_text(result)
    assert "Not saved: disk full" in feedback.result_html(result)


def test_score_shows_answered_and_right_as_two_labelled_bars():
    page = feedback.score_html(Score(answered=3, correct=1, total=10, checkable=8, recorded=1))
    assert "aria-label='Score: 1 of 8 right · 3 of 10 answered" in page
    assert page.count("width:30%") == 1 and page.count("width:12%") == 1  # 3/10 and 1/8
    assert "Answered" in page and "Right" in page
    assert isinstance(cl.score("04").score, Score)
    assert "<b>Score in notebook 04" in cl.score("04")._repr_html_()


def test_hints_and_notes_print_without_quotes():
    first = cl.hint(Q)
    assert repr(first) == str(first) and first.startswith("Hint 1 of")
    assert "💡" in first._repr_html_()
    assert repr(cl.score("99")).startswith("There is no notebook 99")


def test_a_long_previous_answer_is_shown_cut(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    reflection = next(q for q in cl.questions("04") if q.kind == "reflection")
    essay = "Baku balanced carefully. " * 700  # 17,500 characters: under the cap
    assert cl.check(reflection.id, essay).status == "recorded"
    text = repr(cl.quiz(reflection.id))
    assert essay not in text and "…" in text
    assert len(text) < 10_000
