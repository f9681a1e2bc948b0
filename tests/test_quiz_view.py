"""Quiz widgets: one widget per kind, Check/Hint with instant feedback, restored answers,
a score bar, a static fallback, and no exception escaping a click."""

from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w
import pytest

import course_lib as cl
from course_lib import exercises
from course_lib.ui import feedback, quiz_view

REPO = Path(__file__).resolve().parent.parent
ANSWERS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_LIB_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COURSE_LIB_NO_WIDGETS", raising=False)
    exercises.forget_hints()


def _first(kind):
    return next(q for q in cl.questions() if (q.is_choice if kind == "choice" else q.kind == kind))


def test_static_fallback_shows_question_and_how_to_answer(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    view = cl.quiz("nb04_attr_q03")
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    q = cl.question("nb04_attr_q03")
    assert q.prompt in bundle["text/plain"]
    assert 'cl.check("nb04_attr_q03"' in bundle["text/plain"]
    for option in q.options:
        assert option.text in bundle["text/plain"]
    assert "cl.check(&quot;nb04_attr_q03&quot;" in bundle["text/html"]


def test_static_fallback_for_a_notebook_shows_previous_answers_and_score(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    cl.check("nb04_attr_q03", ANSWERS["nb04_attr_q03"]["answer"])
    text = repr(cl.quiz("04"))
    assert text.count("Answer with:") == len(cl.questions("04"))
    assert "Your last answer" in text and "✅ Correct" in text
    assert "Score in notebook 04: 1 of" in text and "answered" in text


def test_quiz_cites_the_sources_behind_its_questions():
    from course_lib import citations

    citations.reset()
    cl.quiz(["nb04_src_aid", "nb04_attr_q11"])
    cited = citations.cited()
    assert "mfa_sofia_aid_2022" in cited  # the question's own source
    assert "oxford_area_studies_alieva" in cited  # the quote's sources
    citations.reset()


def test_unknown_target_is_a_message_not_an_error():
    assert "no exercise called" in repr(cl.quiz("nb04_nope"))
    assert "no exercises for notebook" in repr(cl.quiz("42"))


@pytest.mark.parametrize(
    ("kind", "widget_type", "count"),
    [
        ("choice", w.RadioButtons, 1),
        ("reflection", w.Textarea, 1),
        ("ordering", w.Dropdown, None),
        ("matching", w.Dropdown, None),
    ],
)
def test_one_widget_per_kind(kind, widget_type, count):
    q = _first(kind)
    qw = quiz_view.QuestionWidget(q)
    assert all(isinstance(i, widget_type) for i in qw.inputs)
    expected = count or len(q.items if kind == "matching" else q.options)
    assert len(qw.inputs) == expected
    assert qw.check_button.description == "Check" and qw.hint_button.description == "Hint"


@pytest.mark.parametrize("kind", ["choice", "matching", "ordering"])
def test_widget_shows_each_option_once(kind):
    """The prompt above the buttons carries no second list of the same options."""
    q = _first(kind)
    header = quiz_view.QuestionWidget(q).box.children[0].value
    assert q.prompt.split()[0] in header
    for option in q.options:
        assert option.text not in header
    assert "<li>" in feedback.question_html(q), "the static form still lists the options"
    assert q.id not in header  # no internal id above the buttons


def test_check_gives_instant_feedback_and_updates_the_score_bar():
    view = cl.quiz("04")
    assert "application/vnd.jupyter.widget-view+json" in view._repr_mimebundle_()
    qs = cl.questions("04")
    keyed = len([q for q in qs if q.checkable])
    score_bar = view.widget.children[-1]
    assert (
        f"0 of {keyed} right" in score_bar.value and f"0 of {len(qs)} answered" in score_bar.value
    )
    q = cl.question("nb04_attr_q03")
    box = view.widget.children[[x.id for x in qs].index(q.id)]
    radio, buttons, hint_area, shown = (
        box.children[1],
        box.children[2],
        box.children[3],
        box.children[4],
    )
    check, hint = buttons.children
    radio.value = next(o.id for o in q.options if o.id != ANSWERS[q.id]["answer"])
    check.click()
    assert "❌" in shown.value
    assert (
        f"0 of {keyed} right" in score_bar.value and f"1 of {len(qs)} answered" in score_bar.value
    )
    radio.value = ANSWERS[q.id]["answer"]
    check.click()
    assert "✅" in shown.value and "attempts so far: 2" in shown.value
    assert (
        f"1 of {keyed} right" in score_bar.value and f"1 of {len(qs)} answered" in score_bar.value
    )
    hint.click()
    assert "Hint 1 of 2" in hint_area.value


def test_widget_messages_show_words_not_code_or_ids():
    q = cl.question("nb04_attr_q03")
    qw = quiz_view.QuestionWidget(q)
    qw.inputs[0].value = next(o.id for o in q.options if o.id != ANSWERS[q.id]["answer"])
    qw.check_button.click()
    assert "ask for a hint" in qw.feedback.value
    matching = _first("matching")
    mw = quiz_view.QuestionWidget(matching)
    mw.inputs[0].value = matching.options[0].id
    mw.check_button.click()
    assert "still open" in mw.feedback.value
    order = _first("ordering")
    ow = quiz_view.QuestionWidget(order)
    ow.inputs[0].value = order.options[0].id
    ow.check_button.click()
    assert "still empty: 2nd" in ow.feedback.value
    for _ in range(3):
        qw.hint_button.click()
    assert "No more hints" in qw.hint_area.value
    for widget in (qw, mw, ow):
        for text in (widget.feedback.value, widget.hint_area.value):
            assert "cl." not in text and widget.q.id not in text, text
            assert not any(f"“{i.id}”" in text or f" {i.id}," in text for i in widget.q.items)


def test_matching_and_ordering_widgets_check_their_answers():
    for kind in ("matching", "ordering"):
        q = _first(kind)
        qw = quiz_view.QuestionWidget(q)
        qw.check_button.click()
        assert "No answer yet" in qw.feedback.value  # nothing chosen: unattempted
        qw.set_answer(ANSWERS[q.id]["answer"])
        qw.check_button.click()
        assert "✅" in qw.feedback.value, qw.feedback.value


def test_rerun_restores_previous_answer_and_feedback():
    q = _first("matching")
    cl.check(q.id, ANSWERS[q.id]["answer"])
    qw = quiz_view.QuestionWidget(q)
    assert [d.value for d in qw.inputs] == [ANSWERS[q.id]["answer"][i.id] for i in q.items]
    assert "Your last answer" in qw.feedback.value and "✅" in qw.feedback.value
    r = _first("reflection")
    cl.check(r.id, "My view: Baku hedged.")
    assert quiz_view.QuestionWidget(r).inputs[0].value == "My view: Baku hedged."


def test_exceptions_in_callbacks_never_escape(monkeypatch):
    qw = quiz_view.QuestionWidget(cl.question("nb04_attr_q03"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(exercises, "check", broken)
    monkeypatch.setattr(exercises, "hint", broken)
    qw.check_button.click()  # must not raise
    assert "Something went wrong" in qw.feedback.value and "RuntimeError" in qw.feedback.value
    qw.hint_button.click()
    assert "Something went wrong" in qw.feedback.value


def test_not_saved_is_shown_in_the_widget(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker / "sub"))
    q = cl.question("nb04_attr_q03")
    qw = quiz_view.QuestionWidget(q)
    qw.inputs[0].value = ANSWERS[q.id]["answer"]
    with pytest.warns(UserWarning):
        qw.check_button.click()
    assert "Not saved" in qw.feedback.value


def test_menus_are_named_by_their_place_or_item():
    """Each dropdown carries its own accessible name (axe's select-name), no separate label."""
    order = quiz_view.QuestionWidget(_first("ordering"))
    assert [d.description for d in order.inputs][:3] == ["1st", "2nd", "3rd"]
    matching = _first("matching")
    menus = quiz_view.QuestionWidget(matching).inputs
    rows = quiz_view.QuestionWidget(matching).answer_widget.children
    for n, (item, menu) in enumerate(zip(matching.items, menus, strict=True)):
        assert menu.description_allow_html and html.escape(item.text) in menu.description
        assert "clip:" in menu.description  # named for screen readers, shown once, above
        above, below = rows[2 * n : 2 * n + 2]
        assert above.value == f"<b>{html.escape(item.text)}</b>" and isinstance(below, w.Dropdown)


def test_every_question_box_carries_the_keyboard_hook():
    view = cl.quiz("04")
    boxes = view.widget.children[:-1]
    assert len(boxes) == len(cl.questions("04"))
    for box in boxes:
        assert quiz_view.QUESTION_CLASS in box._dom_classes
        assert box.children[0].value.endswith(quiz_view.KEYBOARD_HOOK)
    from html.parser import HTMLParser

    tags = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, dict(attrs)))
    parser.feed(quiz_view.KEYBOARD_HOOK)
    ((tag, attrs),) = tags  # one hidden image, nothing else
    assert tag == "img" and attrs["alt"] == "" and "hidden" in attrs
    assert "data-lm-suppress-shortcuts" in attrs["onerror"]
    assert "input[type=radio], select" in attrs["onerror"]


def test_building_a_quiz_is_cheap_in_widgets_and_in_repeated_work(monkeypatch):
    """Layouts and styles are shared; each question's last answer is graded once."""
    from ipywidgets.widgets.widget import _instances

    calls = []
    real = exercises.previous_result
    monkeypatch.setattr(exercises, "previous_result", lambda qid: calls.append(qid) or real(qid))
    before = len(_instances)
    cl.quiz("04")
    qs = cl.questions("04")
    made = len(_instances) - before
    assert made <= 9 * len(qs), f"{made} widgets for {len(qs)} questions"
    assert sorted(calls) == sorted(q.id for q in qs)  # once each, for both forms
