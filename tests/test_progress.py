"""The progress store: answers survive new processes, kills mid-save, concurrent writers,
damaged files of every kind, unwritable folders and a folder switched in a running kernel;
the file stays small to write as it grows; exports hold data only."""

from __future__ import annotations

import ast
import doctest
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import course_lib as cl
from course_lib import cli, collect, exercises, progress, progress_format, progress_store

REPO = Path(__file__).resolve().parent.parent
ANSWERS = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
CHOICE = "nb04_attr_q03"


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("COURSE_LIB_HOME", str(folder))
    exercises.forget_hints()
    return folder


@pytest.fixture
def read_only(monkeypatch):
    """Make folders refuse every write the way a read-only mount does (EACCES), even for
    root, who ignores permission bits: ``read_only(folder)``."""
    folders: list[Path] = []
    real = {name: getattr(os, name) for name in ("open", "replace", "rename", "unlink", "mkdir")}
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def inside(path) -> bool:
        target = Path(os.fsdecode(path)).absolute()
        return any(f == target or f in target.parents for f in folders)

    def refuse(path):
        raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))

    def fake_open(path, flags, *args, **kwargs):
        if flags & writing and inside(path):
            refuse(path)
        return real["open"](path, flags, *args, **kwargs)

    def two_paths(name):
        def fake(src, dst, *args, **kwargs):
            if inside(src) or inside(dst):
                refuse(dst)
            return real[name](src, dst, *args, **kwargs)

        return fake

    def fake_unlink(path, *args, **kwargs):
        if inside(path):
            refuse(path)
        return real["unlink"](path, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):
        if inside(path):
            if os.path.isdir(path):
                raise FileExistsError(errno.EEXIST, "File exists", os.fsdecode(path))
            refuse(path)
        return real["mkdir"](path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "replace", two_paths("replace"))
    monkeypatch.setattr(os, "rename", two_paths("rename"))
    monkeypatch.setattr(os, "unlink", fake_unlink)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)
    return lambda folder: folders.append(Path(folder).absolute())


def _attempt(qid="nb04_attr_q03", answer="a", correct=False, **extra):
    return {"question_id": qid, "notebook": "04", "answer": answer, "correct": correct, **extra}


def _line(qid="nb04_attr_q03", answer="a", time="2025-03-01T10:00:00+00:00", **extra) -> bytes:
    record = {"question_id": qid, "notebook": "04", "answer": answer, "correct": False}
    return json.dumps(dict(record, time=time, **extra)).encode() + b"\n"


def _run(code: str, folder: Path, *args: str, wait: bool = True) -> subprocess.Popen | str:
    env = dict(os.environ, COURSE_LIB_HOME=str(folder), PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
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
    """The journal as an instructor would read it: every line one JSON record."""
    raw = (folder / progress.FILE_NAME).read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "the file ends inside a record"
    return [json.loads(line) for line in raw.splitlines()]


def _damaged(folder: Path) -> list[Path]:
    return sorted(folder.glob("progress.damaged-*.txt"))


def _progress_warnings(action) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    return [w for w in caught if issubclass(w.category, progress.ProgressWarning)]


# --------------------------------------------------------------------------- basics


def test_first_save_creates_the_folder_and_file(home):
    assert not home.exists()
    assert progress.store().record(_attempt()) is True
    saved = _saved(home)
    assert len(saved) == 1 and saved[0]["question_id"] == "nb04_attr_q03"
    assert saved[0]["time"].endswith("+00:00") and saved[0]["status"] == "incorrect"
    assert progress.storage_status().startswith(f"saving to {home / 'progress.jsonl'}")
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
    assert cl.check(CHOICE, ANSWERS[CHOICE]["answer"]).saved is True
    out = _run("import course_lib as cl\nprint(cl.score('04').correct, cl.score().answered)", home)
    assert out.split() == ["1", "1"]


def test_the_file_is_one_readable_json_line_per_answer(home):
    store = progress.store()
    store.record(_attempt(answer="Şuşa/Shushi", correct=None, confidence=3))
    store.record(_attempt(answer=["b", "a"], correct=True))
    lines = (home / "progress.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert "Şuşa/Shushi" in lines[0]  # not \u escapes: an instructor reads it as written
    first, second = (json.loads(line) for line in lines)
    assert first["status"] == "recorded" and first["confidence"] == 3  # extra keys kept
    assert second["answer"] == ["b", "a"] and second["status"] == "correct"


def test_an_answer_appends_one_line_and_never_rewrites_the_file(home):
    store = progress.store()
    for i in range(20):
        store.record(_attempt(answer=f"a{i}"))
    path = home / "progress.jsonl"
    before, inode = path.read_bytes(), path.stat().st_ino
    assert cl.check(CHOICE, "b").saved
    after = path.read_bytes()
    assert path.stat().st_ino == inode  # the same file, not a rewritten copy
    assert after.startswith(before) and after[len(before) :].count(b"\n") == 1
    assert not list(home.glob(".progress-*.tmp"))


def test_attempts_in_the_guide_format_with_status(home):
    home.mkdir()
    old = [
        {"question_id": "nb04_a", "notebook": "04", "answer": "a", "correct": True, "time": "t1"},
        {"question_id": "nb04_b", "notebook": "04", "answer": "b", "correct": False, "time": "t2"},
        {"question_id": "nb04_r", "notebook": "04", "answer": "x", "correct": None, "time": "t3"},
        {"question_id": "nb04_e", "correct": None, "time": "t4", "status": "recorded", "k": 1},
    ]
    (home / "progress.jsonl").write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in old))
    rows = progress.store().attempts()
    assert [r["status"] for r in rows] == ["correct", "incorrect", "recorded", "recorded"]
    assert rows[3]["k"] == 1
    assert all(isinstance(r, dict) for r in rows)
    rows[0]["answer"] = "changed by a caller"
    rows[0].clear()
    assert progress.store().attempts()[0]["answer"] == "a"  # callers get copies
    assert progress.store().attempts("nb04_b")[0]["answer"] == "b"
    with pytest.raises(ValueError, match="question_id"):
        progress.store().record({"question_id": None, "correct": True})


