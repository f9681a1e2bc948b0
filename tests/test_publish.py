"""``publish-student``: the student repository, with notebook 05 published as an exam.

The copy is built once per session. It must hold no teaching notes, tags, attachments,
outputs, tests, tools or answer files, and no key material for the exam questions; its
notebooks run with its own ``course_lib``; its requirements resolve offline; students who
answer in it are graded right by the instructor's keys."""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml
from notebook_runner import errors, execute, shows_figure

import course_lib as cl
from course_lib import cli, exercises, links
from course_lib.class_results import build
from course_lib.errors import CourseError
from course_lib.publish import (
    MARKER,
    _prepare,
    audit,
    key_material,
    publish_student,
    student_copy,
)

REPO = Path(__file__).resolve().parent.parent
KEYS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
STUDENT_REPO = "school-of-ir/balancing-act-student"
SIMULATE = REPO / "tests" / "support" / "simulate_student.py"
INSTRUCTOR_BANK = exercises.load_bank(REPO / "data" / "exercises")
EXAM = [qid for qid, q in INSTRUCTOR_BANK.items() if q.notebook == "05"]
SOURCE_NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
PROBE = """
import course_lib
print("LIB", course_lib.__file__)
exam = cl.check("nb05_flights", "b")
print("EXAM", exam.status, exam.correct)
try:
    cl.export_progress()
except cl.CourseError as problem:
    print("NO NAME", type(problem).__name__)
"""


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts]


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "balancing-act-student"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        status = cli.main(["publish-student", str(out), "--exam", "05", "--repo", STUDENT_REPO])
    assert status == 0
    assert f"Published {len(SOURCE_NOTEBOOKS)} notebooks" in stdout.getvalue()
    assert "05_the_balancing_act.ipynb has exam questions" in stdout.getvalue()
    return out


def _student_env(out: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_LIB_DATA", "JUPYTERHUB_USER")}
    env.update(PYTHONPATH=str(out), COURSE_LIB_HOME=str(home))
    return env


@pytest.fixture(scope="session")
def published_runs(published, tmp_path_factory) -> dict[str, tuple]:
    """Every published notebook, top to bottom in a fresh kernel whose ``course_lib`` is the
    copy's (two kernels at a time). Notebook 05 gets a probe appended: an exam check and a
    hand-in without a name."""
    root = tmp_path_factory.mktemp("published-runs")
    jobs = {}
    for path in sorted((published / "notebooks").glob("*.ipynb")):
        if path.name.startswith("05"):
            nb = nbformat.read(path, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(PROBE))
            probe = root / f"probe-{path.name}"
            nbformat.write(nb, probe)
            path = probe
        work = root / path.stem
        work.mkdir()
        jobs[path.stem.removeprefix("probe-")] = (path, work)

    def run(job: tuple[Path, Path]) -> tuple:
        path, work = job
        env = {"PYTHONPATH": str(published), "JUPYTERHUB_USER": ""}
        for attempt in range(2):  # one retry for a kernel that dies while starting
            try:
                return execute(path, work / f"try{attempt}", timeout=240, **env)
            except RuntimeError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    for _, work in jobs.values():
        (work / "try0").mkdir()
        (work / "try1").mkdir()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(jobs, pool.map(run, jobs.values()), strict=True))
    return results


# --------------------------------------------------------------------------- what is in it


def test_the_copy_has_the_course_and_nothing_of_the_instructors(published):
    for needed in (
        "course_lib/__init__.py",
        "data/timeline.csv",
        "requirements.txt",
        "pyproject.toml",
        "runtime.txt",
        "README.md",
        "LICENSE",
        MARKER,
    ):
        assert (published / needed).is_file(), needed
    for absent in ("tests", "tools", "benchmarks", ".ci"):
        assert not (published / absent).exists(), absent
    names = {p.name for p in _files(published)}
    assert "exercise_answers.json" not in names
    assert not [p for p in _files(published) if p.suffix == ".pyc"]
    marker = json.loads((published / MARKER).read_text())
    assert marker["exam_questions"] == EXAM and marker["repo"] == STUDENT_REPO
    assert audit(published, EXAM, INSTRUCTOR_BANK) == []


