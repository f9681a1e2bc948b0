"""How checking looks: every icon, colour and HTML string for results, scores, hints and
questions, each with a plain-text twin for the console and for tests.

:mod:`course_lib.exercises` returns plain data (``CheckResult``, ``Score``, ``Question``);
this module presents it, as learntools' ``ProblemView`` presents its ``Problem``. ``cl.check``,
``cl.hint`` and ``cl.score`` are the presenters below: they return small objects that show
as HTML in a notebook and as text in a console, and still read like the data
(``cl.check(...).correct``).

The ``code`` switch: the console form says which ``cl.*`` call helps next; a widget, which has
buttons for that, shows words only.

Example:
    >>> from course_lib.exercises import CheckResult
    >>> result_text(CheckResult("nb04_x", True, "Correct.", attempts=1, status="correct"))
    '✅ Correct.\\n(attempts so far: 1)'
"""

from __future__ import annotations

import html
from typing import Any

from .. import exercises
from ..errors import CourseError
from ..exercises import CheckResult, Question, Score

ICONS = {"correct": "✅", "incorrect": "❌", "recorded": "📝"}
INFO_ICON, WARNING_ICON, HINT_ICON = "ℹ️", "⚠️", "💡"
# Light backgrounds with black text (contrast above 15:1); the icon carries the meaning too.
BACKGROUNDS = {"correct": "#E6F4EA", "recorded": "#E8F0FE", "incorrect": "#FDECEA"}
NEUTRAL_BACKGROUND = "#F1F3F4"
BAR_TRACK, BAR_ANSWERED, BAR_RIGHT = "#E8E8E8", "#9ECAE1", "#0072B2"
MAX_SHOWN_ANSWER = 200  # characters of a previous answer shown back


def icon(status: str) -> str:
    """The icon for a result status (information for blanks and unusable answers)."""
    return ICONS.get(status, INFO_ICON)


def _lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


# --------------------------------------------------------------------------- results


def result_text(result: CheckResult, *, code: bool = True) -> str:
    """A result as text: icon and words, attempts, a warning when it was not saved."""
    lines = [f"{icon(result.status)} {result.feedback}"]
    if code and result.how_to:
        lines.append(result.how_to)
    if result.attempts:
        lines.append(f"(attempts so far: {result.attempts})")
    if result.saved is False:
        lines.append(f"{WARNING_ICON} Not saved: {result.storage}")
    return "\n".join(lines)


def result_html(result: CheckResult, *, code: bool = True) -> str:
    """A result as a status box: background by outcome, an icon, never colour alone."""
    background = BACKGROUNDS.get(result.status, NEUTRAL_BACKGROUND)
    extra = ""
    if code and result.how_to:
        extra += f"<br><code>{html.escape(result.how_to)}</code>"
    if result.attempts:
        extra += f"<br><small>attempts so far: {result.attempts}</small>"
    if result.saved is False:
        extra += f"<br><small>{WARNING_ICON} Not saved: {html.escape(result.storage)}</small>"
    return (
        f'<div style="background:{background};color:#000;padding:0.6em 0.8em;'
        f'border-left:4px solid #555;border-radius:4px" role="status">'
        f"{icon(result.status)} {_lines(result.feedback)}{extra}</div>"
    )


def shown_answer(answer: Any) -> str:
    """A previous answer as a student would recognise it, cut to a readable length."""
    text = answer if isinstance(answer, str) else ", ".join(_parts(answer))
    return text if len(text) <= MAX_SHOWN_ANSWER else text[: MAX_SHOWN_ANSWER - 1] + "…"


def _parts(answer: Any) -> list[str]:
    if isinstance(answer, dict):
        return [f"{k} → {v}" for k, v in answer.items()]
    if isinstance(answer, list | tuple):
        return [str(a) for a in answer]
    return [str(answer)]


# --------------------------------------------------------------------------- scores


def score_text(score: Score) -> str:
    """Right answers and answered questions apart, e.g. for notebook 04:
    ``Score in notebook 04: 7 of 24 right · 9 of 27 answered (2 of 3 written answers recorded)``.
    """
    where = f" in notebook {score.notebook}" if score.notebook else ""
    right = f"{score.correct} of {score.checkable} right · " if score.checkable else ""
    text = f"Score{where}: {right}{score.answered} of {score.total} answered"
    if score.open_total:
        text += f" ({score.recorded} of {score.open_total} written answers recorded)"
    if score.exams:
        text += (
            f"; {score.to_mark} of {score.exams} exam answers recorded, "
            "to be marked by your instructor"
        )
    return text


