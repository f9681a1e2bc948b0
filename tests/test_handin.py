"""``cl.export_progress()``: a hand-in that names its student and holds every attempt."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

import course_lib as cl
from course_lib import handin
from course_lib.collect import read_submission
from course_lib.errors import CourseError

REPO = Path(__file__).resolve().parent.parent
KEYS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
CHOICE = "nb04_attr_q03"


@pytest.fixture(autouse=True)
def no_hub_user(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    handin._asked.clear()
    yield
    handin._asked.clear()


def _answer_a_few() -> None:
    key = KEYS[CHOICE]["answer"]
    wrong = next(o.id for o in cl.question(CHOICE).options if o.id != key)
    cl.check(CHOICE, wrong)
    cl.check(CHOICE, key)
    cl.check("nb04_reflect_persuasive", "=HYPERLINK('http://x') is what I think")


def test_export_names_the_student_and_keeps_every_attempt(tmp_path):
    _answer_a_few()
    result = cl.export_progress(tmp_path / "out.json", student="  Ayla   Mammadova ")
    payload = json.loads(Path(result).read_text(encoding="utf-8"))
    assert payload["format"] == handin.FORMAT and payload["course_version"] == cl.__version__
    assert payload["student"] == "Ayla Mammadova" and payload["student_from"] == "argument"
    assert payload["exported"][:4].isdigit()
    attempts = payload["attempts"]
    assert [a["question_id"] for a in attempts] == [CHOICE, CHOICE, "nb04_reflect_persuasive"]
    assert [a["correct"] for a in attempts[:2]] == [False, True]
    assert [a["status"] for a in attempts[:2]] == ["incorrect", "correct"]
    # a reflection is saved as correct=True today; harden's CheckResult makes it "recorded"
    assert attempts[2]["status"] in ("recorded", "correct")
    assert all(a["time"] and a["notebook"] == "04" for a in attempts)
    assert result.answers == 3 and result.questions == 2 and result.student == "Ayla Mammadova"
    assert "Saved 3 answers to 2 questions for Ayla Mammadova" in repr(result)
    assert os.fspath(result) == str(tmp_path / "out.json")


def test_the_name_comes_from_jupyterhub_when_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "jupyter-ayla")
    monkeypatch.chdir(tmp_path)
    _answer_a_few()
    result = cl.export_progress()
    assert result.path == Path("balancing_act_jupyter-ayla.json")
    payload = json.loads((tmp_path / result.path).read_text(encoding="utf-8"))
    assert payload["student"] == "jupyter-ayla" and payload["student_from"] == "JUPYTERHUB_USER"


class _FakeKernelShell:
    kernel = object()  # what an ipykernel shell has and a plain Python has not


def test_in_a_notebook_it_asks_once(tmp_path, monkeypatch):
    import IPython

    typed = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: _FakeKernelShell())
    monkeypatch.setattr("builtins.input", lambda prompt: typed.append(prompt) or " Ayla  M ")
    first = cl.export_progress(tmp_path / "a.json")
    second = cl.export_progress(tmp_path / "b.json")
    assert first.student == second.student == "Ayla M"
    assert len(typed) == 1 and "name" in typed[0]


def test_where_nobody_can_answer_it_never_waits(tmp_path, monkeypatch):
    """Under nbclient input() raises at once; in a plain script without a terminal it is
    not even called. Either way: one clear message, no file."""
    import IPython
    from IPython.core.error import StdinNotImplementedError

    def no_stdin(prompt):
        raise StdinNotImplementedError(
            "raw_input was called, but this frontend does not support input requests."
        )

    monkeypatch.setattr(IPython, "get_ipython", lambda: _FakeKernelShell())
    monkeypatch.setattr("builtins.input", no_stdin)
    with pytest.raises(handin.NameNeeded) as caught:
        cl.export_progress(tmp_path / "a.json")
    assert 'cl.export_progress(student="Your Name")' in caught.value.friendly()
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)

    def must_not_ask(prompt):
        raise AssertionError("input() called without a terminal")

    monkeypatch.setattr("builtins.input", must_not_ask)
    with pytest.raises(handin.NameNeeded):
        cl.export_progress(tmp_path / "b.json")
    with pytest.raises(handin.NameNeeded, match="blank"):
        cl.export_progress(tmp_path / "c.json", student="   ")
    assert not list(tmp_path.iterdir())


def test_csv_hand_in_is_data_only_and_reads_back_the_same(tmp_path):
    _answer_a_few()
    json_in = read_submission(Path(cl.export_progress(tmp_path / "a.json", student="=Evil")))
    path = Path(cl.export_progress(tmp_path / "a.csv", student="=Evil"))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(handin.CSV_COLUMNS)
    assert {r["student"] for r in rows} == {"'=Evil"}, "a name is never a formula"
    assert all(r["answer"][:1] in ('"', "[", "{") for r in rows), "answers are JSON, not formulas"
    csv_in = read_submission(path)
    assert csv_in.student == json_in.student == "=Evil"
    assert csv_in.attempts == json_in.attempts
    assert csv_in.course_version == cl.__version__


def test_exam_attempts_are_exported_as_recorded(tmp_path):
    store = handin.progress.store()
    store.record(
        {
            "question_id": "nb05_flights",
            "notebook": "05",
            "answer": "b",
            "correct": None,
            "status": "recorded",
        }
    )
    store.record({"question_id": CHOICE, "notebook": "04", "answer": "a", "correct": False})
    payload = json.loads(Path(cl.export_progress(tmp_path / "x.json", student="A")).read_text())
    assert [(a["status"], a["correct"]) for a in payload["attempts"]] == [
        ("recorded", None),
        ("incorrect", False),
    ]


def test_other_formats_are_refused(tmp_path):
    with pytest.raises(CourseError, match=r"\.json or \.csv"):
        cl.export_progress(tmp_path / "out.xlsx", student="A")


def test_old_attempts_without_status_get_one():
    assert handin.attempt_status({"correct": True}) == "correct"
    assert handin.attempt_status({"correct": False}) == "incorrect"
    assert handin.attempt_status({"correct": None}) == "recorded"
    assert handin.attempt_status({"correct": True, "status": "recorded"}) == "recorded"