def test_notebooks_have_no_instructor_cells_tags_attachments_or_outputs(published):
    for source in SOURCE_NOTEBOOKS:
        original = nbformat.read(source, as_version=4)
        copy = nbformat.read(published / "notebooks" / source.name, as_version=4)
        # In a notebook with exam questions its worked answers (tag "answer") go too.
        gone = {"instructor", "answer"} if source.name.startswith("05") else {"instructor"}
        teaching = [c for c in original.cells if gone & set(c.metadata.get("tags", []))]
        assert len(copy.cells) == len(original.cells) - len(teaching)
        texts = {c.source for c in copy.cells}
        assert not [c for c in teaching if c.source in texts]
        for cell in copy.cells:
            assert "tags" not in cell.metadata and "attachments" not in cell
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert copy.metadata["course"] == original.metadata["course"]
    assert any(
        "instructor" in c.metadata.get("tags", [])
        for nb in SOURCE_NOTEBOOKS
        for c in nbformat.read(nb, as_version=4).cells
    ), "the check above must bite"


def test_the_student_build_drops_attachments_and_tags_and_repoints_pip():
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("![x](attachment:x.png)")
    md["attachments"] = {"x.png": {"image/png": "iVBORw0KGgo="}}
    md.metadata["tags"] = ["hide-input"]
    note = nbformat.v4.new_markdown_cell("Model answer")
    note.metadata["tags"] = ["instructor"]
    setup = nbformat.v4.new_code_cell(
        'if x:\n    %pip install --quiet "balancing-act @ git+https://github.com/a/b.git"\nimport y'
    )
    nb.cells = [md, note, setup]
    worked = nbformat.v4.new_markdown_cell("The course reads move 3 as a hedge.")
    worked.metadata["tags"] = ["answer"]
    nb.cells.append(worked)
    exam, _ = student_copy(nb, "me/copy", exam=True)
    assert worked.source not in [c.source for c in exam.cells] and len(exam.cells) == 2
    out, removed = student_copy(nb, "me/copy")
    assert removed == 1 and len(out.cells) == 3 and "tags" not in out.cells[2].metadata
    nb.cells.pop()
    assert "attachments" not in out.cells[0] and "tags" not in out.cells[0].metadata
    assert f'"{links.pip_requirement("me/copy")}"' in out.cells[1].source
    assert "a/b.git" not in out.cells[1].source and "attachments" in md


def test_colab_set_up_cells_install_the_student_copy(published):
    requirement = links.pip_requirement(STUDENT_REPO)
    for path in sorted((published / "notebooks").glob("*.ipynb")):
        setup = [c.source for c in nbformat.read(path, as_version=4).cells if "%pip" in c.source]
        assert setup and all(f'"{requirement}"' in s for s in setup), path.name
        assert "balancing-act/balancing-act.git" not in path.read_text(encoding="utf-8")


def _instructor_secrets() -> dict[str, str]:
    """Every string in the instructor's banks and keys that would reveal an exam answer."""
    content = yaml.safe_load((REPO / "data" / "exercises" / "05_balancing.yaml").read_text())
    found: dict[str, str] = {}
    for entry in content["questions"]:
        if entry["id"] not in EXAM:
            continue
        seal = entry["seal"]
        found[seal["salt"]] = f"{entry['id']} salt"
        found[seal["key"]] = f"{entry['id']} key hash"
        for digest in seal.get("positions", []) + seal.get("pairs", []):
            found[digest] = f"{entry['id']} per-item hash"
        for label, blob in seal.get("feedback", {}).items():
            found[blob] = f"{entry['id']} sealed feedback"
            found[exercises.unseal(seal["salt"], label, blob)] = f"{entry['id']} feedback text"
        if "explanation" in seal:
            found[seal["explanation"]] = f"{entry['id']} sealed explanation"
            plain = exercises.unseal(seal["salt"], "explanation", seal["explanation"])
            found[plain] = f"{entry['id']} explanation text"
        key = KEYS[entry["id"]]
        if key["kind"] in ("matching", "ordering"):
            found[exercises.canonical(key["kind"], key["answer"])] = f"{entry['id']} plain answer"
            found[json.dumps(key["answer"])] = f"{entry['id']} plain answer (JSON)"
            if key["kind"] == "matching":
                for item, choice in key["answer"].items():
                    found[f'"{item}": "{choice}"'] = f"{entry['id']} plain answer pair"
    return found