# --------------------------------------------------------------------------- reading cheaply


def test_a_click_reads_the_file_at_most_once(home):
    store = progress.store()
    for i in range(5):
        store.record(_attempt(answer=f"a{i}"))
    progress._forget_stores()
    store = progress.store()
    assert len(store.attempts()) == 5 and store.file_reads == 1  # a new kernel reads it once
    # what one Check click does: attempts of the question, save, score, last result
    cl.check(CHOICE, "b")
    cl.score("04")
    exercises.previous_result(CHOICE)
    assert store.file_reads == 1  # its own appends are known without reading the file
    code = (
        "from course_lib import progress\n"
        "assert progress.store().record({'question_id': 'nb04_attr_q03', 'notebook': '04',"
        " 'answer': 'from another kernel', 'correct': False})\n"
    )
    _run(code, home)
    result = cl.check(CHOICE, "c")
    cl.score("04")
    assert store.file_reads == 2  # another kernel's answer: exactly one read, of its line
    assert result.attempts == 8
    answers = [a["answer"] for a in store.attempts(CHOICE)]
    assert answers[-2:] == ["from another kernel", "c"]


def test_a_file_changed_behind_the_stores_back_is_read_again(home):
    store = progress.store()
    store.record(_attempt(answer="a"))
    store.record(_attempt(answer="b"))
    assert [a["answer"] for a in store.attempts()] == ["a", "b"]
    path = home / "progress.jsonl"
    # an edit in place, same length, same file
    with path.open("r+b") as handle:
        handle.write(path.read_bytes().replace(b'"answer": "a"', b'"answer": "z"'))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert [a["answer"] for a in store.attempts()] == ["z", "b"]
    # a new file in its place (an editor saving a copy), shorter
    path.write_bytes(_line(answer="only"))
    assert [a["answer"] for a in store.attempts()] == ["only"]
    path.unlink()
    assert store.attempts() == []


# --------------------------------------------------------------------------- crashes and races


def test_a_process_killed_mid_append_loses_only_the_unfinished_answer(home):
    ready = home.parent / "ready"
    code = (
        "import time, pathlib\n"
        "from course_lib import progress, progress_store\n"
        "s = progress.store()\n"
        "for i in range(2):\n"
        "    assert s.record({'question_id': f'nb04_q{i}', 'notebook': '04', 'answer': 'a',"
        " 'correct': False})\n"
        "def stall(path):\n"
        f"    pathlib.Path({str(ready)!r}).write_text('half a line is on disk')\n"
        "    time.sleep(60)\n"
        "progress_store._mid_append = stall\n"
        "s.record({'question_id': 'nb04_q2', 'notebook': '04', 'answer': 'b', 'correct': True})\n"
    )
    proc = _run(code, home, wait=False)
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), proc.stderr.read() if proc.poll() is not None else "never got ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    raw = (home / "progress.jsonl").read_bytes()
    assert not raw.endswith(b"\n")  # it really died inside the line
    # a new kernel sees the two saved answers, quietly: an unfinished line is not damage
    assert _progress_warnings(lambda: progress.store().attempts()) == []
    assert [a["question_id"] for a in progress.store().attempts()] == ["nb04_q0", "nb04_q1"]
    # the dead process's lock is released; the next save removes the half line first
    assert progress.store().record(_attempt("nb04_q3")) is True
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0", "nb04_q1", "nb04_q3"]
    assert _damaged(home) == []


