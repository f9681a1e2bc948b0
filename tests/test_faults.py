"""Cross-cutting faults: what students and hosted services do to a course.

Module-level faults live with their modules (test_data: malformed data files; test_progress:
corrupted, read-only and full-disk progress files). Here: real kernels killed mid-save and
answering at the same time, cells skipped, and nothing from disk ever executed.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, REPO, kernel_env, make_ipython_dir
from jupyter_client.manager import start_new_kernel
from notebook_runner import errors, execute


def _kernel(tmp_path: Path, home: Path):
    ipython = make_ipython_dir(tmp_path / f"ipython-{time.monotonic_ns()}")
    return start_new_kernel(kernel_name="python3", env=kernel_env(home, ipython), cwd=str(tmp_path))


def _run(kc, code: str, timeout: float = 60) -> dict:
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    return reply["content"]


def _choice_questions():
    import course_lib as cl

    return [q for q in cl.questions("04") if q.options and q.kind not in ("ordering", "matching")]


def _saved_attempts(home: Path) -> list[dict]:
    """Every line of the progress journal; each must be one whole JSON record."""
    raw = (home / "progress.jsonl").read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "the file ends inside a record"
    return [json.loads(line) for line in raw.splitlines()]


def test_two_kernels_answering_at_once_lose_nothing(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    qs = _choice_questions()[:2]
    kernels = [_kernel(tmp_path, home) for _ in range(2)]
    try:
        codes = [
            "import course_lib as cl\n"
            f"answers = {[o.id for o in q.options]!r}\n"
            f"for i in range(20):\n    cl.check({q.id!r}, answers[i % len(answers)])"
            for q in qs
        ]
        for (_, kc), code in zip(kernels, codes, strict=True):
            kc.execute(code)  # both kernels start writing before either finishes
        for _, kc in kernels:
            _run(kc, "None")  # waits until the loop above has finished
    finally:
        for km, kc in kernels:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    attempts = _saved_attempts(home)
    assert len(attempts) == 40
    assert {a["question_id"] for a in attempts} == {q.id for q in qs}


def test_kernel_killed_in_the_middle_of_a_save_keeps_earlier_answers(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    q = _choice_questions()[0]
    km, kc = _kernel(tmp_path, home)
    try:
        first = _run(kc, f"import course_lib as cl\ncl.check({q.id!r}, {q.options[0].id!r})")
        assert first["status"] == "ok"
        # The next save pauses with half its line written; the kernel is killed there.
        kc.execute(
            "import time\nfrom course_lib import progress_store\n"
            "progress_store._mid_append = lambda path: time.sleep(30)\n"
            f"cl.check({q.id!r}, {q.options[-1].id!r})"
        )
        journal = home / "progress.jsonl"
        deadline = time.monotonic() + 30
        while journal.read_bytes().endswith(b"\n"):
            if time.monotonic() > deadline:
                pytest.fail("the save never started writing its line")
            time.sleep(0.05)
        os.kill(km.provisioner.process.pid, signal.SIGKILL)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    # The next kernel sees the first answer only, and its first save removes the half line.
    km, kc = _kernel(tmp_path, home)
    try:
        code = (
            f"import course_lib as cl\nassert cl.check({q.id!r}, {q.options[0].id!r}).attempts == 2"
        )
        reply = _run(kc, code)
        assert reply["status"] == "ok", reply
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    attempts = _saved_attempts(home)
    assert [a["answer"] for a in attempts] == [q.options[0].id, q.options[0].id]


# A writer that saves in a loop and prints what it was told was saved. Every other save is a
# restore, which rewrites the whole file (temp file + rename); the others append a line.
SAVER = r"""
import json, sys
from pathlib import Path
from course_lib import progress

name, scratch = sys.argv[1], Path(sys.argv[2])
store = progress.store()
print("ready", flush=True)
for i in range(1_000_000):
    answer = f"{name}-{i}"
    attempt = {"question_id": "nb04_attr_q03", "notebook": "04", "answer": answer,
               "correct": i % 2 == 0}
    if name.startswith("k") and i % 2 == 1:
        attempt["time"] = "2025-01-01T00:00:00+00:00"
        extra = scratch / f"{answer}.jsonl"
        extra.write_text(json.dumps(attempt) + "\n")
        assert store.restore(extra).added == 1
    elif not store.record(attempt):
        continue
    print(answer, flush=True)
