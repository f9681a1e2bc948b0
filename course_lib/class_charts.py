"""The class's answers as charts in a notebook: ``cl.class_report(paths)``.

One horizontal bar chart per question, following the course's figure idiom
(:func:`course_lib.style.new_axes`, a :class:`~course_lib.style.FigureResult` with alt text
generated from the data, the Okabe & Ito palette; right and wrong also differ by hatching
and a "✓ right" mark). The report page draws the same rows as HTML bars.

Example:
    >>> import course_lib as cl
    >>> report = cl.class_report([])  # no hand-ins yet: an empty report, not an error
    >>> len(report.results.students)
    0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .class_results import ClassResults, QuestionSummary, build
from .grading import Grader


def answer_rows(summary: QuestionSummary, grader: Grader, limit: int = 6) -> list[dict[str, Any]]:
    """The bars of one question's chart: label, students, right?, in display order.

    Choice questions list every option (chosen or not); ordering and matching list the
    most common complete answers, the rest summed as "other answers".
    """
    q = summary.question
    if q.is_choice:
        key = grader.right_answer(q.id)
        return [
            {
                "label": f"{o.id}) {o.text}",
                "count": summary.finals.get(o.id, 0),
                "right": o.id == key,
            }
            for o in q.options
        ]
    rows = [
        {
            "label": grader.describe(q.id, summary.answers[text]),
            "count": n,
            "right": summary.right.get(text, False),
        }
        for text, n in summary.finals.most_common(limit)
    ]
    rest = sum(summary.finals.values()) - sum(r["count"] for r in rows)
    if rest:
        rows.append({"label": "other answers", "count": rest, "right": False})
    return rows


def item_rows(summary: QuestionSummary, grader: Grader) -> list[dict[str, Any]]:
    """Matching and ordering, item by item: students right, students wrong, the usual slip.

    A matching item's slip is the option most often chosen instead; an ordering item's is
    the place it was most often put.
    """
    q = summary.question
    key = grader.right_answer(q.id)
    right: Counter[str] = Counter()
    slips: dict[str, Counter[str]] = {}
    for text, n in summary.finals.items():
        answer = summary.answers[text]
        if q.kind == "matching" and isinstance(answer, dict) and isinstance(key, dict):
            placed = answer.items()
            hits = {item for item, choice in placed if key.get(item) == choice}
            slip = {item: q.option_text(choice) for item, choice in placed if item not in hits}
        elif q.kind == "ordering" and isinstance(answer, list) and isinstance(key, list):
            hits = {item for place, item in enumerate(answer) if key[place : place + 1] == [item]}
            slip = {
                item: f"in place {place + 1}"
                for place, item in enumerate(answer)
                if item not in hits
            }
        else:
            continue
        for item in hits:
            right[item] += n
        for item, what in slip.items():
            slips.setdefault(item, Counter())[what] += n
    items = q.items if q.kind == "matching" else q.options
    if q.kind == "ordering" and isinstance(key, list):
        items = sorted(items, key=lambda o: key.index(o.id) if o.id in key else len(key))
    rows = []
    for item in items:
        usual = slips.get(item.id, Counter()).most_common(1)
        rows.append(
            {
                "label": item.text,
                "right": right[item.id],
                "wrong": sum(slips.get(item.id, Counter()).values()),
                "slip": f"{usual[0][0]} ({usual[0][1]})" if usual else "",
            }
        )
    return rows


def answer_figure(summary: QuestionSummary, grader: Grader, ax: Any = None) -> Any:
    """A horizontal bar chart of the class's final answers to one question.

    Choice questions: one bar per option; the right one blue and marked "✓ right", wrong
    ones vermilion and hatched, so the difference never rests on colour alone. Matching and
    ordering: one bar per item, split into students right (blue) and wrong (hatched), with
    the usual slip written beside it. Returns a :class:`~course_lib.style.FigureResult`.
    """
    import textwrap

    from .style import BASE_COLOURS, FigureResult, new_axes

    blue, red, black = BASE_COLOURS["blue"], BASE_COLOURS["vermillion"], BASE_COLOURS["black"]
    q = summary.question
    title = q.title or q.prompt
    if q.is_choice:
        rows = answer_rows(summary, grader)
        ax, owned = new_axes(ax, size=(8.0, 0.6 * len(rows) + 1.6))
        y = list(range(len(rows)))[::-1]
        for place, row in zip(y, rows, strict=True):
            bar = ax.barh(place, row["count"], color=blue if row["right"] else red, edgecolor=black)
            if not row["right"]:
                bar[0].set_hatch("//")
            note = f" {row['count']}" + ("  ✓ right" if row["right"] else "")
            ax.annotate(note, (row["count"], place), va="center")
        labels = [textwrap.shorten(r["label"], 48, placeholder="…") for r in rows]
        top = max([r["count"] for r in rows] + [1])
        parts = [
            f"{r['label']}: {r['count']}{' (right answer)' if r['right'] else ''}" for r in rows
        ]
    else:
        rows = item_rows(summary, grader)
        ax, owned = new_axes(ax, size=(8.0, 0.6 * len(rows) + 1.8))
        y = list(range(len(rows)))[::-1]
        for place, row in zip(y, rows, strict=True):
            ax.barh(place, row["right"], color=blue, edgecolor=black)
            ax.barh(place, row["wrong"], left=row["right"], color=red, edgecolor=black, hatch="//")
            slip = f"  wrong: {row['slip']}" if row["slip"] else ""
            ax.annotate(
                f" {row['right']} ✓{slip}", (row["right"] + row["wrong"], place), va="center"
            )
        labels = [textwrap.shorten(r["label"], 40, placeholder="…") for r in rows]
        top = max([r["right"] + r["wrong"] for r in rows] + [1])
        parts = [
            f"{r['label']}: {r['right']} right, {r['wrong']} wrong"
            + (f" (most often {r['slip']})" if r["slip"] else "")
            for r in rows
        ]
    ax.set_yticks(y, labels)
    ax.set_xlabel("students (final answer)")
    ax.set_xlim(0, top * 1.8 if not q.is_choice else top * 1.35)
    ax.set_title(textwrap.shorten(f"{summary.id}: {title}", 70, placeholder="…"), loc="left")
    alt = (
        f"Final answers to {summary.id} ({title}) from {summary.answered} students: "
        + "; ".join(parts)
        + f". {summary.correct_final} of {summary.answered} answered right."
    )
    return FigureResult(ax, alt, owned, extra={"rows": rows})


class ClassReport:
    """The class report in a notebook: per-notebook figures and a chart per question.

    ``figure(question_id)`` gives one chart; ``results`` holds the re-graded data.
    """

    def __init__(self, results: ClassResults, notebook: str | None = None):
        self.results = results
        self.notebook = None if notebook is None else str(notebook).zfill(2)
        self._figures: dict[str, Any] = {}

    def summaries(self) -> list[QuestionSummary]:
        return [
            q
            for q in self.results.questions.values()
            if q.gradable and (self.notebook is None or q.notebook == self.notebook)
        ]

    def figure(self, question_id: str) -> Any:
        if question_id not in self._figures:
            summary = self.results.questions[question_id]
            self._figures[question_id] = answer_figure(summary, self.results.grader)
        return self._figures[question_id]

    def text(self) -> str:
        r = self.results
        lines = [f"Class report: {len(r.students)} students, re-graded with {r.keys_label}."]
        for nb in r.notebooks:
            s = r.notebook_summary(nb)
            lines.append(
                f"  notebook {nb}: {s['completion']:.0%} answered, {s['first_try']:.0%} right "
                f"at the first try, {s['final']:.0%} right in the end"
            )
        flags = dict.fromkeys(text for _, text in r.flags)
        lines += [f"  ⚠ {p}" for p in [*r.problems, *flags]]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        import html

        parts = [f"<pre>{html.escape(self.text())}</pre>"]
        for summary in self.summaries():
            parts.append(self.figure(summary.id)._repr_mimebundle_()["text/html"])
        return "".join(parts)


def class_report(
    paths: str | Path | Sequence[str | Path],
    keys: str | Path | None = None,
    notebook: str | int | None = None,
) -> ClassReport:
    """The class's answers, re-graded with your keys, as charts in the notebook.

    ``paths``: export files, folders of them, or a tree of home folders (as for
    ``python -m course_lib class-report``); ``notebook`` limits the charts to one notebook.

    Example:
        >>> import course_lib as cl
        >>> cl.class_report([], notebook="04").notebook
        '04'
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    results = build(paths, keys)
    return ClassReport(results, notebook)