def test_a_process_killed_mid_rewrite_keeps_the_old_file_and_its_temp_file_is_removed(home):
    progress.store().record(_attempt("nb04_q0"))
    extra = home.parent / "extra.jsonl"
    extra.write_bytes(_line("nb04_q1", time="2020-01-01T00:00:00+00:00"))
    ready = home.parent / "ready"
    code = (
        "import time, pathlib, sys\n"
        "from course_lib import progress, progress_store\n"
        "def stall(tmp):\n"
        f"    pathlib.Path({str(ready)!r}).write_text(str(tmp))\n"
        "    time.sleep(60)\n"
        "progress_store._before_replace = stall\n"
        "progress.store().restore(sys.argv[1])\n"
    )
    proc = _run(code, home, str(extra), wait=False)
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), proc.stderr.read() if proc.poll() is not None else "never got ready"
    orphan = Path(ready.read_text())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert orphan.exists() and orphan.name.startswith(".progress-")
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0"]  # the old file, whole
    keep = home / ".progress-notes.txt"  # not ours: left alone
    keep.write_text("x")
    progress._forget_stores()  # the next kernel to open the folder …
    assert len(progress.store().attempts()) == 1
    assert not orphan.exists() and not list(home.glob(".progress-*.tmp"))  # … cleans up
    assert keep.exists()


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


def test_a_busy_lock_keeps_the_answer_and_says_what_to_do(home, monkeypatch):
    monkeypatch.setattr(progress_store, "LOCK_TIMEOUT", 0.3)
    home.mkdir()
    code = (
        "import sys, time, filelock\n"
        f"with filelock.FileLock({str(home / progress.LOCK_NAME)!r}):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(60)\n"
    )
    holder = _run(code, home, wait=False)
    try:
        assert holder.stdout.readline().strip() == "locked"
        seen = _progress_warnings(lambda: progress.store().record(_attempt("nb04_q0")))
        assert progress.store().pending == 1
        assert len(seen) == 1 and "not saved yet" in str(seen[0].message)
        assert "close the other course notebooks" in str(seen[0].message)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert progress.store().record(_attempt("nb04_q1")) is True
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0", "nb04_q1"]


# --------------------------------------------------------------------------- damaged files

GOOD = [_line(answer=f"good{i}", time=f"2025-03-0{i + 1}T10:00:00+00:00") for i in range(3)]
BAD_LINES = {
    "deep nesting (RecursionError)": b"[" * 100_000 + b"]" * 100_000,
    "a 5,000-digit number (ValueError)": b'{"question_id": "q", "time": "t", "answer": '
    + b"7" * 5000
    + b"}",
    "not JSON": b"{not json",
    "the wrong shape": b'{"question_id": 5, "time": "t"}',
    "not UTF-8": b'{"question_id": "nb04_attr_q03", "time": "t", "answer": "\xff\xfe"}',
    "zeros from a power cut": b"\x00" * 64,
}


@pytest.mark.parametrize("bad", list(BAD_LINES.values()), ids=list(BAD_LINES))
def test_one_bad_line_costs_only_itself(home, bad):
    home.mkdir()
    (home / "progress.jsonl").write_bytes(GOOD[0] + bad + b"\n" + GOOD[1] + GOOD[2])
    seen = _progress_warnings(lambda: progress.store().attempts())
    assert len(seen) == 1 and "damaged" in str(seen[0].message)
    assert [a["answer"] for a in progress.store().attempts()] == ["good0", "good1", "good2"]
    (aside,) = _damaged(home)
    assert aside.read_bytes() == bad + b"\n"  # only what could not be read is set aside
    assert str(aside) in str(seen[0].message)
    assert [a["answer"] for a in _saved(home)] == ["good0", "good1", "good2"]
    # and everything goes on: checks are saved, the score works, no second warning
    later = _progress_warnings(lambda: [cl.check(CHOICE, ANSWERS[CHOICE]["answer"])] * 2)
    assert later == [] and cl.check(CHOICE, "a").saved is True
    assert cl.score("04").correct == 1 and len(_saved(home)) == 5


