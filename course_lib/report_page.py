"""The class report as one self-contained HTML page, made to be read on a projector.

No scripts, fonts or pictures from elsewhere: the charts are HTML bars with their numbers
written out (screen readers read them as tables), colours come from the course palette,
and right and wrong also differ by a mark and a pattern, never by colour alone. Student
names appear only in the reflections (hidden until "show names" is ticked, or left out
with ``anonymise``) and in the instructor checks at the end, which start folded.
"""

from __future__ import annotations

import hashlib
import html
import json
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from .class_charts import answer_rows, item_rows
from .class_results import ClassResults, QuestionSummary
from .style import BASE_COLOURS

RIGHT, WRONG = BASE_COLOURS["blue"], BASE_COLOURS["vermillion"]
CSS = f"""
body {{ font: 20px/1.45 "DejaVu Sans", Verdana, system-ui, sans-serif; color: #000;
  background: #fff; max-width: 70em; margin: 0 auto; padding: 1em 1.5em 4em; }}
h1 {{ font-size: 2em; margin: 0.2em 0; }}
h2 {{ font-size: 1.5em; border-bottom: 3px solid #000; margin-top: 2em; }}
h3 {{ font-size: 1.15em; margin: 1.4em 0 0.3em; }}
.meta {{ color: #333; margin: 0.2em 0 0.6em; }}
code {{ font-size: 0.9em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: 0.25em 0.5em; vertical-align: middle; }}
thead th {{ border-bottom: 2px solid #000; }}
caption {{ text-align: left; }}
.chart td.label {{ width: 40%; }}
.chart td.bar {{ width: 45%; }}
.chart td.n {{ white-space: nowrap; font-weight: bold; }}
.track {{ background: {BASE_COLOURS["light"]}; height: 1.3em; border: 1px solid #666; }}
.fill {{ height: 100%; }}
.fill.right {{ background: {RIGHT}; }}
.fill.wrong {{ background: repeating-linear-gradient(135deg, {WRONG} 0 8px, #fff 8px 11px); }}
.mark {{ font-weight: bold; }}
.callout {{ border-left: 6px solid {WRONG}; padding: 0.3em 0.8em; background: #fff6f0; }}
.names-toggle {{ font-size: 0.9em; }}
#show-names:not(:checked) ~ section .name {{ display: none; }}
.reflection {{ margin: 0.4em 0; }}
details {{ margin-top: 3em; border: 2px solid #000; padding: 0.5em 1em; }}
summary {{ font-weight: bold; cursor: pointer; }}
@media print {{ details {{ display: none; }} }}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pct(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "—"


@lru_cache(maxsize=1)
def _titles(folder: str) -> dict[str, str]:
    """Notebook id -> title, from the notebooks' own metadata (empty when not found)."""
    titles = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["course"]
            titles[str(meta["id"]).zfill(2)] = str(meta["title"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return titles


def notebook_titles() -> dict[str, str]:
    from .cli import default_notebooks

    return _titles(str(default_notebooks()))


def _caption(summary: QuestionSummary) -> str:
    whole = "" if summary.question.is_choice else " entirely"
    n = summary.answered
    return (
        f"Final answers of {n} students: {summary.correct_final}{whole} right "
        f"({_pct(summary.correct_final, n)}); right at the first try: "
        f"{summary.correct_first} ({_pct(summary.correct_first, n)})."
    )


def _bar_table(rows: list[dict], answered: int, caption: str) -> str:
    body = []
    for row in rows:
        share = row["count"] / answered if answered else 0.0
        kind = "right" if row["right"] else "wrong"
        mark = "✓ right" if row["right"] else ""
        body.append(
            f'<tr><td class="label">{_e(row["label"])}</td>'
            f'<td class="bar"><div class="track"><div class="fill {kind}" '
            f'style="width:{100 * share:.1f}%"></div></div></td>'
            f'<td class="n">{row["count"]} ({share:.0%}) <span class="mark">{mark}</span></td></tr>'
        )
    return (
        f'<table class="chart"><caption class="meta">{_e(caption)}</caption>'
        "<thead><tr><th>answer</th><th>share of students</th><th>students</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _item_table(summary: QuestionSummary, results: ClassResults) -> str:
    """Matching and ordering: item by item, students right and wrong, and the usual slip."""
    body = []
    for row in item_rows(summary, results.grader):
        total = row["right"] + row["wrong"]
        right = 100 * row["right"] / total if total else 0.0
        wrong = 100 * row["wrong"] / total if total else 0.0
        body.append(
            f'<tr><td class="label">{_e(row["label"])}</td><td class="bar"><div class="track">'
            f'<div class="fill right" style="width:{right:.1f}%;float:left"></div>'
            f'<div class="fill wrong" style="width:{wrong:.1f}%;float:left"></div></div></td>'
            f'<td class="n">{row["right"]} ✓ · {row["wrong"]} ✗</td>'
            f"<td>{_e(row['slip']) or '—'}</td></tr>"
        )
    head = "matched to" if summary.question.kind == "matching" else "put"
    return (
        f'<table class="chart"><caption class="meta">{_e(_caption(summary))}</caption><thead><tr>'
        "<th>item</th><th>right (blue) and wrong (striped)</th><th>students</th>"
        f"<th>when wrong, most often {head}</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _question(summary: QuestionSummary, results: ClassResults) -> str:
    q, grader = summary.question, results.grader
    parts = [
        f'<article id="{_e(q.id)}"><h3>{_e(q.title or q.prompt)}</h3>',
        f'<p class="meta"><code>{_e(q.id)}</code> · {_e(q.prompt)}</p>',
    ]
    if not summary.answered:
        parts.append('<p class="meta">Nobody answered this question.</p></article>')
        return "".join(parts)
    if q.is_choice:
        parts.append(_bar_table(answer_rows(summary, grader), summary.answered, _caption(summary)))
    else:
        parts.append(_item_table(summary, results))
    top = summary.top_wrong()
    if top:
        text, n = top
        answer = summary.answers[text]
        why = grader.misconception(q.id, answer)
        parts.append(
            f'<p class="callout"><b>Most common wrong answer:</b> '
            f"{_e(grader.describe_wrong(q.id, answer))}: {n} of {summary.answered} "
            f"({_pct(n, summary.answered)})."
            + (f"<br><b>What its feedback says:</b> {_e(why)}" if why else "")
            + "</p>"
        )
    if summary.confusions:
        said = "; ".join(
            f"said by {_e(by)}, attributed to {_e(other)} ({n})"
            for (by, other), n in summary.confusions.most_common()
        )
        parts.append(f"<p><b>Who was mistaken for whom:</b> {said}.</p>")
    parts.append("</article>")
    return "".join(parts)


def _shuffled(rows: list[tuple[str, str]], salt: str) -> list[tuple[str, str]]:
    """A fixed order that is not the alphabetical one, so a list cannot be read back to names."""
    return sorted(rows, key=lambda r: hashlib.sha256(f"{salt}|{r[0]}|{r[1]}".encode()).hexdigest())


def _reflections(results: ClassResults, anonymise: bool) -> str:
    reflective = [q for q in results.questions.values() if q.question.kind == "reflection"]
    if not reflective:
        return ""
    parts = ['<section id="reflections"><h2>Reflections</h2>']
    if anonymise:
        parts.append('<p class="meta">Names were left out of this page (--anonymise).</p>')
    for summary in reflective:
        q = summary.question
        parts.append(f"<h3>{_e(q.title or q.prompt)}</h3><p class='meta'>{_e(q.prompt)}</p>")
        if not summary.reflections:
            parts.append('<p class="meta">No answers yet.</p>')
            continue
        items = []
        for student, text in _shuffled(summary.reflections, q.id):
            name = "" if anonymise else f' <span class="name">— {_e(student)}</span>'
            items.append(f'<li class="reflection">{_e(text)}{name}</li>')
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append("</section>")
    return "".join(parts)


def _checks(results: ClassResults) -> str:
    problems = "".join(f"<li>{_e(p)}</li>" for p in results.problems) or "<li>None.</li>"
    texts = list(dict.fromkeys(text for _, text in results.flags))
    flags = "".join(f"<li>{_e(text)}</li>" for text in texts) or "<li>None.</li>"
    return (
        "<details id='checks'><summary>Instructor checks: files and flags (names; not for "
        f"the projector) · {len(texts)} flag(s), {len(results.problems)} note(s)"
        f"</summary><h3>Flags</h3><ul>{flags}</ul><h3>Files</h3><ul>{problems}</ul></details>"
    )


def render_page(results: ClassResults, anonymise: bool = False) -> str:
    """The whole report page (a string of HTML)."""
    titles = notebook_titles()
    n = len(results.students)
    when = datetime.now(UTC).strftime("%d %B %Y, %H:%M UTC")
    rows = []
    graded = set(results.graded_notebooks)
    for nb in results.notebooks:
        s = results.notebook_summary(nb)
        first, final = (
            (f"{s['first_try']:.0%}", f"{s['final']:.0%}") if nb in graded else ("—",) * 2
        )
        link = f'<a href="#nb{nb}">{nb}</a>' if nb in graded else nb
        rows.append(
            f"<tr><td>{link}</td><td>{_e(titles.get(nb, ''))}</td>"
            f"<td>{s['completion']:.0%}</td><td>{first}</td><td>{final}</td></tr>"
        )
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Balancing Act: class report</title><style>{CSS}</style></head><body>",
        "<h1>Balancing Act: what the class answered</h1>",
        f'<p class="meta">{n} students · every answer re-graded with the instructor\'s keys '
        f"· {when}</p>",
        '<input type="checkbox" id="show-names"> '
        '<label class="names-toggle" for="show-names">show names in the reflections</label>',
        '<section id="notebooks"><h2>Notebooks</h2>',
        "<table><thead><tr><th>#</th><th>notebook</th><th>questions answered</th>"
        "<th>right at the first try</th><th>right in the end</th></tr></thead>",
        f"<tbody>{''.join(rows)}</tbody></table>",
        '<p class="meta">Answered: the class average of questions answered. Right: the share '
        "of answered questions with a right answer (reflections have none).</p></section>",
    ]
    for nb in results.notebooks:
        graded = [q for q in results.questions.values() if q.notebook == nb and q.gradable]
        if not graded:
            continue
        title = titles.get(nb, "")
        parts.append(
            f'<section id="nb{nb}"><h2>Notebook {nb}{" · " + _e(title) if title else ""}</h2>'
        )
        parts += [_question(q, results) for q in graded]
        parts.append("</section>")
    parts.append(_reflections(results, anonymise))
    parts.append(_checks(results))
    parts.append("</body></html>\n")
    return "".join(parts)
