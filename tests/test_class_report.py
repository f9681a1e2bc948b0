"""The class loop from the instructor's side: simulated students, each in a process and a
home of its own, answer right, wrong and partly and hand in; one hand-in is forged and one is
another student's file under a new name; ``class-report`` re-grades them all."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.colors as mcolors
import pytest

import course_lib as cl
from course_lib import cli, exercises
from course_lib.class_results import build
from course_lib.collect import collect
from course_lib.grading import Grader, KeysError, load_keys
from course_lib.style import BASE_COLOURS

REPO = Path(__file__).resolve().parent.parent
KEYS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
SIMULATE = REPO / "tests" / "support" / "simulate_student.py"
BANK = {q.id: q for q in exercises.questions()}
GRADED = [qid for qid, q in BANK.items() if q.kind != "reflection"]
REFLECTIONS = [qid for qid, q in BANK.items() if q.kind == "reflection"]
NOTEBOOKS = sorted({BANK[qid].notebook for qid in GRADED})


def right(qid: str):
    return KEYS[qid]["answer"]


def wrong(qid: str):
    q, key = BANK[qid], right(qid)
    if q.is_choice:
        return next(o.id for o in q.options if o.id != key)
    if q.kind == "ordering":
        return list(reversed(key))
    other = {i: next(o.id for o in q.options if o.id != c) for i, c in key.items()}
    return other


def partly(qid: str):
    """Half right: one matching pair wrong, two ordering events swapped (still wrong)."""
    q, key = BANK[qid], right(qid)
    if q.kind == "matching":
        first = next(iter(key))
        return {**key, first: next(o.id for o in q.options if o.id != key[first])}
    if q.kind == "ordering":
        return [key[1], key[0], *key[2:]]
    return wrong(qid)


def as_text(qid: str, answer):
    """A choice answered with the option's text instead of its letter."""
    return BANK[qid].option_text(answer) if BANK[qid].is_choice else answer


def _plans() -> dict[str, list[tuple[str, object, str]]]:
    """Student -> [(question, answer, 'right'|'wrong'), ...] in the order they answer."""
    ana = [(qid, right(qid), "right") for qid in GRADED]
    ana += [(qid, f"Ana's reflection on {qid}.", "text") for qid in REFLECTIONS]
    ben = []
    for qid in GRADED:
        nb = BANK[qid].notebook
        if nb in ("01", "02", "03"):
            ben += [(qid, wrong(qid), "wrong"), (qid, right(qid), "right")]
        elif nb == "04":
            ben.append((qid, wrong(qid), "wrong"))
        else:
            ben.append(
                (qid, partly(qid), "wrong")
                if BANK[qid].kind == "matching"
                else (qid, right(qid), "right")
            )
    cem = [
        (
            qid,
            as_text(qid, right(qid)) if i % 2 == 0 else wrong(qid),
            "right" if i % 2 == 0 else "wrong",
        )
        for i, qid in enumerate(q for q in GRADED if BANK[q].notebook == "04")
    ]
    dia = [(qid, wrong(qid), "wrong") for qid in GRADED]
    fay = [(qid, right(qid), "right") for qid in GRADED if BANK[qid].notebook in ("01", "02")]
    return {"Ana Aliyeva": ana, "Ben": ben, "Cem": cem, "Dia": dia, "fay-hub": fay}


PLANS = _plans()


def expected_final(student: str) -> dict[str, bool]:
    final = {}
    for qid, _answer, tag in PLANS[student]:
        if tag != "text":
            final[qid] = tag == "right"
    return final