@pytest.mark.parametrize("depth", [1, 2, 63, 64, 65, 200])
def test_nesting_is_measured_outside_strings(depth):
    value: object = {"answer": 'a "[sic]" [[{{ quote', "n": [1, 2]}  # depth 2
    for level in range(depth - 2):
        value = [value, "]]}" * level] if level % 2 else {"k": value, "s": "{{\\"}
    text = json.dumps(value)
    assert progress_format.too_deep(text) is (depth > progress_format.MAX_DEPTH)
    assert progress_format.too_deep(text.encode()) is (depth > progress_format.MAX_DEPTH)


def test_deep_text_is_never_handed_to_json(home, monkeypatch, tmp_path):
    # json recurses once per level; near the recursion limit a garbage collection can make
    # unrelated finalisers fail in the student's kernel, so deep text must not reach it.
    # The oracle is json itself: text that deep makes it raise RecursionError.
    reached = []

    def watched(parse):
        def parse_and_watch(*args, **kwargs):
            try:
                return parse(*args, **kwargs)
            except RecursionError:
                reached.append(parse.__name__)
                raise

        return parse_and_watch

    monkeypatch.setattr(json, "loads", watched(json.loads))
    monkeypatch.setattr(json.JSONDecoder, "raw_decode", watched(json.JSONDecoder.raw_decode))
    deep = BAD_LINES["deep nesting (RecursionError)"]
    home.mkdir()
    (home / "progress.jsonl").write_bytes(GOOD[0] + deep + b"\n" + GOOD[1])
    _progress_warnings(lambda: progress.store().attempts())
    (home / "progress.jsonl").unlink()
    (home / "progress.json").write_bytes(LEGACY_DAMAGE["deep nesting"][0])
    _progress_warnings(lambda: progress.store().attempts())
    # a line cut off inside a string: a scan from the file's start pairs the quotes wrongly
    cut = b'{"question_id": "q1", "time": "t", "answer": "cut off\n'
    nested = b'{"question_id": "q2", "time": "t", "answer": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    records, _ = progress_format.read_records(GOOD[0] + cut + nested + b"\n")
    assert [r["answer"] for r in records] == ["good0"]
    # UTF-16 without a BOM (json guesses it): U+2200 has a byte that looks like a quote
    odd = '["\u2200", ' + "[" * 5000 + "]" * 5001
    assert progress_format.decode_line(odd.encode("utf-16-le")) is None
    (tmp_path / "deep.json").write_bytes(b'{"format": "x", "a": ' + deep + b"}")
    with pytest.raises(collect.Unreadable, match="nested more than"):
        collect.read_submission(tmp_path / "deep.json")
    assert reached == []


def _legacy(records: list[dict]) -> bytes:
    return json.dumps({"version": 1, "attempts": records}, ensure_ascii=False, indent=1).encode()


OLD = [json.loads(line) for line in GOOD]
OLD_TEXT = _legacy(OLD)
HUGE = OLD_TEXT.replace(b'"answer": "good1"', b'"answer": ' + b"9" * 5000)
LEGACY_DAMAGE = {
    # name: (file content, answers that must be salvaged, text that must be in the aside)
    "deep nesting": (b'{"version": 1, "attempts": ' + b"[" * 100_000, [], b"[[[["),
    "a 5,000-digit number": (HUGE, ["good0", "good2"], b"9" * 5000),
    "cut off in the middle": (OLD_TEXT[: OLD_TEXT.index(b"good2") - 3], ["good0", "good1"], b""),
    "one bad record": (
        _legacy(OLD[:1] + [{"question_id": 5}] + OLD[1:]),
        ["good0", "good1", "good2"],
        b'{"question_id": 5}',
    ),
    "not JSON": (b"{not json", [], b"{not json"),
    "no list of attempts": (b'{"attempts": "oops"}', [], b"oops"),
    "a list of numbers": (b"[1, 2, 3]", [], b"[1, 2, 3]"),
    "binary garbage": (b"\xff\xfe\x00garbage", [], b"garbage"),
}


