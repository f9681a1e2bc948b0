"""What saving answers costs as the history grows: one ``cl.check`` (save included), building
``cl.quiz("04")``, how often one click reads the progress file, and the file's size.

A semester's history (``SEMESTER``) is an upper bound, not an average: a 14-week term in which
the student comes back to the course twice a week (the class and the homework) and each time
re-answers every one of the 51 questions, trying about 4 options each (the bank averages 3.7
options a question, so that is every option of a typical one): 51 x 4 x 2 x 14 = 5,712
attempts. A diligent student makes a few hundred; 10x a semester stands for a shared lab
login or an instructor who has tried everything many times.

Targets: ``check_ms_median`` (at a semester) 5 ms or less, ``quiz_build_ms_median`` (notebook
04, at a semester) 300 ms or less, ``progress_reads_per_click`` 1 or less. Timings are
reported, never asserted in tests.

Run: ``python benchmarks/bench_progress.py`` (``--json`` prints one JSON object last);
``benchmarks/run.py`` imports :func:`measure`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

QUESTIONS, ATTEMPTS_PER_QUESTION, SESSIONS_PER_WEEK, WEEKS = 51, 4, 2, 14
SEMESTER = QUESTIONS * ATTEMPTS_PER_QUESTION * SESSIONS_PER_WEEK * WEEKS  # 5,712
SIZES = {"6000": 6000, "semester": SEMESTER, "10x_semester": 10 * SEMESTER}
TARGETS = {"check_ms_median": 5.0, "quiz_build_ms_median": 300.0, "progress_reads_per_click": 1}
PROGRESS_NAMES = ("progress.json", "progress.jsonl")


def _answer_for(q: Any, n: int) -> Any:
    """A plausible answer of the right shape (option letter, order, matching or text)."""
    if q.kind == "reflection":
        return "A reflection of a few sentences, as a student would write it. " * 4
    if q.kind == "ordering":
        ids = [o.id for o in q.options]
        return ids[n % len(ids) :] + ids[: n % len(ids)]
    if q.kind == "matching":
        letters = [o.id for o in q.options]
        return {item.id: letters[(n + i) % len(letters)] for i, item in enumerate(q.items)}
    return q.options[n % len(q.options)].id


def history(count: int) -> list[dict[str, Any]]:
    """``count`` attempts over the bank, spread over 14 weeks, in the attempt format."""
    import course_lib as cl

    qs = cl.questions()
    start = datetime(2025, 2, 3, 9, tzinfo=UTC)
    step = timedelta(weeks=WEEKS) / max(count, 1)
    rows = []
    for n in range(count):
        q = qs[n % len(qs)]
        correct = None if q.kind == "reflection" else n % 3 == 0
        status = "recorded" if correct is None else ("correct" if correct else "incorrect")
        rows.append(
            {
                "question_id": q.id,
                "notebook": q.notebook,
                "answer": _answer_for(q, n),
                "correct": correct,
                "time": (start + n * step).isoformat(timespec="seconds"),
                "status": status,
            }
        )
    return rows


def seed(folder: Path, count: int) -> None:
    """Write a history in the first file format (``progress.json``), which every version reads.

    The store under test turns it into its own format on first use, outside the timings.
    """
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"version": 1, "attempts": history(count)}
    (folder / "progress.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))


class ReadCounter:
    """Counts opens of the progress file for reading, through Python's audit hook ("open").

    Independent of the store's code: whatever reads the file (``open``, ``Path.read_bytes``,
    ``os.open``) raises the event. Opens for writing or appending only are not reads.
    """

    def __init__(self) -> None:
        self.active = False
        self.reads = 0
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if not self.active or event != "open":
            return
        path, mode, flags = (list(args) + [None, None, None])[:3]
        if not isinstance(path, str | bytes | os.PathLike):
            return
        if os.path.basename(os.fsdecode(path)) not in PROGRESS_NAMES:
            return
        if isinstance(mode, str):
            reading = "r" in mode or "+" in mode
        else:
            reading = (flags or 0) & os.O_ACCMODE != os.O_WRONLY
        self.reads += reading

    def count(self, action) -> int:
        self.reads, self.active = 0, True
        try:
            action()
        finally:
            self.active = False
        return self.reads


def _median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _use_folder(folder: Path) -> None:
    os.environ["COURSE_LIB_HOME"] = str(folder)


def _file_bytes(folder: Path) -> int:
    files = [folder / name for name in PROGRESS_NAMES]
    return sum(f.stat().st_size for f in files if f.exists())


def check_figures(folder: Path, count: int, repeats: int) -> dict[str, float]:
    """Median ``cl.check`` (answer saved) with ``count`` attempts already saved; file size;
    what a kernel's first look at that history costs (converting an old file, reading)."""
    import course_lib as cl
    from course_lib import progress

    seed(folder, count)
    _use_folder(folder)
    start = time.perf_counter()
    progress.store().attempts()  # first use: converts the old file (the store under test's)
    migrate_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    progress.ProgressStore(folder.resolve()).attempts()  # a new kernel opening that history
    first_read_ms = (time.perf_counter() - start) * 1000
    q = cl.question("nb04_attr_q03")
    answers = [o.id for o in q.options]
    turn = iter(range(10**9))
    check_ms = _median_ms(lambda: cl.check(q.id, answers[next(turn) % len(answers)]), repeats)
    # The same check with fsync skipped: what is left is the library's own (CPU) part; the
    # rest is this disk making the answer durable, which a shared disk makes noisy.
    real_fsync = os.fsync
    os.fsync = lambda fd: None
    try:
        cpu_ms = _median_ms(lambda: cl.check(q.id, answers[next(turn) % len(answers)]), repeats)
    finally:
        os.fsync = real_fsync
    return {
        "check_ms": check_ms,
        "check_cpu_ms": cpu_ms,
        "first_read_ms": first_read_ms,
        "migrate_ms": migrate_ms,
        "file_kb": _file_bytes(folder) / 1024,
    }