def test_no_key_material_for_the_exam_questions(published):
    secrets = _instructor_secrets()
    assert len(secrets) > 20
    instructor_text = (REPO / "data" / "exercises" / "05_balancing.yaml").read_text()
    assert any(s in instructor_text for s in secrets), "the scan finds them where they are"
    assert any(s in (REPO / "tests" / "exercise_answers.json").read_text() for s in secrets)
    leaks = []
    for path in _files(published):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = path.read_bytes().decode("latin-1")
        leaks += [
            f"{path.relative_to(published)}: {what}" for s, what in secrets.items() if s in text
        ]
    assert leaks == []
    bank = yaml.safe_load((published / "data" / "exercises" / "05_balancing.yaml").read_text())
    for entry in bank["questions"]:
        assert entry["exam"] is True and "seal" not in entry
    other = yaml.safe_load((published / "data" / "exercises" / "04_voices.yaml").read_text())
    assert all("seal" in e and "exam" not in e for e in other["questions"]), "others unchanged"
    # the copy's own audit catches what this scan catches
    planted = published / "data" / "planted.txt"
    planted.write_text(next(iter(secrets)), encoding="utf-8")
    try:
        assert audit(published, EXAM, INSTRUCTOR_BANK)
        assert key_material(INSTRUCTOR_BANK[EXAM[0]])
    finally:
        planted.unlink()


@pytest.fixture
def published_data(published, monkeypatch):
    monkeypatch.setenv("COURSE_LIB_DATA", str(published / "data"))
    exercises.reload()
    yield published / "data"
    exercises.reload()


def test_exam_questions_record_and_never_say_right_or_wrong(published_data):
    for qid in EXAM:
        q = cl.question(qid)
        assert q.exam
        key = KEYS[qid]["answer"]
        if q.is_choice:
            answers = [o.id for o in q.options]
        elif q.kind == "matching":
            answers = [key, {i: q.options[0].id for i in key}]
        else:
            answers = [key, list(reversed(key))]
        feedbacks = set()
        for answer in answers:
            result = cl.check(qid, answer)
            assert result.status == "recorded" and result.correct is None, (qid, answer)
            assert "instructor will mark" in result.feedback
            assert not re.search(r"\b(Correct|Not quite|Not yet|right|wrong)\b", repr(result))
            feedbacks.add(result.feedback)
        assert len(feedbacks) == 1, "the same words for every answer: nothing to probe"
        saved = cl.progress.store().attempts(qid)
        assert len(saved) == len(answers)
        assert all(a["status"] == "recorded" and a["correct"] is None for a in saved)
        assert cl.check(qid, "").status == "unattempted"
    score = cl.score("05")
    assert (score.to_mark, score.exams, score.checkable, score.correct) == (
        len(EXAM),
        score.total,
        0,
        0,
    )
    assert "exam answers recorded, to be marked by your instructor" in repr(score)
    assert " right" not in repr(score), "nothing in an exam notebook is right or wrong here"
    assert cl.score().to_mark == len(EXAM)
    text = repr(cl.quiz("05"))
    assert "Your last answer" in text and "instructor will mark" in text and "Correct" not in text
    other = "nb04_attr_q03"
    assert cl.check(other, KEYS[other]["answer"]).status == "correct", "others keep feedback"