@pytest.mark.parametrize(
    "content, salvaged, in_aside", list(LEGACY_DAMAGE.values()), ids=list(LEGACY_DAMAGE)
)
def test_a_damaged_old_file_is_salvaged_record_by_record(home, content, salvaged, in_aside):
    home.mkdir()
    (home / "progress.json").write_bytes(content)
    seen = _progress_warnings(lambda: progress.store().attempts())
    assert len(seen) == 1 and "damaged" in str(seen[0].message)
    assert [a["answer"] for a in progress.store().attempts()] == salvaged
    (aside,) = _damaged(home)
    assert in_aside in aside.read_bytes()
    if not salvaged:
        assert aside.read_bytes() == content  # nothing readable: the whole file, as it was
    for answer in salvaged:  # … and what was read is not in the aside a second time
        assert f'"answer": "{answer}"'.encode() not in aside.read_bytes()
    (original,) = home.glob("progress.migrated-*.json")
    assert original.read_bytes() == content
    assert progress.store().record(_attempt()) is True
    assert len(_saved(home)) == len(salvaged) + 1


def test_a_failure_nobody_foresaw_keeps_answers_and_the_course_working(home, monkeypatch):
    progress.store().record(_attempt("nb04_q0"))
    progress._forget_stores()

    def broken(blob):
        raise MemoryError("simulated")

    monkeypatch.setattr(progress_store, "decode_lines", broken)
    seen = _progress_warnings(lambda: [cl.check(CHOICE, "a"), cl.score("04")])
    assert seen and all("MemoryError" in str(w.message) for w in seen)
    assert len(progress.store().attempts(CHOICE)) == 1  # kept in memory, counted
    assert cl.score("04").answered == 1
    monkeypatch.undo()
    monkeypatch.setenv("COURSE_LIB_HOME", str(home))
    assert progress.store().flush() is True
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0", CHOICE]


def test_damage_found_while_saving_is_set_aside_too(home):
    progress.store().record(_attempt("nb04_q0"))
    (home / "progress.jsonl").write_bytes(b"{truncated\n")
    seen = _progress_warnings(lambda: progress.store().record(_attempt("nb04_q2")))
    assert len(seen) == 1 and "damaged" in str(seen[0].message)
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q2"]
    assert _damaged(home)[0].read_bytes() == b"{truncated\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_notepad_save_with_a_bom_is_read_in_full(home, encoding):
    home.mkdir()
    (home / "progress.json").write_text(OLD_TEXT.decode(), encoding=encoding)
    assert _progress_warnings(lambda: progress.store().attempts()) == []
    assert [a["answer"] for a in progress.store().attempts()] == ["good0", "good1", "good2"]
    assert _damaged(home) == []


def test_a_journal_saved_with_a_bom_is_read_and_extended(home):
    home.mkdir()
    (home / "progress.jsonl").write_bytes(b"\xef\xbb\xbf" + b"".join(GOOD))
    assert _progress_warnings(lambda: progress.store().attempts()) == []
    assert progress.store().record(_attempt(answer="new")) is True
    progress._forget_stores()
    assert [a["answer"] for a in progress.store().attempts()] == ["good0", "good1", "good2", "new"]
    assert _damaged(home) == []


def test_aside_files_get_distinct_names_even_within_one_second(home, monkeypatch):
    monkeypatch.setattr(progress_store, "_stamp", lambda: "20250101T000000")
    home.mkdir()
    for n in range(3):
        (home / "progress.jsonl").write_bytes(GOOD[0] + f"bad {n}\n".encode())
        progress._forget_stores()
        assert len(_progress_warnings(lambda: progress.store().attempts())) == 1
    names = [p.name for p in _damaged(home)]
    assert names == [
        "progress.damaged-20250101T000000-1.txt",
        "progress.damaged-20250101T000000-2.txt",
        "progress.damaged-20250101T000000.txt",
    ]
    assert sorted(p.read_text() for p in _damaged(home)) == ["bad 0\n", "bad 1\n", "bad 2\n"]


# --------------------------------------------------------------------------- first format


