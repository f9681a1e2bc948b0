"""The class report at class size: synthetic hand-ins through ``class-report``.

Each synthetic student answers all 51 questions with one to four attempts each (right with a
probability of their own, otherwise a real wrong option), writes reflections, and hands in
the JSON file ``cl.export_progress()`` writes. ``class-report`` runs in a fresh process, as
an instructor runs it, and is timed from start to exit; peak memory is that process's
maximum resident set (``wait4``).

Run ``python benchmarks/bench_class_report.py`` (``--sizes 50 200 1000``, ``--json``);
``measure()`` returns the figures for benchmarks/run.py. Target: 200 students in 10 s or
less and 500 MB or less on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TARGET_SECONDS, TARGET_MB, TARGET_STUDENTS = 10.0, 500.0, 200


def _wrong(question, key, rng: random.Random):
    """A wrong answer to ``question`` (a reflection's text), in the form the store saves."""
    while True:
        if question.is_choice:
            answer = rng.choice([o.id for o in question.options])
        elif question.kind == "ordering":
            answer = list(key)
            rng.shuffle(answer)
        elif question.kind == "matching":
            answer = {i.id: rng.choice([o.id for o in question.options]) for i in question.items}
        else:
            return f"A reflection, {rng.randint(1, 10**6)}: the balance held because of the troops."
        if answer != key:
            return answer


def write_class(folder: Path, students: int, seed: int = 12) -> int:
    """Write ``students`` hand-in files into ``folder``; returns the number of attempts."""
    from course_lib import __version__, exercises

    keys = json.loads((REPO / "tests" / "exercise_answers.json").read_text(encoding="utf-8"))
    questions = exercises.questions()
    rng = random.Random(seed)
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    total = 0
    for n in range(students):
        skill = rng.uniform(0.2, 0.95)
        clock = start + timedelta(minutes=rng.randint(0, 10_000))
        attempts = []
        for q in questions:
            key = keys.get(q.id, {}).get("answer")
            for _ in range(rng.randint(1, 4)):
                right = key is not None and rng.random() < skill
                answer = key if right else _wrong(q, key, rng)
                clock += timedelta(seconds=rng.randint(5, 90))
                attempts.append(
                    {
                        "question_id": q.id,
                        "notebook": q.notebook,
                        "answer": answer,
                        "correct": bool(right) if key is not None else None,
                        "status": ("correct" if right else "incorrect") if key else "recorded",
                        "time": clock.isoformat(timespec="seconds"),
                    }
                )
                if right or key is None:
                    break
        payload = {
            "format": "balancing-act-answers",
            "format_version": 2,
            "course_version": __version__,
            "student": f"student{n:04d}",
            "student_from": "argument",
            "exported": clock.isoformat(timespec="seconds"),
            "attempts": attempts,
        }
        (folder / f"balancing_act_student{n:04d}.json").write_text(
            json.dumps(payload, indent=1), encoding="utf-8"
        )
        total += len(attempts)
    return total


def run_report(folder: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of ``python -m course_lib class-report`` in a
    fresh process (CPU time is the steadier figure on a shared machine)."""
    env = {k: v for k, v in os.environ.items() if k != "COURSE_LIB_DATA"}
    messages = out.parent / "class-report.log"
    with messages.open("wb") as log:  # a file, not a pipe: a full pipe would stall the run
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "course_lib", "class-report", str(folder), "--out", str(out)],
            stdout=log,
            stderr=log,
            env=env,
            cwd=REPO,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(messages.read_text(encoding="utf-8", errors="replace"))
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024  # Linux reports kilobytes


def measure(sizes: tuple[int, ...] = (50, 200, 1000)) -> dict[str, dict[str, float]]:
    """Per class size: attempts, seconds, peak MB, ms per student, page size (kB)."""
    figures: dict[str, dict[str, float]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, out = Path(tmp) / "hand-ins", Path(tmp) / "report"
            folder.mkdir()
            attempts = write_class(folder, size)
            seconds, cpu, peak = run_report(folder, out)
            figures[str(size)] = {
                "attempts": attempts,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_mb": peak,
                "ms_per_student": 1000 * seconds / size,
                "page_kb": (out / "index.html").stat().st_size / 1024,
            }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    args = parser.parse_args(argv)
    figures = measure(tuple(args.sizes))
    columns = ("students", "attempts", "seconds", "CPU s", "peak MB", "ms/student", "page kB")
    print(" ".join(f"{c:>{max(8, len(c))}}" for c in columns))
    for size, f in figures.items():
        print(
            f"{size:>8} {f['attempts']:>8.0f} {f['seconds']:>8.2f} {f['cpu_seconds']:>8.2f} "
            f"{f['peak_mb']:>8.0f} {f['ms_per_student']:>10.1f} {f['page_kb']:>8.0f}"
        )
    target = figures.get(str(TARGET_STUDENTS))
    if target:
        ok = target["seconds"] <= TARGET_SECONDS and target["peak_mb"] <= TARGET_MB
        print(
            f"target ({TARGET_STUDENTS} students: <= {TARGET_SECONDS:g} s, <= {TARGET_MB:g} MB): "
            + ("ok" if ok else "MISSED")
        )
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