def fsync_ms(folder: Path, repeats: int) -> float:
    """One small append made durable on this disk: the floor under every saved check."""
    path = folder / "fsync-probe"

    def append() -> None:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, b"x" * 150 + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)

    return _median_ms(append, repeats)


def _first_check_button(widget: Any) -> tuple[Any, Any] | None:
    """The first single-choice input and the first Check button in a quiz's widget tree."""
    radios, buttons, todo = [], [], [widget]
    while todo:
        node = todo.pop(0)
        kind = type(node).__name__
        if kind == "RadioButtons":
            radios.append(node)
        elif kind == "Button" and getattr(node, "description", "") == "Check":
            buttons.append(node)
        todo.extend(getattr(node, "children", ()))
    return (radios[0], buttons[0]) if radios and buttons else None


def quiz_figures(folder: Path, repeats: int) -> dict[str, float]:
    """Building ``cl.quiz("04")`` with a semester's history, and what one Check click reads.

    The floor is the same build with one attempt per question (the widgets, and restoring
    each question's last answer, which any history costs): the difference is what the size
    of the history costs. The two are built in turn, so a busy machine slows both alike.
    """
    import course_lib as cl
    from course_lib import progress

    os.environ.pop("COURSE_LIB_NO_WIDGETS", None)
    floor, full = folder / "one_each", folder
    seed(floor, QUESTIONS)
    seed(full, SEMESTER)
    times: dict[Path, list[float]] = {floor: [], full: []}
    for where in (floor, full):  # warm-up: banks, ipywidgets, each history read once
        _use_folder(where)
        cl.quiz("04")
    for _ in range(repeats):
        for where, into in times.items():
            _use_folder(where)
            start = time.perf_counter()
            cl.quiz("04")
            into.append((time.perf_counter() - start) * 1000)
    build_ms, floor_ms = statistics.median(times[full]), statistics.median(times[floor])
    counter = ReadCounter()
    build_reads = counter.count(lambda: cl.quiz("04"))
    view = cl.quiz("04")
    found = _first_check_button(view.widget) if view.widget is not None else None
    if found is not None:
        radio, button = found
        radio.value = radio.options[0][1]
        click = button.click
        how = "widget click"
    else:  # no widgets here: what a click does, by hand
        q = cl.questions("04")[0]

        def click() -> None:
            cl.check(q.id, q.options[0].id if q.options else "x")
            cl.score("04")

        how = "check + score"
    click()  # the first click in a kernel may load things; count a typical one
    clicks = [counter.count(click) for _ in range(5)]
    # Another kernel (another notebook open) answers between two clicks of this one.
    other = progress.ProgressStore(full.resolve())
    after_other = []
    for _ in range(5):
        other.record({"question_id": "nb04_attr_q03", "notebook": "04", "answer": "a"})
        after_other.append(counter.count(click))
    return {
        "quiz_build_ms": build_ms,
        "quiz_build_floor_ms": floor_ms,
        "quiz_build_reads": build_reads,
        "reads_per_click": max(clicks),
        "reads_per_click_after_another_kernel": max(after_other),
        "click_kind": how,
    }


def measure(repeats: int = 30, quiz_repeats: int = 7) -> dict[str, Any]:
    """All figures, keyed as ``benchmarks/run.py --json`` reports them.

    Example:
        >>> measure(repeats=3, quiz_repeats=1)["semester_attempts"]  # doctest: +SKIP
        5712
    """
    results: dict[str, Any] = {"semester_attempts": SEMESTER}
    saved_home = os.environ.get("COURSE_LIB_HOME")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, count in SIZES.items():
                figures = check_figures(Path(tmp) / label, count, repeats)
                results[f"check_ms_at_{label}"] = figures["check_ms"]
                results[f"check_cpu_ms_at_{label}"] = figures["check_cpu_ms"]
                results[f"first_read_ms_at_{label}"] = figures["first_read_ms"]
                results[f"migrate_ms_at_{label}"] = figures["migrate_ms"]
                results[f"progress_file_kb_at_{label}"] = figures["file_kb"]
            results["check_ms_median"] = results["check_ms_at_semester"]
            results["fsync_ms_median"] = fsync_ms(Path(tmp), repeats)
            quiz = quiz_figures(Path(tmp) / "quiz", quiz_repeats)
            results["quiz_build_ms_median"] = quiz["quiz_build_ms"]
            results["quiz_build_ms_one_attempt_each"] = quiz["quiz_build_floor_ms"]
            results["progress_reads_per_quiz_build"] = quiz["quiz_build_reads"]
            results["progress_reads_per_click"] = quiz["reads_per_click"]
            results["progress_reads_per_click_after_another_kernel"] = quiz[
                "reads_per_click_after_another_kernel"
            ]
            results["progress_click_kind"] = quiz["click_kind"]
    finally:
        if saved_home is None:
            os.environ.pop("COURSE_LIB_HOME", None)
        else:
            os.environ["COURSE_LIB_HOME"] = saved_home
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    parser.add_argument("--repeats", type=int, default=30, help="checks timed per size")
    args = parser.parse_args(argv)
    results = measure(repeats=args.repeats)
    for key, value in results.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else ("ok" if value <= target else "MISSED")
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        limit = "" if target is None else f"<= {target:g}"
        print(f"{key:<46} {shown:>10} {limit:>8}  {verdict}")
    if args.json:
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