def test_an_old_progress_file_is_converted_and_kept(home):
    home.mkdir()
    without_status = [{k: v for k, v in r.items() if k != "status"} for r in OLD]
    content = _legacy(without_status)
    (home / "progress.json").write_bytes(content)
    assert _progress_warnings(lambda: progress.store().attempts()) == []  # an upgrade: quiet
    rows = progress.store().attempts()
    assert [r["answer"] for r in rows] == ["good0", "good1", "good2"]
    assert {r["status"] for r in rows} == {"incorrect"}
    assert not (home / "progress.json").exists()
    assert [r["answer"] for r in _saved(home)] == ["good0", "good1", "good2"]
    (kept,) = home.glob("progress.migrated-*.json")
    assert kept.read_bytes() == content
    # an old kernel still running writes the first format again: merged, nothing twice
    (home / "progress.json").write_bytes(_legacy(without_status + [dict(OLD[0], answer="x")]))
    progress._forget_stores()
    assert [r["answer"] for r in progress.store().attempts()] == ["good0", "x", "good1", "good2"]


def test_an_old_file_in_a_read_only_folder_is_still_shown(home, read_only):
    home.mkdir()
    (home / "progress.json").write_bytes(OLD_TEXT)
    read_only(home)
    assert [a["answer"] for a in progress.store().attempts()] == ["good0", "good1", "good2"]
    assert (home / "progress.json").read_bytes() == OLD_TEXT  # untouched
    assert cl.score("04").answered == 1


# --------------------------------------------------------------------------- cannot write


def test_unwritable_folder_keeps_answers_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker / "sub"))  # mkdir will fail
    with pytest.warns(progress.ProgressWarning, match="NOT being saved"):
        result = cl.check(CHOICE, ANSWERS[CHOICE]["answer"])
    assert result.correct is True and result.saved is False
    assert "Not saved" in repr(result) and "Not saved" in result._repr_html_()
    assert progress.storage_status().startswith("NOT saving")
    assert len(progress.store().attempts(CHOICE)) == 1  # still counted from memory
    assert cl.score("04").correct == 1
    second = cl.check(CHOICE, ANSWERS[CHOICE]["answer"])  # same problem: no second warning
    assert second.attempts == 2 and progress.store().pending == 2


def test_a_read_only_folder_keeps_answers_in_memory(home, read_only):
    progress.store().record(_attempt("nb04_q0"))
    read_only(home)
    seen = _progress_warnings(lambda: progress.store().record(_attempt("nb04_q1")))
    assert len(seen) == 1 and "Permission denied" in str(seen[0].message)
    assert [a["question_id"] for a in progress.store().attempts()] == ["nb04_q0", "nb04_q1"]
    assert "1 answers waiting" in progress.storage_status()


def test_full_disk_then_recovery_saves_everything(home, monkeypatch):
    progress.store().record(_attempt("nb04_q0"))

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "fsync", full)
    with pytest.warns(progress.ProgressWarning, match="No space left"):
        assert progress.store().record(_attempt("nb04_q1")) is False
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0"]  # no half line left
    assert not list(home.glob(".progress-*.tmp"))  # no temp files left behind
    assert "NOT saving" in progress.storage_status()
    monkeypatch.undo()
    monkeypatch.setenv("COURSE_LIB_HOME", str(home))
    assert progress.store().record(_attempt("nb04_q2")) is True  # retries the pending one
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0", "nb04_q1", "nb04_q2"]
    assert progress.storage_status().startswith("saving to")


def test_answers_held_in_memory_follow_a_new_folder(tmp_path, monkeypatch):
    """The warning's advice, followed in a running kernel, keeps every answer."""
    monkeypatch.chdir(tmp_path)
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker / "sub"))
    right = [q for q in ANSWERS if q.startswith("nb04_attr")][:4]
    seen = _progress_warnings(lambda: [cl.check(q, ANSWERS[q]["answer"]) for q in right[:3]])
    assert cl.score("04").correct == 3 and progress.store().pending == 3
    (message,) = [str(w.message) for w in seen]
    line = re.search(r"import os; os\.environ\['COURSE_LIB_HOME'\] = '([^']+)'", message)
    assert line, message
    monkeypatch.setenv("COURSE_LIB_HOME", line.group(1))  # what running that line does
    assert cl.check(right[3], ANSWERS[right[3]]["answer"]).saved is True
    assert cl.score("04").correct == 4  # was 1: the three in memory stayed behind
    new_home = Path(line.group(1))
    assert new_home.parent == tmp_path
    assert sorted(a["question_id"] for a in _saved(new_home)) == sorted(right)
    exported = cl.export_progress(tmp_path / "out.json", student="Ayla")
    assert len(json.loads(exported.path.read_text(encoding="utf-8"))["attempts"]) == 4