def expected_score(student: str, notebook: str | None = None) -> float:
    ids = [qid for qid in GRADED if notebook is None or BANK[qid].notebook == notebook]
    final = expected_final(student)
    return sum(final.get(qid, False) for qid in ids) / len(ids)


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> Path:
    """Five students answer in parallel processes and hand in; then the forgeries."""
    root = tmp_path_factory.mktemp("class")
    exports = root / "hand-ins"
    exports.mkdir()
    procs = {}
    for student, plan in PLANS.items():
        hub = student == "fay-hub"
        slug = re.split(r"[ -]", student)[0].lower()
        target = exports / (f"{slug}.csv" if hub else f"{slug}.json")
        spec = root / f"{slug}-plan.json"
        answers = [[qid, answer] for qid, answer, _ in plan]
        spec.write_text(
            json.dumps(
                {"answers": answers, "export": str(target), "student": None if hub else student}
            )
        )
        env = {k: v for k, v in os.environ.items() if k != "JUPYTERHUB_USER"}
        env.update(
            COURSE_LIB_HOME=str(root / "homes" / slug / ".balancing_act"), PYTHONPATH=str(REPO)
        )
        if hub:
            env["JUPYTERHUB_USER"] = student
        procs[student] = subprocess.Popen(
            [sys.executable, str(SIMULATE), str(spec)],
            env=env,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for student, proc in procs.items():
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        results[student] = json.loads(out.strip().splitlines()[-1])
    (root / "statuses.json").write_text(json.dumps(results))
    # Dia edits her correct flags; Eli hands in Ana's file under his own name.
    dia = json.loads((exports / "dia.json").read_text(encoding="utf-8"))
    for attempt in dia["attempts"]:
        attempt["correct"], attempt["status"] = True, "correct"
    (exports / "dia.json").write_text(json.dumps(dia), encoding="utf-8")
    eli = json.loads((exports / "ana.json").read_text(encoding="utf-8"))
    eli["student"] = "Eli"
    (exports / "eli.json").write_text(json.dumps(eli), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report(class_folder) -> tuple[Path, str]:
    out = class_folder / "report"
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(["class-report", str(class_folder / "hand-ins"), "--out", str(out)])
    assert status == 0, err.getvalue()
    return out, err.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- the students


def test_students_checked_and_handed_in_from_their_own_homes(class_folder):
    statuses = json.loads((class_folder / "statuses.json").read_text())
    for student, plan in PLANS.items():
        seen = statuses[student]["statuses"]
        assert len(seen) == len(plan)
        for (qid, _answer, tag), (qid2, status, _correct) in zip(plan, seen, strict=True):
            assert qid == qid2
            expected = {"right": "correct", "wrong": "incorrect", "text": "recorded"}[tag]
            assert status == expected, (student, qid)
        slug = re.split(r"[ -]", student)[0].lower()
        assert (class_folder / "homes" / slug / ".balancing_act" / "progress.jsonl").is_file()
    ana = json.loads((class_folder / "hand-ins" / "ana.json").read_text(encoding="utf-8"))
    assert ana["student"] == "Ana Aliyeva" and ana["course_version"] == cl.__version__
    assert len(ana["attempts"]) == len(PLANS["Ana Aliyeva"])
    assert all(a["time"] and "answer" in a and a["status"] for a in ana["attempts"])
    ben = json.loads((class_folder / "hand-ins" / "ben.json").read_text(encoding="utf-8"))
    first = BANK[GRADED[0]]
    assert [a["answer"] for a in ben["attempts"] if a["question_id"] == first.id] == [
        wrong(first.id),
        right(first.id),
    ], "every attempt, not only the last"
    with (class_folder / "hand-ins" / "fay.csv").open(encoding="utf-8") as handle:
        fay = list(csv.DictReader(handle))
    assert {row["student"] for row in fay} == {"fay-hub"}, "named from $JUPYTERHUB_USER"


# --------------------------------------------------------------------------- re-grading


def test_gradebook_shows_true_scores_and_flags_the_forgeries(report):
    out, messages = report
    rows = {r["student"]: r for r in _rows(out / "gradebook.csv")}
    assert list(next(iter(rows.values()))) == ["student", *[f"nb{n}" for n in NOTEBOOKS], "total"]
    expected = {**{s: s for s in PLANS}, "Eli": "Ana Aliyeva"}
    assert set(rows) == set(expected)
    for student, plan_owner in expected.items():
        for nb in NOTEBOOKS:
            assert rows[student][f"nb{nb}"] == f"{expected_score(plan_owner, nb):.3f}", (
                student,
                nb,
            )
        assert rows[student]["total"] == f"{expected_score(plan_owner):.3f}"
    assert rows["Dia"]["total"] == "0.000", "edited correct flags change nothing"
    assert rows["Ana Aliyeva"]["total"] == "1.000"
    assert 0 < float(rows["Ben"]["total"]) < 1 and 0 < float(rows["Cem"]["nb04"]) < 1
    flags = _rows(out / "flags.csv")
    dia = [f["flag"] for f in flags if f["student"] == "Dia"]
    assert dia and f"{len(GRADED)} attempt(s) the file marks right are wrong" in dia[0]
    copied = [f for f in flags if "copied" in f["flag"]]
    assert {f["student"] for f in copied} == {"Eli", "Ana Aliyeva"}
    assert "eli.json (Eli)" in copied[0]["flag"] and "ana.json (Ana Aliyeva)" in copied[0]["flag"]
    assert not [f for f in flags if f["student"] in ("Ben", "Cem", "fay-hub")]
    assert "Flag: " in messages and "dia.json (Dia)" in messages


def test_questions_csv_counts_first_tries_finals_and_the_usual_wrong_answer(report):
    out, _ = report
    rows = {r["question_id"]: r for r in _rows(out / "questions.csv")}
    assert list(next(iter(rows.values()))) == [
        "question_id",
        "notebook",
        "students_answered",
        "correct_final",
        "correct_first_try",
        "top_wrong_answer",
        "top_wrong_share",
    ]
    assert set(rows) == set(BANK)
    students = {**PLANS, "Eli": PLANS["Ana Aliyeva"]}
    for qid in GRADED:
        answered = [s for s, plan in students.items() if any(p[0] == qid for p in plan)]
        finals = [expected_final(s if s != "Eli" else "Ana Aliyeva")[qid] for s in answered]
        firsts = [next(p[2] for p in students[s] if p[0] == qid) == "right" for s in answered]
        row = rows[qid]
        assert int(row["students_answered"]) == len(answered), qid
        assert int(row["correct_final"]) == sum(finals), qid
        assert int(row["correct_first_try"]) == sum(firsts), qid
    # nb04 questions: Ben and Dia wrong (the same wrong option), Cem on every other one
    q = next(qid for qid in GRADED if BANK[qid].notebook == "04" and BANK[qid].is_choice)
    assert rows[q]["top_wrong_answer"] == exercises.canonical(BANK[q].kind, wrong(q))
    wrong_count = sum(1 for s in ("Ben", "Dia", "Cem") if not expected_final(s).get(q, True))
    assert float(rows[q]["top_wrong_share"]) == pytest.approx(
        wrong_count / int(rows[q]["students_answered"]), abs=1e-3
    )
    assert (
        rows[REFLECTIONS[0]]["correct_final"] == ""
        and rows[REFLECTIONS[0]]["students_answered"] == "2"
    )


def test_lms_variants_follow_canvas_and_moodle_conventions(report):
    out, _ = report
    with (out / "gradebook_canvas.csv").open(encoding="utf-8", newline="") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[0][5:] == [f"Balancing Act {n}" for n in NOTEBOOKS] + ["Balancing Act total"]
    assert canvas[1][0] == "Points Possible"
    possible = [sum(1 for q in GRADED if BANK[q].notebook == n) for n in NOTEBOOKS]
    assert canvas[1][5:] == [str(p) for p in possible] + [str(len(GRADED))]
    ben = next(r for r in canvas if r[0] == "Ben")
    assert ben[3] == "Ben" and int(ben[-1]) == round(expected_score("Ben") * len(GRADED))
    moodle = {r["Username"]: r for r in _rows(out / "gradebook_moodle.csv")}
    assert moodle["Ana Aliyeva"]["Balancing Act total"] == "100.0"
    assert moodle["Dia"]["Balancing Act 04"] == "0.0"
    assert float(moodle["Ben"]["Balancing Act total"]) == pytest.approx(
        100 * expected_score("Ben"), abs=0.05
    )


def test_report_page_is_self_contained_and_names_the_misconceptions(report):
    out, _ = report
    page = (out / "index.html").read_text(encoding="utf-8")
    lowered = page.lower()
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered
    assert 'src="http' not in lowered and "url(http" not in lowered
    for nb in NOTEBOOKS:
        assert f'id="nb{nb}"' in page
    for qid in GRADED:
        assert f'id="{qid}"' in page
    # the most common wrong answer of a choice question, with what its feedback says
    q = BANK[next(qid for qid in GRADED if BANK[qid].notebook == "04" and BANK[qid].is_choice)]
    feedback = exercises._open(q, wrong(q.id))
    assert feedback and _escaped(feedback) in page
    # attribution: who was mistaken for whom
    attribution = next(BANK[qid] for qid in GRADED if BANK[qid].kind == "attribution")
    said_by = attribution.option_text(right(attribution.id))
    taken_for = attribution.option_text(wrong(attribution.id))
    assert f"said by {_escaped(said_by)}, attributed to {_escaped(taken_for)} (2)" in page
    # reflections listed, names hidden until shown; never in the projector part otherwise
    assert "Ana&#x27;s reflection on" in page and 'class="name"' in page
    assert "#show-names:not(:checked)" in page
    projected = page.split('id="reflections"')[0]
    for name in ("Dia", "Ben", "Cem", "Eli", "Ana Aliyeva", "fay-hub"):
        assert not re.search(rf"\b{re.escape(name)}\b", projected), name


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_anonymised_page_has_no_names(class_folder, tmp_path):
    out = tmp_path / "anon"
    assert (
        cli.main(["class-report", str(class_folder / "hand-ins"), "--out", str(out), "--anonymise"])
        == 0
    )
    page = (out / "index.html").read_text(encoding="utf-8")
    reflections = page.split('id="reflections"')[1].split("<details")[0]
    assert "reflection on" in reflections and "Ana Aliyeva" not in reflections


# --------------------------------------------------------------------------- bad input


def test_bad_input_gets_one_line_per_file_and_the_rest_goes_on(class_folder, tmp_path, capsys):
    folder = tmp_path / "mixed"
    shutil.copytree(class_folder / "hand-ins", folder)
    (folder / "broken.json").write_text('{"format": "balancing-act-ans', encoding="utf-8")
    (folder / "notes.json").write_text('{"shopping": ["milk"]}', encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "nested.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (folder / "digits.json").write_bytes(b'{"format": ' + b"7" * 5000 + b"}")
    shutil.copy(folder / "ben.json", folder / "ben (1).json")  # the same file twice
    cem = json.loads((folder / "cem.json").read_text(encoding="utf-8"))
    cem["exported"] = "2999-01-01T00:00:00+00:00"  # handed in again, later
    slip = next(a for a in cem["attempts"] if a["correct"] is False)
    later = {**slip, "answer": right(slip["question_id"]), "time": "2999-01-01T00:00:00+00:00"}
    cem["attempts"].append(later)
    (folder / "cem-again.json").write_text(json.dumps(cem), encoding="utf-8")
    old = json.loads((folder / "dia.json").read_text(encoding="utf-8"))
    old.update(student="Gus", course_version="0.0.1")
    old["attempts"] = [dict(a, time="2020-01-01T00:00:00+00:00") for a in old["attempts"][:3]]
    old["attempts"].append(
        {
            "question_id": "nb07_gone",
            "notebook": "07",
            "answer": "a",
            "correct": True,
            "time": "2020-01-01T00:00:01+00:00",
        }
    )
    (folder / "gus.json").write_text(json.dumps(old), encoding="utf-8")
    out = tmp_path / "report"
    assert (
        cli.main(["class-report", str(folder), str(tmp_path / "missing"), "--out", str(out)]) == 0
    )
    err = capsys.readouterr().err
    lines = err.splitlines()

    def one(*words: str) -> str:
        hits = [line for line in lines if all(w in line for w in words)]
        assert len(hits) == 1, (words, lines)
        return hits[0]

    one("broken.json", "not valid JSON", "skipped")
    one("notes.json", "not a Balancing Act export", "skipped")
    one("binary.json", "skipped")
    one("nested.json", "not a Balancing Act export", "nested more than", "skipped")
    digits = one("digits.json", "not a Balancing Act export", "a number too long", "skipped")
    assert "sys." not in digits, "no Python advice for a teacher"
    one("ben (1).json", "duplicate of", "ben.json")
    one("missing", "no such file or folder")
    twice = one("handed in twice", "cem-again.json")
    assert "the later one, cem-again.json, is used" in twice
    older = one("gus.json", "course version 0.0.1", "nb07_gone")
    assert "1 question(s)" in older
    rows = {r["student"]: r for r in _rows(out / "gradebook.csv")}
    assert "Gus" in rows and rows["Gus"]["total"] == "0.000"
    assert float(rows["Cem"]["nb04"]) > expected_score("Cem", "04"), "the later hand-in counts"


def test_a_hub_tree_of_home_folders_is_read_without_changing_it(class_folder, tmp_path):
    homes = tmp_path / "home"
    shutil.copytree(class_folder / "homes", homes)
    (homes / "zoe" / ".balancing_act").mkdir(parents=True)
    (homes / "zoe" / ".balancing_act" / "progress.json").write_text("{oops", encoding="utf-8")
    before = {p: p.read_bytes() for p in homes.rglob("*") if p.is_file()}
    found = collect([homes])
    assert {s.student for s in found.submissions} == {"ana", "ben", "cem", "dia", "fay"}
    assert any("zoe" in p and "no readable attempts" in p for p in found.problems)
    after = {p: p.read_bytes() for p in homes.rglob("*") if p.is_file()}
    assert after == before, "a report never writes into a student's home"
    results = build([homes])
    ben = next(s for s in results.students if s.student == "ben")
    assert results.score(ben) == pytest.approx(expected_score("Ben"))


def test_no_usable_hand_ins_is_one_clear_error(tmp_path, capsys):
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    assert cli.main(["class-report", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "no usable hand-ins" in err and "x.json" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_bad_keys_file_is_one_line_naming_it(class_folder, tmp_path, capsys):
    keys = tmp_path / "keys.json"
    keys.write_text("{ not json", encoding="utf-8")
    args = ["class-report", str(class_folder / "hand-ins"), "--out", str(tmp_path / "o")]
    assert cli.main([*args, "--keys", str(keys)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error:") and str(keys) in err and "Traceback" not in err
    with pytest.raises(KeysError, match="does not exist"):
        load_keys(tmp_path / "nowhere.json")


# --------------------------------------------------------------------------- the grader


def test_grader_reads_answers_as_the_student_side_does_and_ignores_claims():
    grader = Grader(load_keys())
    q = BANK[next(qid for qid in GRADED if BANK[qid].is_choice)]
    key = right(q.id)
    assert grader.grade(q.id, key).status == "correct"
    assert grader.grade(q.id, q.option_text(key).upper()).correct is True  # option text works
    assert grader.grade(q.id, wrong(q.id)).status == "incorrect"
    assert grader.grade(q.id, "").status == "invalid"
    assert grader.grade(q.id, "zz").status == "invalid"
    assert grader.grade(q.id, {"x": object()}).status == "invalid"
    assert grader.grade("nb99_nothing", "a").status == "unknown"
    assert grader.grade(REFLECTIONS[0], "It kept both doors open.").status == "recorded"
    assert grader.grade(REFLECTIONS[0], "idk").status == "invalid"  # as the student side says
    assert grader.misconception(q.id, wrong(q.id)) == exercises._open(q, wrong(q.id))
    order = next(qid for qid in GRADED if BANK[qid].kind == "ordering")
    assert (
        grader.grade(order, right(order)).correct and not grader.grade(order, partly(order)).correct
    )
    match = next(qid for qid in GRADED if BANK[qid].kind == "matching")
    assert not grader.grade(match, partly(match)).correct
    assert grader.misconception(match, partly(match))  # the note on the wrong pair


# --------------------------------------------------------------------------- in a notebook


def test_class_report_charts_follow_the_figure_idiom(report, class_folder):
    view = cl.class_report(class_folder / "hand-ins", notebook="04")
    assert {s.notebook for s in view.summaries()} == {"04"}
    attribution = next(qid for qid in GRADED if BANK[qid].kind == "attribution")
    figure = view.figure(attribution)
    assert isinstance(figure, cl.FigureResult)
    bars = figure.ax.patches
    q = BANK[attribution]
    assert len(bars) == len(q.options)
    labels = {t.get_text()[:2] for t in figure.ax.get_yticklabels()}
    assert labels == {f"{o.id})" for o in q.options}
    right_bars = [
        b for b in bars if mcolors.to_hex(b.get_facecolor()) == BASE_COLOURS["blue"].lower()
    ]
    wrong_bars = [
        b for b in bars if mcolors.to_hex(b.get_facecolor()) == BASE_COLOURS["vermillion"].lower()
    ]
    assert len(right_bars) == 1 and len(wrong_bars) == len(q.options) - 1
    assert all(b.get_hatch() == "//" for b in wrong_bars) and not right_bars[0].get_hatch()
    students_right = sum(expected_final(s).get(attribution, False) for s in PLANS) + 1  # Eli
    assert right_bars[0].get_width() == students_right
    assert (
        f"{q.option_text(right(attribution))}: {students_right} (right answer)" in figure.alt_text
    )
    match = next(
        qid for qid in GRADED if BANK[qid].kind == "matching" and BANK[qid].notebook == "04"
    )
    items = view.figure(match)
    assert len(items.extra["rows"]) == len(BANK[match].items)
    assert "notebook 04" in repr(view)
    small = cl.class_report(class_folder / "hand-ins", notebook="05")
    html = small._repr_html_()
    assert html.count("<img") == len(small.summaries()) == 2 and "Figure description" in html