"""


def _start_saver(name: str, home: Path, scratch: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVER, name, str(scratch)],
        env=dict(os.environ, COURSE_LIB_HOME=str(home), PYTHONPATH=str(REPO)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline() == b"ready\n", proc.stderr.read()
    return proc


def _reported(proc: subprocess.Popen) -> set[str]:
    """What a killed writer had printed as saved (whole lines only)."""
    out = proc.stdout.read()
    lines = out.split(b"\n")[:-1]  # the piece after the last newline is not a whole line
    return {line.decode() for line in lines}


@pytest.mark.slow
def test_random_kills_during_saves_lose_nothing_reported_saved(tmp_path):
    """SIGKILL at random moments, many times, while a second writer saves all along: every
    answer a writer was told was saved is there, and the next open leaves no temp file."""
    from course_lib import progress

    home, scratch = tmp_path / "home", tmp_path / "scratch"
    scratch.mkdir()
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    steady = _start_saver("steady", home, scratch)  # never killed until the end
    reported: set[str] = set()
    mid_line = orphans = 0
    try:
        for round_ in range(16):
            victim = _start_saver(f"k{round_}", home, scratch)
            time.sleep(rng.uniform(0.02, 0.5))
            victim.kill()
            victim.wait(timeout=10)
            reported |= _reported(victim)
            orphans += bool(list(home.glob(".progress-*.tmp")))
            mid_line += not (home / "progress.jsonl").read_bytes().endswith(b"\n")
            opened = progress.ProgressStore(home)  # the next kernel to open the folder
            answers = {a["answer"] for a in opened.attempts()}
            missing = {r for r in reported if not r.startswith("steady")} - answers
            assert not missing, f"seed {seed}: lost {sorted(missing)[:5]}"
            assert not list(home.glob(".progress-*.tmp")), f"seed {seed}: temp file left"
    finally:
        steady.kill()
        steady.wait(timeout=10)
    reported |= _reported(steady)
    opened = progress.ProgressStore(home)
    assert opened.record(
        {"question_id": "nb04_q", "notebook": "04", "answer": "last", "correct": None}
    )
    saved = [a["answer"] for a in _saved_attempts(home)]  # every line whole again
    assert reported <= set(saved), f"seed {seed}: lost {sorted(reported - set(saved))[:5]}"
    assert len(saved) == len(set(saved)), f"seed {seed}: an answer was saved twice"
    assert not list(home.glob("progress.damaged-*")), "a killed save is not damage"
    print(
        f"seed {seed}: {len(reported)} saves reported, killed mid-line {mid_line} times, "
        f"mid-rewrite {orphans} times"
    )


def test_a_restarted_kernel_sees_earlier_answers(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    q = _choice_questions()[0]
    for expected in (1, 2):
        km, kc = _kernel(tmp_path, home)
        printed: list[str] = []
        try:
            code = (
                f"import course_lib as cl\nprint(cl.check({q.id!r}, {q.options[0].id!r}).attempts)"
            )
            reply = kc.execute_interactive(
                code, timeout=60, output_hook=functools.partial(_capture, into=printed)
            )
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        assert reply["content"]["status"] == "ok"
        assert printed[-1] == str(expected)


def _capture(msg: dict, into: list) -> None:
    if msg["msg_type"] == "stream":
        into.extend(msg["content"]["text"].split())


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_skipping_any_content_cell_breaks_nothing_else(path, tmp_path):
    """Cells are self-contained: skipping one (here: every other content cell) raises nothing."""
    nb = nbformat.read(path, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    setup = code[0]
    keep = [i for n, i in enumerate(code) if i == setup or n % 2 == 0]
    nb.cells = [c for i, c in enumerate(nb.cells) if c.cell_type != "code" or i in keep]
    copy = tmp_path / path.name
    nbformat.write(nb, copy)
    executed, _ = execute(copy, tmp_path)
    assert errors(executed) == []


# ---------------------------------------------------------------- nothing executed from disk

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


def test_no_code_is_executed_from_data_or_progress_files():
    """One walk over every library module (ruff's S102/S301/S307/S506 say much the same in
    the editor; this also catches __import__, compile and the other pickle-like modules)."""
    found = []
    for path in sorted((REPO / "course_lib").rglob("*.py")):
        where = path.relative_to(REPO)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.func if isinstance(node, ast.Call) else None
            if isinstance(call, ast.Name) and call.id in FORBIDDEN_CALLS:
                found.append(f"{where}:{node.lineno} calls {call.id}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"load", "load_all", "unsafe_load", "full_load"}
                and getattr(node.func.value, "id", "") == "yaml"
            ):
                found.append(f"{where}:{node.lineno} uses yaml.{node.func.attr}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = {a.name.split(".")[0] for a in node.names}
                if isinstance(node, ast.ImportFrom) and node.module:
                    names.add(node.module.split(".")[0])
                if names & FORBIDDEN_MODULES:
                    found.append(f"{where}:{node.lineno} imports {names & FORBIDDEN_MODULES}")
    assert found == []


def test_exported_progress_is_only_data(tmp_path):
    import csv

    import course_lib as cl

    q = _choice_questions()[0]
    reflection = next(x for x in cl.questions("04") if x.kind == "reflection")
    formula = '=HYPERLINK("http://example.org", "see my answer")'
    assert cl.check(reflection.id, formula).status == "recorded"  # typed text is kept
    cl.check(q.id, q.options[0].id)
    out = cl.export_progress(tmp_path / "answers.json", student="Ayla")
    payload = json.loads(Path(out).read_text(encoding="utf-8"))
    flat = json.dumps(payload)
    assert "<script" not in flat and "__" not in flat
    assert payload["attempts"] and payload["student"] == "Ayla"
    assert {row["question_id"] for row in payload["attempts"]} == {q.id, reflection.id}
    for row in payload["attempts"]:
        assert set(row) == {"question_id", "notebook", "answer", "correct", "status", "time"}
        for value in row.values():
            assert isinstance(value, str | int | float | bool | type(None))
    sheet = cl.export_progress(tmp_path / "answers.csv", student="Ayla")
    with Path(sheet).open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], "a cell would run as a formula"


def test_concurrent_threads_in_one_kernel_lose_nothing():
    """Two widget callbacks firing together (threads) both land on disk."""
    import course_lib as cl
    from course_lib import progress

    q = _choice_questions()[0]
    threads = [
        threading.Thread(target=lambda: [cl.check(q.id, q.options[0].id) for _ in range(10)])
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(progress.store().attempts(q.id)) == 20