def test_a_folder_in_the_way_gives_one_warning(home):
    (home / "progress.jsonl").mkdir(parents=True)
    seen = _progress_warnings(
        lambda: [cl.check(CHOICE, "a"), cl.score("04"), cl.check(CHOICE, "b"), cl.score()]
    )
    assert len(seen) == 1, [str(w.message) for w in seen]
    assert f"{home / 'progress.jsonl'} is a folder" in str(seen[0].message)
    assert progress.store().pending == 2
    assert "is a folder" in progress.storage_status()


def test_a_file_in_the_way_gives_one_warning(tmp_path, monkeypatch):
    blocker = tmp_path / "answers"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker))
    seen = _progress_warnings(
        lambda: [cl.check(CHOICE, "a"), cl.score("04"), cl.check(CHOICE, "b"), cl.score()]
    )
    assert len(seen) == 1, [str(w.message) for w in seen]
    assert f"{blocker} is a file" in str(seen[0].message)


def test_an_unreadable_file_is_told_once_and_new_answers_are_still_saved(home, monkeypatch):
    progress.store().record(_attempt("nb04_q0"))
    progress._forget_stores()

    def refuse_reading(path, mode="r", *args, **kwargs):
        if Path(path).name == "progress.jsonl" and "r" in mode:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(progress_store, "open", refuse_reading, raising=False)
    checks = []
    seen = _progress_warnings(
        lambda: checks.extend([cl.check(CHOICE, "a"), cl.score(), cl.check(CHOICE, "b")])
    )
    assert len(seen) == 1, [str(w.message) for w in seen]
    assert "cannot be read" in str(seen[0].message) and "still saved" in str(seen[0].message)
    assert checks[0].saved and checks[2].saved
    assert "Permission denied" in progress.storage_status()
    monkeypatch.delattr(progress_store, "open")
    assert [a["question_id"] for a in _saved(home)] == ["nb04_q0", CHOICE, CHOICE]


def test_warnings_point_at_the_students_code_and_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker / "sub"))
    (seen,) = _progress_warnings(lambda: cl.check(CHOICE, "a"))
    assert seen.filename == __file__  # the student's line, not course_lib/…
    text = str(seen.message)
    assert str(blocker) in text  # names the student's own file
    assert "set COURSE_LIB_HOME" not in text and "kernel" not in text
    assert "copy this line into a new cell and run it" in text and "instructor" in text


def test_a_warning_from_a_button_click_is_placed_on_the_progress_file(home, read_only):
    pytest.importorskip("ipywidgets")
    home.mkdir()
    read_only(home)
    view = cl.quiz(CHOICE)
    radios, buttons, todo = [], [], [view.widget]
    while todo:  # find the question's options and its Check button, as a student would
        node = todo.pop()
        if type(node).__name__ == "RadioButtons":
            radios.append(node)
        if type(node).__name__ == "Button" and node.description == "Check":
            buttons.append(node)
        todo.extend(getattr(node, "children", ()))
    radios[0].value = radios[0].options[0][1]
    seen = _progress_warnings(buttons[0].click)
    assert [w.filename for w in seen] == [str(home / "progress.jsonl")]


# --------------------------------------------------------------------------- export and reset


def _answer_some():
    choice = CHOICE
    key = ANSWERS[choice]["answer"]
    wrong = next(o.id for o in cl.question(choice).options if o.id != key)
    cl.check(choice, wrong)
    cl.check(choice, key)
    order = "nb01_order_2022"
    cl.check(order, list(reversed(ANSWERS[order]["answer"])))
    cl.check("nb04_reflect_persuasive", "=HYPERLINK('http://x')")
    return choice, key, order


def test_reset_asks_first_then_keeps_a_backup_and_forgets_hints(home):
    _answer_some()
    answered = cl.score().answered
    assert cl.hint(CHOICE).startswith("Hint 1") and cl.hint(CHOICE).startswith("Hint 2")
    message = cl.reset_progress()
    assert "confirm=True" in message and "4 saved answers" in message
    assert repr(message) == message  # shows as text in a notebook, not as a quoted string
    assert len(_saved(home)) == 4  # nothing changed
    done = cl.reset_progress(confirm=True)
    assert "Cleared 4 answers" in done
    assert progress.store().attempts() == [] and cl.score().answered == 0
    assert cl.hint(CHOICE).startswith("Hint 1")  # exercises heard about the reset
    (backup,) = home.glob("progress.reset-*.jsonl")
    assert str(backup) in done
    assert len(backup.read_bytes().splitlines()) == 4
    assert "clean slate" in cl.reset_progress(confirm=True)
    undo = re.search(r'!python -m course_lib (restore-progress) "([^"]+)"', done)
    assert cli.main([undo.group(1), undo.group(2)]) == 0  # the undo the message offers
    assert len(progress.store().attempts()) == 4 and cl.score().answered == answered


