"""Measure the course on this machine and print a table (``--json``: last line is JSON).

Usage::

    python benchmarks/run.py            # everything (about two minutes on 2 cores)
    python benchmarks/run.py --quick    # skip the notebooks
    python benchmarks/run.py --json     # machine-readable last line

Targets (2 cores): each notebook 10 s or less and all together 60 s or less; peak kernel memory
500 MB or less; a map date change inside one state 5 ms or less, to a new state within 1.1x a
bare render; an actor change inside one state 5 ms or less, to a new state 100 ms or less;
``import course_lib`` 1.2 s or less; with a semester of answers (bench_progress.py) a check 5 ms
or less, building ``cl.quiz("04")`` 300 ms or less, at most one progress-file read a click;
``class-report`` on 200 students 10 s or less and 500 MB or less. These are reported, never
asserted in tests: timing tests fail on a busy machine for reasons that have nothing to do with
the code. What a student feels in the browser (key press to painted image) is
``benchmarks/browser_latency.py``; the website's build and paint are ``benchmarks/bench_site.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

TARGETS = {
    "notebook_seconds_each": 10.0,
    "notebook_seconds_total": 60.0,
    "peak_rss_mb": 500.0,
    "import_seconds": 1.2,
    "first_map_seconds": 3.0,
    "map_redraw_ms_median": 150.0,
    "map_redraw_over_bare_render": 1.3,
    "actor_update_ms_median": 150.0,
    "map_same_state_ms_median": 5.0,
    "map_new_state_over_bare_render": 1.1,
    "actor_same_state_ms_median": 5.0,
    "actor_new_state_ms_median": 100.0,
    # progress store (bench_progress.py): with a semester's history, see SEMESTER there
    "check_ms_median": 5.0,
    "quiz_build_ms_median": 300.0,
    "progress_reads_per_click": 1,
    "class_report_200_seconds": 10.0,
    "class_report_200_peak_mb": 500.0,
    # website and handouts (benchmarks/bench_site.py, run on its own: about two minutes)
    "site_build_clean_s": 180.0,
    "site_mb": 30.0,
    "first_paint_ms": 1000.0,
}


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a live process (Linux VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def notebook_seconds() -> tuple[dict[str, float], float]:
    """Cold run-all time per notebook (fresh kernel each) and the largest kernel peak RSS."""
    import nbformat
    from nbclient import NotebookClient

    times, peak = {}, 0.0
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, COURSE_LIB_HOME=tmp)
            client = NotebookClient(
                nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp}}
            )
            with client.setup_kernel(env=env):
                start = time.perf_counter()
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                times[path.stem] = time.perf_counter() - start
                pid = client.km.provisioner.process.pid
                peak = max(peak, _peak_rss_mb(pid))
    return times, peak


def _fresh_python(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def import_seconds(repeats: int = 5) -> float:
    code = "import time; t=time.perf_counter(); import course_lib; print(time.perf_counter()-t)"
    return statistics.median(_fresh_python(code) for _ in range(repeats))


def check_ms_median(repeats: int = 30) -> float:
    """One ``cl.check`` including the save to disk."""
    import course_lib as cl

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COURSE_LIB_HOME"] = tmp
        question = cl.questions("04")[0]
        answer = question.options[0].id if question.options else "x"
        cl.check(question.id, answer)  # warm-up: loads the bank
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            cl.check(question.id, answer)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(quick: bool = False) -> dict:
    import bench_actors
    import bench_maps
    import bench_progress

    results: dict = {}
    if not quick:
        results["notebook_seconds"], results["peak_rss_mb"] = notebook_seconds()
    results["import_seconds"] = import_seconds()
    maps = bench_maps.measure()
    results["first_map_seconds"] = maps["first_map_cold_s"]
    results["map_same_state_ms_median"] = maps["same_state_ms"]
    results["map_new_state_ms_median"] = maps["new_state_ms"]
    results["map_redraw_ms_median"] = maps["new_state_ms"]  # old key: a date change that draws
    results["map_bare_render_ms_median"] = maps["bare_draw_ms"]
    results["map_naive_replot_ms_median"] = maps["naive_replot_ms"]
    actors = bench_actors.measure()
    results["actor_same_state_ms_median"] = actors["same_state_ms"]
    results["actor_new_state_ms_median"] = actors["new_state_ms"]
    results["actor_update_ms_median"] = actors["new_state_ms"]  # old key
    results["actor_first_framing_ms_median"] = actors["first_framing_ms"]
    results["check_ms_median_empty_history"] = check_ms_median()
    results.update(bench_progress.measure())  # check_ms_median: with a semester's history
    import bench_class_report

    classes = bench_class_report.measure((50, 200, 1000))
    results["class_report_seconds"] = {n: f["seconds"] for n, f in classes.items()}
    results["class_report_200_seconds"] = classes["200"]["seconds"]
    results["class_report_200_peak_mb"] = classes["200"]["peak_mb"]
    return results


def verdicts(r: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, ok?) rows for the table."""
    rows = []

    def add(name: str, value: float, target: float, unit: str) -> None:
        ok = "ok" if value <= target else "MISSED"
        rows.append((name, f"{value:.2f} {unit}", f"<= {target:g} {unit}", ok))

    if "notebook_seconds" in r:
        for nb, sec in r["notebook_seconds"].items():
            add(f"notebook {nb}", sec, TARGETS["notebook_seconds_each"], "s")
        add(
            "all notebooks",
            sum(r["notebook_seconds"].values()),
            TARGETS["notebook_seconds_total"],
            "s",
        )
        add("peak kernel memory", r["peak_rss_mb"], TARGETS["peak_rss_mb"], "MB")
    add("import course_lib", r["import_seconds"], TARGETS["import_seconds"], "s")
    add("first map, fresh process", r["first_map_seconds"], TARGETS["first_map_seconds"], "s")
    add("map, same state (median)", r["map_same_state_ms_median"], 5.0, "ms")
    add(
        "map, new state (median)",
        r["map_new_state_ms_median"],
        TARGETS["map_redraw_ms_median"],
        "ms",
    )
    ratio = r["map_new_state_ms_median"] / r["map_bare_render_ms_median"]
    add("map new state / bare render", ratio, TARGETS["map_new_state_over_bare_render"], "x")
    rows.append(
        ("map bare render (median)", f"{r['map_bare_render_ms_median']:.1f} ms", "floor", "")
    )
    rows.append(
        ("map naive replot (median)", f"{r['map_naive_replot_ms_median']:.1f} ms", "baseline", "")
    )
    add("actor, same state (median)", r["actor_same_state_ms_median"], 5.0, "ms")
    add("actor, new state (median)", r["actor_new_state_ms_median"], 100.0, "ms")
    if "actor_first_framing_ms_median" in r:
        rows.append(
            (
                "actor, filter never drawn before (median)",
                f"{r['actor_first_framing_ms_median']:.1f} ms",
                "reported",
                "",
            )
        )
    add(
        "cl.check incl. save, semester (median)",
        r["check_ms_median"],
        TARGETS["check_ms_median"],
        "ms",
    )
    for label in ("6000", "semester", "10x_semester"):
        rows.append(
            (
                f"cl.check at {label} attempts / file size",
                f"{r[f'check_ms_at_{label}']:.1f} ms",
                f"{r[f'progress_file_kb_at_{label}']:.0f} KB",
                "",
            )
        )
    add(
        "cl.quiz('04') build, semester",
        r["quiz_build_ms_median"],
        TARGETS["quiz_build_ms_median"],
        "ms",
    )
    add(
        "progress file reads per click",
        r["progress_reads_per_click"],
        TARGETS["progress_reads_per_click"],
        "",
    )
    if "class_report_200_seconds" in r:
        add(
            "class-report, 200 students",
            r["class_report_200_seconds"],
            TARGETS["class_report_200_seconds"],
            "s",
        )
        add(
            "class-report, 200 students, peak",
            r["class_report_200_peak_mb"],
            TARGETS["class_report_200_peak_mb"],
            "MB",
        )
        for size, seconds in r["class_report_seconds"].items():
            rows.append((f"class-report, {size} students", f"{seconds:.2f} s", "growth", ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    parser.add_argument("--quick", action="store_true", help="skip running the notebooks")
    args = parser.parse_args(argv)
    results = measure(quick=args.quick)
    rows = verdicts(results)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>12}  {'target':>12}  verdict")
    for name, value, target, ok in rows:
        print(f"{name:<{width}}  {value:>12}  {target:>12}  {ok}")
    if args.json:
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