def test_requirements_install_offline_and_the_package_builds(published, tmp_path):
    """Proved without a download: every pinned requirement of the copy resolves against this
    environment (built from the instructor's pins) with the index switched off, and the copy
    builds as a wheel with no network (what Colab's ``pip install git+…`` does) carrying the
    stripped banks. ``-e .`` itself needs ``editables`` from an index when built isolated, as
    Binder does online."""
    requirements = (published / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [r for r in requirements if r.strip() and not r.startswith(("#", "-e"))]
    assert requirements[-1] == "-e ."
    names = {re.split("==", p)[0].lower().replace("_", "-") for p in pins}
    assert not names & {"pytest", "playwright", "ruff", "pytest-xdist", "colorspacious"}
    import tomllib

    runtime = tomllib.loads((published / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {re.split(r"[<>=]", d)[0].lower().replace("_", "-") for d in runtime} <= names
    assert all("==" in p for p in pins)
    only_pins = tmp_path / "pins.txt"
    only_pins.write_text("\n".join(pins) + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"}
    env["PIP_NO_INDEX"] = "1"
    dry = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "-r", str(only_pins)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=published,
    )
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "Would install" not in dry.stdout, dry.stdout
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("building the wheel offline needs hatchling (requirements.txt pins it)")
    wheel_dir = tmp_path / "wheel"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "-w",
            str(wheel_dir),
            str(published),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheel_dir.glob("balancing_act-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert "course_lib/_data/exercises/05_balancing.yaml" in names
    assert not [n for n in names if n.startswith("tests/") or n.endswith("exercise_answers.json")]
    shipped = yaml.safe_load(archive.read("course_lib/_data/exercises/05_balancing.yaml"))
    assert all(e["exam"] and "seal" not in e for e in shipped["questions"])
    assert (published / "runtime.txt").read_text().strip().startswith("python-3.")


def test_student_readme_links_are_the_copys_own(published):
    readme = (published / "README.md").read_text(encoding="utf-8")
    for path in SOURCE_NOTEBOOKS:
        assert links.binder_url(path.name, STUDENT_REPO) in readme
        assert links.colab_url(path.name, STUDENT_REPO) in readme
    assert links.nbgitpuller_url(SOURCE_NOTEBOOKS[0].name, repo=STUDENT_REPO) in readme
    assert links.git_url(STUDENT_REPO) in readme and "cl.export_progress()" in readme
    assert "Exam questions" in readme and "notebook 05" in readme
    assert "balancing-act/balancing-act/" not in readme
    assert "balancing-act/balancing-act.git" not in readme


def test_instructor_readme_launches_only_the_student_copy():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = "00_start_here.ipynb"
    for link in (
        links.binder_url(first),
        links.colab_url(first),
        links.nbgitpuller_url(first),
        links.pip_requirement(),
    ):
        assert link in readme, link
    assert readme.index(links.binder_url(first)) < readme.index("## Notebooks"), "the badge"
    instructor = "balancing-act/balancing-act"
    for pattern in (
        f"mybinder.org/v2/gh/{instructor}/",
        f"colab.research.google.com/github/{instructor}/",
        f"github.com/{instructor}.git",
        "github.com%2Fbalancing-act%2Fbalancing-act&",
    ):
        assert pattern not in readme, pattern


# --------------------------------------------------------------------------- it runs


@pytest.mark.slow
@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=[p.stem for p in SOURCE_NOTEBOOKS])
def test_every_published_notebook_runs_with_the_copys_library(published_runs, published, path):
    nb, seconds = published_runs[path.stem]
    assert errors(nb) == [], path.name
    assert shows_figure(nb), path.name
    print(f"{path.name} (published): {seconds:.1f} s")


@pytest.mark.slow
def test_in_a_published_notebook_exam_checks_record_and_hand_in_asks_for_a_name(
    published_runs, published
):
    nb, _ = published_runs["05_the_balancing_act"]
    printed = "".join(
        out.get("text", "") for out in nb.cells[-1].outputs if out.get("output_type") == "stream"
    )
    assert f"LIB {published / 'course_lib' / '__init__.py'}" in printed
    assert "EXAM recorded None" in printed
    assert "NO NAME NameNeeded" in printed, "no stdin under nbclient: a message, never a wait"


@pytest.mark.slow
def test_answers_given_in_the_copy_are_graded_right_by_the_instructors_keys(published, tmp_path):
    exports = tmp_path / "hand-ins"
    exports.mkdir()
    flights, moves = "nb05_flights", "nb05_match_moves"
    q = INSTRUCTOR_BANK[moves]
    plans = {
        "Right": [[flights, KEYS[flights]["answer"]], [moves, KEYS[moves]["answer"]]],
        "Wrong": [
            [
                flights,
                next(
                    o.id
                    for o in INSTRUCTOR_BANK[flights].options
                    if o.id != KEYS[flights]["answer"]
                ),
            ],
            [moves, {i.id: q.options[0].id for i in q.items}],
            ["nb04_attr_q03", KEYS["nb04_attr_q03"]["answer"]],
        ],
    }
    procs = {}
    for name, answers in plans.items():
        spec = tmp_path / f"{name}.json"
        spec.write_text(
            json.dumps(
                {"answers": answers, "export": str(exports / f"{name}.json"), "student": name}
            )
        )
        procs[name] = subprocess.Popen(
            [sys.executable, str(SIMULATE), str(spec)],
            cwd=tmp_path,
            text=True,
            env=_student_env(published, tmp_path / f"home-{name}"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        statuses = {qid: (s, c) for qid, s, c in json.loads(out.splitlines()[-1])["statuses"]}
        assert statuses[flights] == ("recorded", None) and statuses[moves] == ("recorded", None)
        if name == "Wrong":
            assert statuses["nb04_attr_q03"] == ("correct", True), "instant feedback stays"
    results = build([exports])
    students = {s.student: s for s in results.students}
    assert results.score(students["Right"], "05") == 1.0
    assert results.score(students["Wrong"], "05") == 0.0
    assert students["Wrong"].final[moves].status == "incorrect"
    assert results.flags == [], "recorded answers claim nothing"


# --------------------------------------------------------------------------- safety


def test_republishing_replaces_the_copy_and_keeps_its_git(published, tmp_path):
    out = tmp_path / "copy"
    publish_student(out, repo=STUDENT_REPO)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "stale.txt").write_text("old")
    again = publish_student(out, exam="nb04_attr_q03", repo=STUDENT_REPO)
    assert again.exam == ["nb04_attr_q03"]
    assert (out / ".git" / "HEAD").is_file() and not (out / "stale.txt").exists()
    bank = yaml.safe_load((out / "data" / "exercises" / "04_voices.yaml").read_text())
    exam = [e for e in bank["questions"] if e.get("exam")]
    assert [e["id"] for e in exam] == ["nb04_attr_q03"] and "seal" not in exam[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--exam", "nb04_atr_q03"], "there is no question 'nb04_atr_q03'. Did you mean"),
        (["--exam", "00"], "notebook 00 has no questions"),
        (["--repo", "not a repo"], "owner/name"),
    ],
)
def test_bad_publish_requests_get_one_line(tmp_path, capsys, args, message):
    assert cli.main(["publish-student", str(tmp_path / "out"), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_it_never_writes_over_the_course_or_a_stranger_folder(tmp_path, capsys):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    assert cli.main(["publish-student", str(foreign)]) == 1
    assert "not a student copy" in capsys.readouterr().err
    assert (foreign / "thesis.docx").read_text() == "precious"
    assert cli.main(["publish-student", str(REPO / "notebooks" / "student")]) == 1
    assert "inside the course's notebooks/" in capsys.readouterr().err
    assert not (REPO / "notebooks" / "student").exists()
    source = tmp_path / "course"
    (source / "notebooks").mkdir(parents=True)
    for target, why in ((source, "holds the course"), (tmp_path, "holds the course")):
        with pytest.raises(CourseError, match=why):
            _prepare(target, source)
    assert (source / "notebooks").is_dir()