def test_reset_in_an_unwritable_folder_discards_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_LIB_HOME", str(blocker / "sub"))
    with pytest.warns(progress.ProgressWarning):
        cl.check(CHOICE, ANSWERS[CHOICE]["answer"])
        cl.check("nb01_order_2022", ANSWERS["nb01_order_2022"]["answer"])
    done = cl.reset_progress(confirm=True)
    assert "NOT reset" in done and "Nothing was cleared" in done and "2 answers" in done
    assert progress.store().pending == 2 and cl.score().correct == 2


def test_reset_that_cannot_move_the_file_changes_nothing(home, read_only):
    _answer_some()
    read_only(home)
    done = cl.reset_progress(confirm=True)
    assert "NOT reset" in done and "Permission denied" in done and "all 4 answers" in done
    assert len(_saved(home)) == 4 and len(progress.store().attempts()) == 4


def test_reset_saves_answers_held_in_memory_before_setting_the_file_aside(home, monkeypatch):
    progress.store().record(_attempt("nb04_q0"))
    with monkeypatch.context() as patch:
        patch.setattr(progress.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "EIO")))
        with pytest.warns(progress.ProgressWarning):
            assert progress.store().record(_attempt("nb04_q1")) is False
    assert "Cleared 2 answers" in cl.reset_progress(confirm=True)
    (backup,) = home.glob("progress.reset-*.jsonl")
    assert [json.loads(x)["question_id"] for x in backup.read_bytes().splitlines()] == [
        "nb04_q0",
        "nb04_q1",
    ]


def test_progress_does_not_import_exercises():
    for name in ("progress.py", "progress_format.py"):
        tree = ast.parse((REPO / "course_lib" / name).read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {"exercises", "ui"} & imported, name


# --------------------------------------------------------------------------- restoring


def test_an_instructor_restores_a_set_aside_file(home, capsys):
    home.mkdir()
    fixable = b'{"question_id": "nb04_attr_q03", "time": "2025-03-01T12:00:00+00:00", "answer": 1'
    (home / "progress.jsonl").write_bytes(GOOD[0] + fixable + b"\n" + GOOD[1])
    with pytest.warns(progress.ProgressWarning, match="restore-progress"):
        assert len(progress.store().attempts()) == 2
    (aside,) = _damaged(home)
    assert cli.main(["restore-progress", str(aside)]) == 1  # still unreadable: says so
    assert "no answers could be read" in capsys.readouterr().err
    aside.write_bytes(fixable + b', "correct": false}\n')  # the instructor mends the line
    assert cli.main(["restore-progress", str(aside)]) == 0
    out = capsys.readouterr().out
    assert "Restored 1 answers" in out and str(home / "progress.jsonl") in out
    # back in time order, next to the others; a second run adds nothing
    assert [a["answer"] for a in progress.store().attempts()] == ["good0", 1, "good1"]
    assert cli.main(["restore-progress", str(aside)]) == 0
    assert "Restored 0 answers" in capsys.readouterr().out
    assert len(_saved(home)) == 3


def test_restore_into_another_folder_from_an_old_file(tmp_path, capsys):
    old = tmp_path / "from_a_usb_stick.json"
    old.write_bytes(OLD_TEXT)
    target = tmp_path / "student"
    assert cli.main(["restore-progress", str(old), "--home", str(target)]) == 0
    assert "Restored 3 answers" in capsys.readouterr().out
    assert [a["answer"] for a in _saved(target)] == ["good0", "good1", "good2"]
    assert cli.main(["restore-progress", str(tmp_path / "missing.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No such file" in err and "Traceback" not in err


# --------------------------------------------------------------------------- the rest


def test_docstring_examples_run(home):
    for module in (progress, progress_format):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 3 and result.failed == 0, module.__name__


def test_nothing_read_from_disk_is_evaluated():
    for module in ("progress.py", "progress_format.py", "exercises.py"):
        source = (REPO / "course_lib" / module).read_text(encoding="utf-8")
        for banned in ("eval(", "exec(", "pickle", "yaml.load(", "marshal"):
            assert banned not in source, (module, banned)
