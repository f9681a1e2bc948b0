"""The progress store: answers survive new processes, kills mid-save, concurrent writers,
damaged files and unwritable folders; exports hold data only."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import course_lib as cl
from course_lib import exercises, progress
from course_lib.errors import CourseError

REPO = Path(__file__).resolve().parent.parent
ANSWERS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("COURSE_LIB_HOME", str(folder))
    exercises.forget_hints()
    return folder


def _attempt(qid="nb04_attr_q03", answer="a", correct=False, **extra):
    return {"question_id": qid, "notebook": "04", "answer": answer, "correct": correct, **extra}


def _run(code: str, folder: Path, wait: bool = True) -> subprocess.Popen | str:
    env = dict(os.environ, COURSE_LIB_HOME=str(folder), PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not wait:
        return proc
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return out


def _saved(folder: Path) -> list[dict]:
    data = json.loads((folder / "progress.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    return data["attempts"]


# --------------------------------------------------------------------------- basics


def test_first_save_creates_the_folder_and_file(home):
    assert not home.exists()
    assert progress.store().record(_attempt()) is True
    saved = _saved(home)
    assert len(saved) == 1 and saved[0]["question_id"] == "nb04_attr_q03"
    assert saved[0]["time"].endswith("+00:00")
    assert progress.storage_status().startswith(f"saving to {home / 'progress.json'}")
    assert "(1 answers saved)" in progress.storage_status()


def test_default_folder_is_in_the_home_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_LIB_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert progress.progress_folder() == tmp_path / ".balancing_act"


def test_progress_survives_a_new_process(home):
    code = (
        "from course_lib import progress\n"
        "for i in range(3):\n"
        "    assert progress.store().record({'question_id': f'nb04_q{i}', 'notebook': '04',"
        " 'answer': 'a', 'correct': True})\n"
    )
    _run(code, home)
    assert [a["question_id"] for a in progress.store().attempts()] == [
        "nb04_q0",
        "nb04_q1",
        "nb04_q2",
    ]
    # and a real check in this process, read back by another one
    q = "nb04_attr_q03"
    assert cl.check(q, ANSWERS[q]["answer"]).saved is True
    out = _run("import course_lib as cl\nprint(cl.score('04').correct, cl.score().answered)", home)
    assert out.split() == ["1", "1"]


# --------------------------------------------------------------------------- crashes and races


def test_a_process_killed_mid_save_leaves_a_valid_file(home):
    ready = home.parent / "ready"
    code = (
        "import time, pathlib\n"
        "from course_lib import progress\n"
        "s = progress.store()\n"
        "for i in range(2):\n"
        "    assert s.record({'question_id': f'nb04_q{i}', 'notebook': '04', 'answer': 'a',"
        " 'correct': False})\n"
        "def stall(tmp):\n"
        f"    pathlib.Path({str(ready)!r}).write_text(str(tmp))\n"
        "    time.sleep(60)\n"
        "progress._before_replace = stall\n"
        "s.record({'question_id': 'nb04_q2', 'notebook': '04', 'answer': 'b', 'correct': True})\n"
    )
    proc = _run(code, home, wait=False)
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), proc.stderr.read() if proc.poll() is not None else "never got ready"
    temp_file = Path(ready.read_text())
    assert temp_file.exists()  # the new content was written, but not yet renamed
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    saved = _saved(home)  # still valid JSON
    assert [a["question_id"] for a in saved] == ["nb04_q0", "nb04_q1"]
    # the dead process's lock is released, and saving goes on
    assert progress.store().record(_attempt("nb04_q3")) is True
    assert len(_saved(home)) == 3


def test_concurrent_writers_lose_nothing(home):
    code = (
        "import sys\n"
        "from course_lib import progress\n"
        "w = sys.argv[1] if len(sys.argv) > 1 else 'x'\n"
        "s = progress.store()\n"
        "for i in range(25):\n"
        "    assert s.record({'question_id': 'nb04_q', 'notebook': '04', 'answer': f'{W}-{i}',"
        " 'correct': True})\n"
    )
    procs = [_run(code.replace("{W}", f"w{n}"), home, wait=False) for n in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    answers = [a["answer"] for a in _saved(home)]
    assert len(answers) == 100
    assert set(answers) == {f"w{n}-{i}" for n in range(4) for i in range(25)}
    for n in range(4):  # each writer's attempts keep their order
        mine = [int(a.split("-")[1]) for a in answers if a.startswith(f"w{n}-")]
        assert mine == sorted(mine)


# --------------------------------------------------------------------------- damaged files


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"attempts": "oops"}',
        b"[1, 2, 3]",
        b'{"attempts": [{"question_id": 5}]}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_damaged_file_is_set_aside_with_a_warning(home, content):
    home.mkdir(parents=True)
    (home / "progress.json").write_bytes(content)
    with pytest.warns(progress.ProgressWarning, match="damaged"):
        assert progress.store().attempts() == []
    aside = list(home.glob("progress.corrupt-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == content  # kept, not dropped
    assert progress.store().record(_attempt()) is True
    assert len(_saved(home)) == 1


def test_damage_found_while_saving_is_set_aside_too(home):
    progress.store().record(_attempt())
    (home / "progress.json").write_text("{truncated", encoding="utf-8")
    with pytest.warns(progress.ProgressWarning, match="damaged"):
        assert progress.store().record(_attempt("nb04_q2")) is True
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q2"]
    assert len(list(home.glob("progress.corrupt-*.json"))) == 1


# --------------------------------------------------------------------------- cannot write


def test_unwritable_folder_keeps_answers_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker / "sub"))  # mkdir will fail
    q = "nb04_attr_q03"
    with pytest.warns(progress.ProgressWarning, match="NOT being saved"):
        result = cl.check(q, ANSWERS[q]["answer"])
    assert result.correct is True and result.saved is False
    assert "Not saved" in repr(result) and "Not saved" in result._repr_html_()
    assert progress.storage_status().startswith("NOT saving")
    assert len(progress.store().attempts(q)) == 1  # still counted from memory
    assert cl.score("04").correct == 1
    second = cl.check(q, ANSWERS[q]["answer"])  # same problem: no second warning
    assert second.attempts == 2 and progress.store().pending == 2


def test_full_disk_then_recovery_saves_everything(home, monkeypatch):
    progress.store().record(_attempt("nb04_q0"))

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "fsync", full)
    with pytest.warns(progress.ProgressWarning, match="No space left"):
        assert progress.store().record(_attempt("nb04_q1")) is False
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0"]  # old file intact
    assert not list(home.glob(".progress-*.tmp"))  # no temp files left behind
    assert "NOT saving" in progress.storage_status()
    monkeypatch.undo()
    monkeypatch.setenv("COURSE_LIB_HOME", str(home))
    assert progress.store().record(_attempt("nb04_q2")) is True  # retries the pending one
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0", "nb04_q1", "nb04_q2"]
    assert progress.storage_status().startswith("saving to")


# --------------------------------------------------------------------------- export and reset


def _answer_some():
    choice = "nb04_attr_q03"
    key = ANSWERS[choice]["answer"]
    wrong = next(o.id for o in cl.question(choice).options if o.id != key)
    cl.check(choice, wrong)
    cl.check(choice, key)
    order = "nb01_order_2022"
    cl.check(order, list(reversed(ANSWERS[order]["answer"])))
    cl.check("nb04_reflect_persuasive", "=HYPERLINK('http://x')")
    return choice, key, order


def test_export_json(home, tmp_path):
    choice, key, order = _answer_some()
    path = progress.export_progress(tmp_path / "out.json")  # the old export (see handin)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["columns"] == list(progress.EXPORT_COLUMNS)
    rows = {r["question_id"]: r for r in payload["rows"]}
    assert set(rows) == {choice, order, "nb04_reflect_persuasive"}
    assert rows[choice] == {
        "question_id": choice,
        "notebook": "04",
        "attempts": 2,
        "last_answer": key,
        "correct": True,
        "time": rows[choice]["time"],
    }
    assert rows[order]["correct"] is False and isinstance(rows[order]["last_answer"], list)
    assert rows[order]["notebook"] == "01"


def test_export_csv_holds_data_only(home, tmp_path):
    choice, key, order = _answer_some()
    path = progress.export_progress(str(tmp_path / "out.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(progress.EXPORT_COLUMNS)
    by_id = {r["question_id"]: r for r in rows}
    assert len(rows) == 3
    assert by_id[choice]["attempts"] == "2" and by_id[choice]["correct"] == "true"
    assert by_id[choice]["last_answer"] == key
    assert json.loads(by_id[order]["last_answer"]) == list(reversed(ANSWERS[order]["answer"]))
    # a formula typed by a student is exported as text, not as a formula
    assert by_id["nb04_reflect_persuasive"]["last_answer"].startswith("'=")
    assert by_id[choice]["time"][:4].isdigit()


def test_export_rejects_other_formats(home, tmp_path):
    with pytest.raises(CourseError, match=r"\.json or \.csv"):
        progress.export_progress(tmp_path / "out.xlsx")


def test_reset_asks_first_then_keeps_a_backup(home):
    _answer_some()
    message = cl.reset_progress()
    assert "confirm=True" in message and "4 saved answers" in message
    assert repr(message) == message  # shows as text in a notebook, not as a quoted string
    assert len(_saved(home)) == 4  # nothing changed
    done = cl.reset_progress(confirm=True)
    assert "Cleared 4 answers" in done
    assert progress.store().attempts() == [] and cl.score().answered == 0
    backups = list(home.glob("progress.reset-*.json"))
    assert len(backups) == 1 and len(json.loads(backups[0].read_text())["attempts"]) == 4
    assert "clean slate" in cl.reset_progress(confirm=True)


def test_nothing_read_from_disk_is_evaluated():
    for module in ("progress.py", "exercises.py"):
        source = (REPO / "course_lib" / module).read_text(encoding="utf-8")
        for banned in ("eval(", "exec(", "pickle", "yaml.load(", "marshal"):
            assert banned not in source, (module, banned)
