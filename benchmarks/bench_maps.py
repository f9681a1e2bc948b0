"""Map timings: explorer date change (with render), bare render, naive replot, cold start.

Run ``python benchmarks/bench_maps.py``; ``measure()`` returns the figures for
benchmarks/run.py. Targets: set_date <= 150 ms and <= 1.3x a bare ``canvas.draw()``;
first map from a fresh process (imports included) < 3 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

DATES = ["2019-06-01", "2021-01-01", "2022-08-26", "2020-11-15", "1993-01-01", "2023-10-01"]
COLD = (
    "import time; t = time.perf_counter(); import course_lib as cl; "
    "r = cl.karabakh_map('2022-03-18'); r.png(); print(time.perf_counter() - t)"
)


def _median_ms(func, repeat: int) -> float:
    times = []
    for i in range(repeat):
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
    from course_lib.ui.map_view import MapExplorer

    explorer = MapExplorer("2022-03-18")
    explorer.set_date(DATES[0])  # warm caches (legends, glyphs)
    figure = explorer.figure
    set_date = _median_ms(lambda i: explorer.set_date(DATES[i % len(DATES)]), repeat)
    bare = _median_ms(lambda i: figure.canvas.draw(), repeat)

    def naive(i: int) -> None:
        ax = figure.axes[0]
        ax.clear()
        maps.KarabakhCanvas(date=DATES[i % len(DATES)], ax=ax)
        figure.canvas.draw()

    naive_ms = _median_ms(naive, max(3, repeat // 3))
    cold = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
        )
        cold.append(float(out.stdout.strip().splitlines()[-1]))
    return {
        "explorer_set_date_ms": round(set_date, 1),
        "bare_draw_ms": round(bare, 1),
        "set_date_over_bare": round(set_date / bare, 2),
        "naive_replot_ms": round(naive_ms, 1),
        "first_map_cold_s": round(statistics.median(cold), 2),
    }


def main() -> None:
    results = measure()
    for key, value in results.items():
        print(f"{key:24s} {value}")
    ok = (
        results["explorer_set_date_ms"] <= 150
        and results["set_date_over_bare"] <= 1.3
        and results["first_map_cold_s"] < 3
    )
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
