"""Map timings: a date change inside one state, a change to a new state (uncached render), a
bare ``canvas.draw()``, a naive clear-and-replot, and the first map from a fresh process.

Run ``python benchmarks/bench_maps.py``; ``measure()`` returns the figures for
benchmarks/run.py. Targets: same state <= 5 ms; new state <= 1.1x a bare draw; first map from
a fresh process (imports included) < 3 s. Every change goes through the explorer's public
setter, as a slider does, widgets included when ipywidgets is installed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

# one date per map state (each a different period or set of areas), and dates inside one state
NEW_STATES = ["2019-06-01", "2021-01-01", "2022-09-01", "2020-11-15", "1993-01-01", "2023-10-01"]
SAME_STATE = ["2021-01-01", "2021-03-01", "2021-06-01", "2021-09-01", "2022-01-01"]
COLD = (
    "import time; t = time.perf_counter(); import course_lib as cl; "
    "r = cl.karabakh_map('2022-03-18'); r.png(); print(time.perf_counter() - t)"
)


def _median_ms(func, repeat: int, before=None) -> float:
    times = []
    for i in range(repeat):
        if before is not None:
            before(i)
        start = time.perf_counter()
        func(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int = 12) -> dict[str, float]:
    """Median milliseconds for each operation (and the cold start in seconds)."""
    os.environ.pop("COURSE_LIB_NO_WIDGETS", None)
    import matplotlib

    matplotlib.use("Agg")
    from course_lib import maps
    from course_lib.ui.map_view import map_explorer

    explorer = map_explorer("2022-03-18")
    for date in NEW_STATES:  # warm: sprites of every state's artists, legends, glyphs
        explorer.set_date(date)
    figure, canvas = explorer.figure, explorer.canvas
    same = _median_ms(lambda i: explorer.set_date(SAME_STATE[i % len(SAME_STATE)]), repeat * 2)
    new = _median_ms(
        lambda i: explorer.set_date(NEW_STATES[i % len(NEW_STATES)]),
        repeat,
        before=lambda i: canvas.forget_images(),  # a state never seen: it must be drawn
    )
    bare = _median_ms(lambda i: figure.canvas.draw(), repeat)

    def naive(i: int) -> None:
        ax = figure.axes[0]
        ax.clear()
        maps.KarabakhCanvas(date=NEW_STATES[i % len(NEW_STATES)], ax=ax)
        figure.canvas.draw()

    naive_ms = _median_ms(naive, max(3, repeat // 3))
    cold = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
        )
        cold.append(float(out.stdout.strip().splitlines()[-1]))
    return {
        "same_state_ms": round(same, 2),
        "new_state_ms": round(new, 1),
        "bare_draw_ms": round(bare, 1),
        "new_state_over_bare": round(new / bare, 2),
        "naive_replot_ms": round(naive_ms, 1),
        "first_map_cold_s": round(statistics.median(cold), 2),
        "widgets": explorer.widget is not None,
    }


def main() -> None:
    results = measure()
    for key, value in results.items():
        print(f"{key:24s} {value}")
    ok = (
        results["same_state_ms"] <= 5
        and results["new_state_over_bare"] <= 1.1
        and results["first_map_cold_s"] < 3
    )
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