def _bar(label: str, done: int, out_of: int, colour: str) -> str:
    width = round(100 * done / out_of) if out_of else 0
    return (
        f"<div style='display:flex;align-items:center;gap:0.5em;max-width:36em'>"
        f"<span style='min-width:7em'>{html.escape(label)}</span>"
        f"<div style='flex:1;background:{BAR_TRACK};height:1em;border:1px solid #555'>"
        f"<div style='height:100%;width:{width}%;background:{colour}'></div></div>"
        f"<span>{done} of {out_of}</span></div>"
    )


def score_html(score: Score) -> str:
    """Two labelled bars, answered and right; the whole sentence is the accessible name."""
    label = html.escape(score_text(score))
    return (
        f"<div role='img' aria-label='{label}'><b>{label}</b>"
        + _bar("Answered", score.answered, score.total, BAR_ANSWERED)
        + _bar("Right", score.correct, score.checkable, BAR_RIGHT)
        + "</div>"
    )


# --------------------------------------------------------------------------- questions


def question_text(q: Question) -> str:
    """The question as plain text, with how to answer it in code (the static fallback)."""
    lines = [f"[{q.id}] {q.prompt}"]
    if q.quote_text():
        lines.append(f"    “{q.quote_text()}”")
    if q.kind == "matching":
        lines.append("Match each of these:")
        lines += [f"  {i.id}) {i.text}" for i in q.items]
        lines.append("to one of these:")
    elif q.kind == "ordering":
        lines.append("Put these in order, earliest first:")
    lines += [f"  {o.id}) {o.text}" for o in q.options]
    lines.append("Answer with: " + q.how_to_answer())
    return "\n".join(lines)


def question_header_html(q: Question, *, with_id: bool = False) -> str:
    """The prompt and its quote, without the options (a widget shows those as buttons; its
    header has no id, which only the ``cl.check`` form needs)."""
    tag = f" <code>{q.id}</code>" if with_id else ""
    quote = f"<blockquote>“{html.escape(q.quote_text())}”</blockquote>" if q.quote_text() else ""
    return f"<p><b>{html.escape(q.prompt)}</b>{tag}</p>{quote}"


def _option_list(options: list[exercises.Option]) -> str:
    items = "".join(f"<li><b>{o.id})</b> {html.escape(o.text)}</li>" for o in options)
    return f"<ul>{items}</ul>"


def question_html(q: Question) -> str:
    """The whole question for a static page: prompt, quote, options and how to answer."""
    parts = [question_header_html(q, with_id=True)]
    if q.items:
        parts.append(f"<p>Match each of these:</p>{_option_list(q.items)}<p>to one of these:</p>")
    if q.options:
        parts.append(_option_list(q.options))
    parts.append(f"<p>Answer with <code>{html.escape(q.how_to_answer())}</code></p>")
    return "".join(parts)


# --------------------------------------------------------------------------- presenters


class Note(str):
    """A message that shows without quotes: a hint, or why something cannot be shown."""

    icon = INFO_ICON

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f"<p>{self.icon} {_lines(str(self))}</p>"


class Hint(Note):
    icon = HINT_ICON


class Feedback:
    """What ``cl.check`` returns: the :class:`~course_lib.exercises.CheckResult` (``.result``),
    readable as before (``.correct``, ``.status``, ``.feedback``), shown as a status box."""

    def __init__(self, result: CheckResult):
        self.result = result

    def __getattr__(self, name: str) -> Any:
        return getattr(self.result, name)

    def __repr__(self) -> str:
        return result_text(self.result)

    def _repr_html_(self) -> str:
        return result_html(self.result)


class ScoreView:
    """What ``cl.score`` returns: the :class:`~course_lib.exercises.Score` (``.score``),
    readable as before (``.answered``, ``.correct``), shown as two bars."""

    def __init__(self, score: Score):
        self.score = score

    def __getattr__(self, name: str) -> Any:
        return getattr(self.score, name)

    def __repr__(self) -> str:
        return score_text(self.score)

    def _repr_html_(self) -> str:
        return score_html(self.score)


def check(question_id: str, answer: Any) -> Feedback:
    """Check an answer and save the attempt; shows the feedback (never raises on an answer).

    Example:
        >>> check("nb04_attr_q03", "").status
        'unattempted'
    """
    return Feedback(exercises.check(question_id, answer))


def hint(question_id: str) -> Hint:
    """The next hint for a question (up to two), then a note that there are no more.

    Example:
        >>> hint("no_such_question").startswith("There is no exercise")
        True
    """
    return Hint(exercises.hint(question_id))


def score(notebook: str | int | None = None) -> ScoreView | Note:
    """Your score (all notebooks, or one): answered and right apart, or why there is none.

    Example:
        >>> score("99")
        There is no notebook 99 with exercises; notebooks with exercises: 01, 02, 03, 04, 05, 06.
    """
    try:
        return ScoreView(exercises.score(notebook))
    except CourseError as exc:
        return Note(exc.friendly())
