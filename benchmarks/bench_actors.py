"""How fast the actor explorer answers: a date change inside one state (no tie starts or ends
between the dates), and changes to a new state (date, tie-kind filter, focus), each drawn
afresh (images uncached) and shown in the widget. Targets: same state <= 5 ms, new state
<= 100 ms. A filter or focus re-fits the diagram; a framing drawn before keeps its layers, and
``first_framing_ms`` times one never drawn (laid out and cut into layers afresh).

Run: ``python benchmarks/bench_actors.py``; ``benchmarks/run.py`` imports :func:`measure`.
"""

from __future__ import annotations

import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")

SAME_STATE_MS, NEW_STATE_MS = 5.0, 100.0


def _median_ms(action, repeats: int, before=None) -> float:
    times = []
    for i in range(repeats):
        if before is not None:
            before(i)
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeats: int = 15) -> dict:
    """Median milliseconds per explorer change, render included."""
    os.environ.pop("COURSE_LIB_NO_WIDGETS", None)
    from course_lib.ui import actor_view

    view = actor_view.actor_explorer(date="2022-02-21")
    dates = ["2022-02-21", "2022-02-22", "2022-02-24", "2022-03-18", "2022-01-14"]
    quiet = ["2022-03-01", "2022-03-02", "2022-03-03", "2022-03-04", "2022-03-05"]
    filters = [["alliance_declaration", "military_presence"], None, ["humanitarian_aid"], None]
    focus = ["azerbaijan", None, "russia"]
    for i in range(6):  # warm: draw each state once (sprites, legends)
        view.set_date(dates[i % len(dates)])
        view.set_kinds(filters[i % len(filters)])
        view.set_focus(focus[i % len(focus)])
    view.set_kinds(None)
    view.set_focus(None)
    fresh = lambda i: view.canvas.forget_images()  # noqa: E731 - every change is drawn anew
    date_ms = _median_ms(lambda i: view.set_date(dates[i % len(dates)]), repeats, fresh)
    filter_ms = _median_ms(lambda i: view.set_kinds(filters[i % len(filters)]), repeats, fresh)
    focus_ms = _median_ms(lambda i: view.set_focus(focus[i % 3]), repeats, fresh)
    view.set_kinds(None)
    view.set_focus(None)

    def first_visit(i: int) -> None:  # a framing never drawn before: laid out and cut afresh
        view.canvas.forget_images()
        view.canvas.forget_frames()

    first_ms = _median_ms(lambda i: view.set_kinds(filters[i % len(filters)]), repeats, first_visit)
    view.set_kinds(None)
    same_ms = _median_ms(lambda i: view.set_date(quiet[i % len(quiet)]), repeats * 2)
    result = {
        "same_state_ms": round(same_ms, 2),
        "date_change_ms": round(date_ms, 1),
        "filter_change_ms": round(filter_ms, 1),
        "focus_change_ms": round(focus_ms, 1),
        "first_framing_ms": round(first_ms, 1),
        "ties": len(view.edges),
        "actors": len(view.nodes),
        "widgets": view.widget is not None,
    }
    result["new_state_ms"] = max(date_ms, filter_ms, focus_ms)
    result["within_target"] = same_ms <= SAME_STATE_MS and result["new_state_ms"] <= NEW_STATE_MS
    return result


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key}: {value}")
